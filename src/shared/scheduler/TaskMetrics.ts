/**
 * Counters one task attempt reports with its end event. Spark: core/.../executor/TaskMetrics.scala.
 */

/** Metrics of one task attempt; plain data so a worker thread can send them back. */
export interface TaskMetrics {
  executorRunTimeMs: number;
  recordsRead: number;
  recordsWritten: number;
  shuffleRecordsWritten: number;
  shuffleBytesWritten: number;
  shuffleRecordsRead: number;
  /** Partitions this task computed from lineage (not read from cache or checkpoint), as `rddId:partition`. */
  computedPartitions: string[];
  /**
   * Values the task added to accumulators, as `[accumulatorId, plain data]`, merged on the driver
   * only when the attempt succeeds (Spark's accumulator updates in a task's end event). The core
   * never reads them: an engine that ships accumulators to its tasks fills and merges them.
   */
  accumulatorUpdates?: [number, unknown][];
}

/** Metrics with every counter at zero. */
export function emptyTaskMetrics(): TaskMetrics {
  return {
    executorRunTimeMs: 0,
    recordsRead: 0,
    recordsWritten: 0,
    shuffleRecordsWritten: 0,
    shuffleBytesWritten: 0,
    shuffleRecordsRead: 0,
    computedPartitions: [],
  };
}
