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
import { forEachRow } from '../../execution/ConvertedRows.js';
import { longOffset, type Row, type RowView, type Source } from './Source.js';

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
  readonly #units: (readonly unknown[])[] = [];
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
   *
   * Differs from Spark: the array itself is kept until the batch is read (Spark copies the data
   * into its own buffer), so do not change it after adding it.
   */
  addAll(rows: readonly T[]): number {
    // Kept as given: each row is converted to an internal row only when a batch reads it
    // (SourceBatchReader), and a value that is not an object is wrapped then too. Even copying
    // the array showed in the profile: storing 50k pointers to old-generation rows into a new
    // array pays V8's write barrier on each one.
    this.#units.push(rows);
    this.#currentOffset += 1;
    return this.#currentOffset;
  }

  latestOffset(): Offset | undefined {
    return this.#currentOffset === -1 ? undefined : this.#currentOffset;
  }

  getBatch(start: Offset | undefined, end: Offset): Row[][] {
    return this.#views(start, end).map((view) => {
      const rows = new Array<Row>(view.length);
      let i = 0;
      forEachRow(view, (row) => (rows[i++] = isRowObject(row) ? row : { [this.schema.fieldNames[0] ?? 'value']: row }));
      return rows;
    });
  }

  /**
   * The batch's partitions as views of the added arrays: no row or array is copied. A subclass
   * that overrides getBatch (a test's failing stream) is read through its getBatch.
   */
  getBatchViews(start: Offset | undefined, end: Offset): RowView[] {
    if (this.getBatch !== MemoryStream.prototype.getBatch) {
      return this.getBatch(start, end).map((rows) => ({ units: [rows], offset: 0, stride: 1, length: rows.length }));
    }
    return this.#views(start, end);
  }

  #views(start: Offset | undefined, end: Offset): RowView[] {
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
    if (n === undefined) return units.map((unit) => ({ units: [unit], offset: 0, stride: 1, length: unit.length }));
    // Round-robin over the batch's rows in order: row i of the batch is in partition i % n.
    let total = 0;
    for (const unit of units) total += unit.length;
    return Array.from({ length: n }, (_, p) => ({ units, offset: p, stride: n, length: Math.max(0, Math.ceil((total - p) / n)) }));
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
