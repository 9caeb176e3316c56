/**
 * What a stateful physical operator learns about the micro-batch it runs in: which state
 * version to load and save, and the watermark to filter late rows and evict state with.
 * Spark: StatefulOperatorStateInfo and the eventTimeWatermark fields of IncrementalExecution.
 *
 * IncrementalExecution fills one per batch; each stateful operator gets its own operatorId.
 */
import type { OutputMode } from '../OutputMode.js';

/** Per-batch facts every stateful operator of a streaming query reads. */
export interface StatefulOperatorContext {
  /** `<checkpointLocation>/state`: operator state lives in `<stateDir>/<operatorId>/<partition>/`. */
  readonly stateDir: string;
  /** The batch being run; its state is committed as version `batchId + 1`. */
  readonly batchId: number;
  /** The query run, so state stores of an older run are never reused by mistake. */
  readonly runId: string;
  /** The watermark this batch uses (computed at the end of the previous batch); 0 before any data. */
  readonly eventTimeWatermarkMs: number;
  /** The batch's processing time from the query's Clock: processing-time timeouts and current_timestamp(). */
  readonly batchTimestampMs: number;
  readonly outputMode: OutputMode;
  /** spark.sql.shuffle.partitions of the first run, fixed for the checkpoint's life. */
  readonly numStatePartitions: number;
  /** spark.sql.streaming.* settings the state store reads (minDeltasForSnapshot, minBatchesToRetain). */
  readonly conf: (key: string) => string | undefined;
}

/** Metrics one stateful operator reports for a batch, summed over partitions (Spark's StateOperatorProgress). */
export interface StateOperatorMetrics {
  readonly operatorName: string;
  numRowsTotal: number;
  numRowsUpdated: number;
  numRowsRemoved: number;
  numRowsDroppedByWatermark: number;
  memoryUsedBytes: number;
  numShufflePartitions: number;
  numStateStoreInstances: number;
}
