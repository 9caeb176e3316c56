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
