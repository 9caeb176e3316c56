/**
 * A partition of user rows read as internal rows, each converted as the scan reads it. No Spark
 * counterpart as such: Spark's scans convert external rows with a reused UnsafeProjection; here
 * the converted array is handed on and dies young instead.
 */
import type { InternalRow } from '../expressions/Expression.js';
import { layoutOfConverter } from './rowConversion.js';

/**
 * One partition of a batch held in memory, described instead of copied: the rows of `units`
 * read as one sequence, taking every `stride`-th row from `offset` (`length` rows in all). A
 * source hands these out (Source.getBatchViews) so a batch is not copied into partitions.
 */
export interface RowView {
  readonly units: readonly (readonly unknown[])[];
  readonly offset: number;
  readonly stride: number;
  readonly length: number;
}

/** Calls `f` with each row of `view`, in order. */
export function forEachRow(view: RowView, f: (row: unknown) => void): void {
  let u = 0;
  let i = view.offset;
  for (let n = 0; n < view.length; n++) {
    while (i >= view.units[u]!.length) i -= view.units[u++]!.length;
    f(view.units[u]![i]);
    i += view.stride;
  }
}

/**
 * User rows read as internal rows one at a time, each converted as it is read and never stored.
 * A micro-batch scan hands this to the generated stage instead of an array of converted rows: a
 * converted row the stage drops (a filtered-out event) or folds into an aggregate dies young,
 * where an array of 50k converted rows kept every one alive through a young-generation collection
 * (materializing cost ~60 ms per million rows against ~10 ms for reading them). The rows are read
 * where the source keeps them (a RowView), so the batch is not copied into partitions either.
 *
 * The iterator reuses its result object: a for-of loop, spread or Array.from reads `value` at once.
 */
export class ConvertedRows implements Iterable<InternalRow> {
  constructor(
    readonly rows: RowView,
    readonly convert: (row: unknown) => InternalRow,
  ) {}

  get length(): number {
    return this.rows.length;
  }

  /**
   * The names and types of the columns `convert` reads from an object row (rowConversion's
   * objectRowLayout), or undefined. A generated stage whose scan expects this layout reads the
   * columns of each object in `rows` in place instead of iterating (objectRowScan.ts).
   */
  get objectLayout(): string | undefined {
    return layoutOfConverter(this.convert);
  }

  [Symbol.iterator](): Iterator<InternalRow> {
    return new ConvertingIterator(this.rows, this.convert);
  }
}

class ConvertingIterator implements Iterator<InternalRow> {
  #unit: readonly unknown[];
  #unitIndex = 0;
  #index: number;
  #remaining: number;
  readonly #result: { value: InternalRow; done: boolean } = { value: EMPTY_ROW, done: false };

  constructor(
    private readonly rows: RowView,
    private readonly convert: (row: unknown) => InternalRow,
  ) {
    this.#unit = rows.units[0] ?? EMPTY_ROW;
    this.#index = rows.offset;
    this.#remaining = rows.length;
  }

  next(): IteratorResult<InternalRow> {
    const result = this.#result;
    if (this.#remaining > 0) {
      while (this.#index >= this.#unit.length) {
        this.#index -= this.#unit.length;
        this.#unit = this.rows.units[++this.#unitIndex]!;
      }
      result.value = this.convert(this.#unit[this.#index]);
      this.#index += this.rows.stride;
      this.#remaining--;
    } else {
      result.value = EMPTY_ROW;
      result.done = true;
    }
    return result as IteratorResult<InternalRow>;
  }
}

const EMPTY_ROW: InternalRow = [];
