/**
 * Runs tasks on the driver thread: the executor of `local` and `local[N]` (and each executor of
 * `local-cluster[E,C]`). Spark: the executor inside LocalSchedulerBackend.
 *
 * Tasks start in a microtask, never synchronously, so the scheduler's bookkeeping for a launch
 * is finished before the task's outcome arrives, exactly as with a remote executor.
 */
import { BlockManager } from '../storage/BlockManager.js';
import type { StorageLevel } from '../storage/StorageLevel.js';
import type { TaskOutcome } from '../scheduler/Task.js';
import { TaskContext, type ExecutorEnv } from '../scheduler/TaskContext.js';
import { emptyTaskMetrics } from '../scheduler/TaskMetrics.js';
import type { Clock } from '../util/Clock.js';
import type { Executor, TaskAttempt } from './Executor.js';
import { runTask, type TaskBody } from './runTask.js';
import type { Aggregator } from '../shuffle/Aggregator.js';

/** What an inline executor reads from the driver: shuffle outputs and other executors' blocks. */
export interface InlineExecutorServices {
  readonly clock: Clock;
  fetchShuffleBlock(shuffleId: number, reduceId: number): unknown[];
  fetchRemoteBlock(blockId: string, askingExecutorId: string): unknown[] | undefined;
  /** A failure the fault injector wants this attempt to raise, if any. */
  injectedFailure(attempt: TaskAttempt): string | undefined;
}

/** An executor on the driver thread with `slots` concurrent task slots. */
export class InlineExecutor implements Executor {
  readonly blockManager: BlockManager;
  #alive = true;
  readonly #running = new Set<(outcome: TaskOutcome) => void>();

  constructor(
    readonly id: string,
    readonly slots: number,
    localDir: string,
    private readonly services: InlineExecutorServices,
    replicate?: (blockId: string, items: unknown[], level: StorageLevel) => void,
  ) {
    this.blockManager = new BlockManager(id, localDir, replicate);
  }

  get isAlive(): boolean {
    return this.#alive;
  }

  launch(attempt: TaskAttempt): Promise<TaskOutcome> {
    return new Promise((resolve) => {
      this.#running.add(resolve);
      queueMicrotask(() => {
        if (!this.#running.delete(resolve)) return;
        resolve(this.#run(attempt));
      });
    });
  }

  #run({ task, taskId, attemptNumber }: TaskAttempt): TaskOutcome {
    const env: ExecutorEnv = {
      executorId: this.id,
      blockManager: this.blockManager,
      fetchShuffleBlock: (shuffleId, reduceId) => this.services.fetchShuffleBlock(shuffleId, reduceId),
      fetchRemoteBlock: (blockId) => this.services.fetchRemoteBlock(blockId, this.id),
    };
    const metrics = emptyTaskMetrics();
    const context = new TaskContext(task.stageId, task.stageAttempt, task.partition, attemptNumber, taskId, env, metrics);
    const body: TaskBody =
      task.kind === 'shuffleMap'
        ? { kind: 'shuffleMap', partitioner: task.shuffleDep.partitioner, aggregator: task.shuffleDep.aggregator as Aggregator<unknown, unknown, unknown> | undefined, mapSideCombine: task.shuffleDep.mapSideCombine }
        : { kind: 'result', func: task.func };
    const startMs = this.services.clock.getTimeMillis();
    const outcome = runTask(task.rdd, task.partition, body, context, this.services.injectedFailure({ task, taskId, attemptNumber }));
    metrics.executorRunTimeMs = this.services.clock.getTimeMillis() - startMs;
    return outcome;
  }

  hasBlock(blockId: string): boolean {
    return this.#alive && this.blockManager.has(blockId);
  }

  removeRdd(rddId: number): void {
    this.blockManager.removeRdd(rddId);
  }

  /** Nothing to drop: inline tasks read the driver's own Broadcast object, never a copy. */
  removeBroadcast(): void {}

  kill(): void {
    this.#alive = false;
    this.blockManager.clear();
    for (const resolve of this.#running) resolve({ status: 'executorLost', executorId: this.id, metrics: emptyTaskMetrics() });
    this.#running.clear();
  }

  async stop(): Promise<void> {
    this.#alive = false;
    this.blockManager.clear();
  }
}
