/**
 * Where tasks run. Spark: core/.../executor/Executor.scala.
 *
 * Two kinds: InlineExecutor runs tasks on the driver thread (local, local[N]); WorkerExecutor runs
 * them on a worker thread (local-workers[N]). Both report the same TaskOutcome.
 */
import type { BlockManager } from '../storage/BlockManager.js';
import type { Task, TaskOutcome } from '../scheduler/Task.js';

/** The ids a task attempt runs under. */
export interface TaskAttempt {
  readonly task: Task;
  readonly taskId: number;
  readonly attemptNumber: number;
}

/** An executor: some task slots, a block store, and a way to run a task attempt. */
export interface Executor {
  readonly id: string;
  readonly slots: number;
  readonly isAlive: boolean;
  /** The executor's cached blocks (inline executors); worker executors keep theirs in the thread. */
  readonly blockManager: BlockManager | undefined;
  launch(attempt: TaskAttempt): Promise<TaskOutcome>;
  /** Whether the executor holds a cached block, so tasks reading it can be sent here. */
  hasBlock(blockId: string): boolean;
  /** Removes a cached RDD's blocks (unpersist). */
  removeRdd(rddId: number): void;
  /** Drops the executor's copy of a broadcast; a later task reading it must carry the value again. */
  removeBroadcast(broadcastId: number): void;
  /** Kills the executor: running tasks end with executorLost and every block it held is gone. */
  kill(): void;
  /** Stops it cleanly at shutdown. */
  stop(): Promise<void>;
}
