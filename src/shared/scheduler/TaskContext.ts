/**
 * What a running task knows about itself and its executor. Spark: core/.../TaskContext.scala.
 */
import type { BlockManager } from '../storage/BlockManager.js';
import type { TaskMetrics } from './TaskMetrics.js';

/** The executor-side services a task reads from: cached blocks, shuffle blocks, checkpoint files. */
export interface ExecutorEnv {
  readonly executorId: string;
  readonly blockManager: BlockManager;
  /** The map outputs for one reduce partition; throws FetchFailedError when one is lost. */
  fetchShuffleBlock(shuffleId: number, reduceId: number): unknown[];
  /** A cached block held by another executor, if any holds it. */
  fetchRemoteBlock(blockId: string): unknown[] | undefined;
}

/** Identity and metrics of one task attempt. */
export class TaskContext {
  constructor(
    readonly stageId: number,
    readonly stageAttemptNumber: number,
    readonly partitionId: number,
    readonly attemptNumber: number,
    readonly taskAttemptId: number,
    readonly env: ExecutorEnv,
    readonly metrics: TaskMetrics,
  ) {}

  get executorId(): string {
    return this.env.executorId;
  }
}
