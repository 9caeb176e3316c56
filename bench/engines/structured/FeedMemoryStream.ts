/**
 * A MemoryStream the bench feeds one record per offset, so it can limit how many records a batch
 * reads (Kafka's maxOffsetsPerTrigger) and tell how many each batch read. Spark: sources/memory.scala
 * with the admission control of SupportsAdmissionControl (latestOffset(start, ReadLimit)), as the
 * Kafka source applies maxOffsetsPerTrigger.
 */
import { MemoryStream } from '../../../src/structured/index.js';
import type { Row, StructType } from '../../../src/structured/index.js';

/** A memory source with an optional per-batch record limit. */
export class FeedMemoryStream extends MemoryStream<Row> {
  /** Records read by the most recent getBatch. */
  lastBatchRows = 0;
  #added = -1;

  constructor(
    schema: StructType,
    numPartitions: number,
    /** At most this many records per batch; the rest wait in the source (undefined: no limit). */
    readonly maxRowsPerTrigger?: number,
    /**
     * Adds what the feed has received but not yet handed over: a trigger reads the offsets that
     * exist at its moment, as Kafka's latest offsets include records the driver was too busy to see.
     */
    readonly catchUp?: () => void,
  ) {
    super(schema, { numPartitions });
  }

  /** Appends each row as its own offset. */
  addRows(rows: readonly Row[]): void {
    for (const row of rows) this.#added = this.addData(row);
  }

  /** The newest offset a batch starting after `startOffset` may read up to, within the limit. */
  override latestOffset(startOffset?: unknown): number | undefined {
    this.catchUp?.();
    if (this.#added < 0) return undefined;
    if (this.maxRowsPerTrigger === undefined) return this.#added;
    const start = typeof startOffset === 'number' ? startOffset : -1;
    return Math.min(this.#added, start + this.maxRowsPerTrigger);
  }

  /** Records added but not read yet by a committed batch, given the last committed offset. */
  backlog(committedOffset: number): number {
    return this.#added - committedOffset;
  }

  override getBatch(start: unknown, end: unknown): Row[][] {
    const partitions = super.getBatch(start as never, end as never) as Row[][];
    this.lastBatchRows = partitions.reduce((sum, partition) => sum + partition.length, 0);
    return partitions;
  }
}
