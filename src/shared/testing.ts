/**
 * Test-only seams of the RDD core: the DAG scheduler with a fake task scheduler, as Spark's
 * DAGSchedulerSuite drives it, and the task scheduler with fake executors (TaskSchedulerImplSuite).
 */
export { DAGScheduler, type TaskScheduler } from './scheduler/DAGScheduler.js';
export type { Task, TaskSet, TaskOutcome } from './scheduler/Task.js';
export { MapOutputTracker, FetchFailedError } from './shuffle/MapOutputTracker.js';
export { emptyTaskMetrics } from './scheduler/TaskMetrics.js';
export { TaskSchedulerImpl } from './scheduler/TaskSchedulerImpl.js';
export type { Executor, TaskAttempt } from './executor/Executor.js';
export { broadcastsOnWorkers, type WorkerBroadcasts } from './executor/broadcastsOnWorkers.js';
