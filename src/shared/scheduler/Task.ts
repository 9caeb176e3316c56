/**
 * A unit of work sent to an executor: one partition of one stage attempt.
 * Spark: core/.../scheduler/Task.scala, ShuffleMapTask.scala, ResultTask.scala, TaskSet.scala.
 */
import type { RDD, ShuffleDependency } from '../rdd/internal.js';
import type { TaskMetrics } from './TaskMetrics.js';
import type { TaskContext } from './TaskContext.js';

/** What a task is asked to do. */
export type Task =
  | {
      readonly kind: 'shuffleMap';
      readonly stageId: number;
      readonly stageAttempt: number;
      readonly partition: number;
      readonly rdd: RDD<unknown>;
      readonly shuffleDep: ShuffleDependency;
      readonly preferredLocations: string[];
    }
  | {
      readonly kind: 'result';
      readonly stageId: number;
      readonly stageAttempt: number;
      readonly partition: number;
      readonly outputId: number;
      readonly rdd: RDD<unknown>;
      readonly func: (items: Iterable<unknown>, context: TaskContext) => unknown;
      readonly preferredLocations: string[];
    };

/** The tasks of one stage attempt, submitted together. */
export interface TaskSet {
  readonly stageId: number;
  readonly stageAttempt: number;
  readonly jobId: number;
  readonly tasks: readonly Task[];
}

/** How a task attempt ended, as the executor reports it. */
export type TaskOutcome =
  | { readonly status: 'success'; readonly value?: unknown; readonly buckets?: unknown[][]; readonly metrics: TaskMetrics; readonly blocksStored: string[] }
  | { readonly status: 'failed'; readonly error: Error; readonly metrics: TaskMetrics }
  | { readonly status: 'fetchFailed'; readonly shuffleId: number; readonly mapId: number; readonly message: string; readonly metrics: TaskMetrics }
  | { readonly status: 'executorLost'; readonly executorId: string; readonly metrics: TaskMetrics };
