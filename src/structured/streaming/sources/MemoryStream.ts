/**
 * A source fed by the test itself: each addData call appends one batch unit. Spark:
 * sql/core/.../execution/streaming/sources/memory.scala (MemoryStream, MemoryStreamBase) and
 * memoryV2's partitioning by `numPartitions`.
 *
 * Offsets are Spark's LongOffset: the index of the last added unit, so -1 means nothing yet
 * (latestOffset returns undefined then), 0 after the first addData, 1 after the second.
 * Processing time: none; rows arrive when the test adds them.
 */
import type { StructType } from '../../types/StructType.js';
import { SourceErrors } from '../streamingErrors.js';
import type { Offset } from './Offset.js';
import { longOffset, type Row, type Source } from './Source.js';

/** Options for a MemoryStream. */
export interface MemoryStreamOptions {
  /** Spread each batch's rows round-robin over this many partitions; by default each addData unit is one partition. */
  readonly numPartitions?: number;
}

/**
 * A source of rows added by hand, for tests and examples.
 *
 * @example
 * const input = new MemoryStream(new StructType().add('value', 'int'));
 * input.addData(1, 2, 3);        // returns 0: rows {value: 1}, {value: 2}, {value: 3}
 * input.addData({ value: 4 });   // returns 1
 * input.getBatch(undefined, 1);  // [[{value:1},{value:2},{value:3}], [{value:4}]]
 */
export class MemoryStream<T = Row> implements Source {
  /** Units added and not yet committed; units[0] has offset lastOffsetCommitted + 1. */
  readonly #units: Row[][] = [];
  #currentOffset = -1;
  #lastOffsetCommitted = -1;

  constructor(
    readonly schema: StructType,
    private readonly options: MemoryStreamOptions = {},
  ) {
    const n = options.numPartitions;
    if (n !== undefined && (!Number.isSafeInteger(n) || n < 1)) {
      throw SourceErrors.invalidOption('MemoryStream', 'numPartitions', n, 'use a positive integer');
    }
  }

  /**
   * Appends one batch unit and returns its offset. A value that is not a plain object becomes a
   * row of the schema's only column (`addData(1)` on a `value` schema adds `{value: 1}`).
   */
  addData(...rows: T[]): number {
    return this.addAll(rows);
  }

  /**
   * Appends one batch unit from an array and returns its offset, as `addData(...rows)` does
   * (Spark's `addData(TraversableOnce)`). Use it for large batches: spreading an array into
   * addData's arguments overflows the call stack above ~100k rows.
   */
  addAll(rows: readonly T[]): number {
    // The rows are kept as they come, in an array of our own: each one is converted to an internal
    // row only when a batch reads it (SourceBatchReader), not copied here first. A copy per row at
    // this point and another one per batch were ~15% of the yahoo benchmark's Structured profile.
    let unit: Row[] | undefined;
    for (let i = 0; i < rows.length; i++) {
      const item = rows[i] as T;
      if (isRowObject(item)) continue;
      unit ??= rows.slice() as Row[];
      unit[i] = { [this.schema.fieldNames[0] ?? 'value']: item };
    }
    this.#units.push(unit ?? (rows.slice() as Row[]));
    this.#currentOffset += 1;
    return this.#currentOffset;
  }

  latestOffset(): Offset | undefined {
    return this.#currentOffset === -1 ? undefined : this.#currentOffset;
  }

  getBatch(start: Offset | undefined, end: Offset): Row[][] {
    const startOffset = longOffset(start, -1, this.toString());
    const endOffset = longOffset(end, -1, this.toString());
    if (startOffset < this.#lastOffsetCommitted || endOffset > this.#currentOffset || startOffset > endOffset) {
      throw SourceErrors.offsetOutOfRange(
        this.toString(),
        `cannot return the rows in (${startOffset}, ${endOffset}]: offsets up to ${this.#lastOffsetCommitted} were `
          + `committed and dropped, and the latest offset is ${this.#currentOffset}. Batches must be read in order after commit().`,
      );
    }
    const units = this.#units.slice(startOffset - this.#lastOffsetCommitted, endOffset - this.#lastOffsetCommitted);
    const n = this.options.numPartitions;
    if (n === undefined) return units.map((unit) => unit.slice());
    return roundRobin(units, n);
  }

  commit(end: Offset): void {
    const endOffset = longOffset(end, -1, this.toString());
    if (endOffset < this.#lastOffsetCommitted) {
      throw SourceErrors.offsetOutOfRange(this.toString(), `Offsets committed out of order: ${this.#lastOffsetCommitted} followed by ${endOffset}`);
    }
    this.#units.splice(0, endOffset - this.#lastOffsetCommitted);
    this.#lastOffsetCommitted = endOffset;
  }

  stop(): void {}

  toString(): string {
    return `MemoryStream[${this.schema.fieldNames.join(',')}]`;
  }
}

function isRowObject(item: unknown): item is Row {
  return typeof item === 'object' && item !== null && !Array.isArray(item);
}

/**
 * The rows of `units`, in order, dealt round-robin into `n` partitions (row i of the batch goes to
 * partition i % n). Each partition is allocated at its final size: growing arrays by push showed
 * in the profile.
 */
function roundRobin(units: readonly Row[][], n: number): Row[][] {
  let total = 0;
  for (const unit of units) total += unit.length;
  const partitions: Row[][] = [];
  for (let p = 0; p < n; p++) partitions.push(new Array<Row>(Math.floor(total / n) + (p < total % n ? 1 : 0)));
  let i = 0;
  for (const unit of units) {
    for (let r = 0; r < unit.length; r++, i++) partitions[i % n]![Math.floor(i / n)] = unit[r]!;
  }
  return partitions;
}
