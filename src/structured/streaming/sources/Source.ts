/**
 * The contract every streaming source meets. Spark: sql/core/.../execution/streaming/Source.scala
 * (getOffset, getBatch, commit, stop) with the admission control of
 * SupportsAdmissionControl.latestOffset(startOffset, limit) and SupportsTriggerAvailableNow.
 *
 * A batch reads the rows in (start, end]: `start` is the end offset of the previous batch
 * (undefined before the first) and `end` an offset the source returned from latestOffset. The
 * same (start, end) must give the same rows again after a restart, which is what makes a query
 * exactly-once. Rows come back as one array per partition, so the engine can make them RDD
 * partitions directly; a source that can describe its partitions as plain data instead
 * (planInputPartitions) has them read inside the tasks.
 */
import type { StructType } from '../../types/StructType.js';
import { SourceErrors } from '../streamingErrors.js';
import type { RowView } from '../../execution/ConvertedRows.js';
import type { Offset } from './Offset.js';
import type { InputPartition, PartitionReaderFactory } from './PartitionReader.js';

/** A row: a plain object keyed by column name. */
export type Row = Record<string, unknown>;

/** One partition of a batch described instead of copied (see ConvertedRows.ts). */
export type { RowView };

/** A value or a promise of it: sources may answer synchronously or after I/O. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * A streaming source.
 *
 * @example
 * const end = await source.latestOffset(committedEnd);
 * if (end !== undefined && !offsetEquals(end, committedEnd)) {
 *   const partitions = await source.getBatch(committedEnd, end);   // rows in (committedEnd, end]
 *   ...run the batch, write the sink, log the commit...
 *   source.commit(end);
 * }
 */
export interface Source {
  /** The columns of the rows this source produces. */
  readonly schema: StructType;

  /**
   * The newest offset a batch may read up to, or undefined while the source has no data at all.
   * @param startOffset where the next batch starts (the previous batch's end), undefined before
   *   the first batch; sources with a rate limit (maxFilesPerTrigger, maxOffsetsPerTrigger) count
   *   from it
   */
  latestOffset(startOffset: Offset | undefined): MaybePromise<Offset | undefined>;

  /** The rows in (start, end], one array per partition. */
  getBatch(start: Offset | undefined, end: Offset): MaybePromise<Row[][]>;

  /**
   * The same partitions as getBatch, as views of rows the source already holds: no copy of the
   * batch is made (sources that keep their rows in memory; the engine prefers it when present).
   */
  getBatchViews?(start: Offset | undefined, end: Offset): MaybePromise<readonly RowView[]>;

  /**
   * The batch (start, end] as plain-data partitions whose rows are made in the tasks by
   * createReaderFactory()'s reader, so no row crosses from the driver to an executor (Spark's
   * MicroBatchStream.planInputPartitions). The engine prefers it to getBatch and getBatchViews
   * when a source has both methods; the same (start, end) must plan the same partitions after a
   * restart. getBatch still serves continuous mode.
   */
  planInputPartitions?(start: Offset | undefined, end: Offset): MaybePromise<readonly InputPartition[]>;

  /** The reader of planInputPartitions' partitions (Spark's MicroBatchStream.createReaderFactory). */
  createReaderFactory?(): PartitionReaderFactory<any>;

  /** Everything up to `end` is processed and logged: the source may drop it. */
  commit(end: Offset): void;

  /** Releases sockets, files and timers. */
  stop(): MaybePromise<void>;

  /**
   * Trigger.AvailableNow: fix the data available now as the target, so latestOffset never goes
   * past it (and may reach it in several rate-limited batches).
   */
  prepareForTriggerAvailableNow?(): void;

  /** Source-specific numbers for SourceProgress.metrics. */
  metrics?(): Record<string, string>;

  /** The description in progress reports (Spark's Source.toString). */
  toString(): string;
}

/**
 * A LongOffset (a number) from an offset value, for sources whose offsets are counts.
 * @throws IllegalArgumentError INVALID_OFFSET when the offset is not an integer
 */
export function longOffset(offset: Offset | undefined, fallback: number, source: string): number {
  if (offset === undefined) return fallback;
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset)) throw SourceErrors.invalidOffset(source, offset, 'an integer (a LongOffset)');
  return offset;
}
