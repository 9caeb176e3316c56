/**
 * Runs tasks on a worker thread: the executors of `local-workers[N]`, for real parallelism.
 * Spark: core/.../scheduler/cluster/CoarseGrainedSchedulerBackend.scala (driver side).
 *
 * A task travels as its lineage description and shipped functions; the worker reads its own
 * input (files, checkpoints, its slice of a collection) and only shuffle buckets and results
 * cross the thread boundary.
 */
import { Worker } from 'node:worker_threads';
import type { Task, TaskOutcome } from '../scheduler/Task.js';
import type { Clock } from '../util/Clock.js';
import { SparkException } from '../errors.js';
import { emptyTaskMetrics } from '../scheduler/TaskMetrics.js';
import { FetchFailedError } from '../shuffle/MapOutputTracker.js';
import type { RDDDescriptor } from '../rdd/RDDDescriptor.js';
import { StorageLevel } from '../storage/StorageLevel.js';
import { describeLineage, describeLineageForSplits } from './describeLineage.js';
import { workerEntry } from './workerEntry.js';
import type { RDD, ShuffleDependency } from '../rdd/internal.js';
import type { Executor, TaskAttempt } from './Executor.js';
import { toShippable } from './shippable.js';
import type { DriverToWorker, ShippedError, TaskMessage, WorkerToDriver } from './WorkerProtocol.js';

/** What a worker executor needs from the driver. */
export interface WorkerExecutorServices {
  fetchShuffleBlock(shuffleId: number, reduceId: number): unknown[];
  injectedFailure(attempt: TaskAttempt): string | undefined;
  /** A block at a `_2` level was stored here; put the copy on another executor. */
  replicate(fromExecutorId: string, blockId: string, items: unknown[], level: StorageLevel): void;
  /** The driver's clock, for executorRunTimeMs. */
  readonly clock?: Clock;
  /**
   * The thread died without being killed; the context removes and replaces the executor.
   * `beforeReady` says it died while loading its entry, before it could run any task.
   */
  onLost?(executorId: string, reason: string, beforeReady: boolean): void;
  /** The thread loaded its entry and can run tasks. */
  onReady?(executorId: string): void;
}

const STANDARD_ERRORS: Readonly<Record<string, ErrorConstructor>> = { EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };

/**
 * A task's error as the worker shipped it. A standard error class (SyntaxError, TypeError, ...)
 * comes back as itself, so `instanceof` agrees with the inline executors; other classes keep
 * their name and errorClass. The cause chain comes back too.
 */
function reviveError(shipped: ShippedError): Error {
  const ErrorClass = STANDARD_ERRORS[shipped.name] ?? Error;
  const error = new ErrorClass(shipped.message, shipped.cause ? { cause: reviveError(shipped.cause) } : undefined);
  error.name = shipped.name;
  error.stack = shipped.stack;
  if (shipped.errorClass !== undefined) Object.assign(error, { errorClass: shipped.errorClass });
  return error;
}

/** The task's lineage and body as postMessage-able data; throws TASK_NOT_SERIALIZABLE. */
export function shipTask(task: Task, sentBroadcasts?: Set<number>): { rdd: unknown; body: unknown } {
  const where = `${task.kind === 'result' ? 'the action' : 'a transformation'} of stage ${task.stageId}`;
  const rdd = toShippable(describeLineage(task.rdd, task.partition), where, sentBroadcasts);
  const body =
    task.kind === 'shuffleMap'
      ? { kind: 'shuffleMap', partitionerDesc: task.shuffleDep.partitioner.describe(), aggregator: task.shuffleDep.aggregator, mapSideCombine: task.shuffleDep.mapSideCombine }
      : { kind: 'result', func: task.func };
  return { rdd, body: toShippable(body, where, sentBroadcasts) };
}

/**
 * Spark's closure check at job submission: every function of the stage's lineage (all branches,
 * no rows) and its task body must ship, so a bad function fails the job before any task starts.
 * @throws SparkException TASK_NOT_SERIALIZABLE
 */
export function checkShippable(rdd: RDD<unknown>, body: { kind: 'result'; func: unknown } | { kind: 'shuffleMap'; shuffleDep: ShuffleDependency }, stageName: string): void {
  const where = `${body.kind === 'result' ? 'the action' : 'a transformation'} of ${stageName}`;
  toShippable(describeLineageForSplits(rdd, []), where);
  toShippable(body.kind === 'result' ? body.func : body.shuffleDep.aggregator, where);
}

/** Every (shuffle, reduce partition) a lineage description reads. */
function shuffleReads(desc: RDDDescriptor, into: [number, number][] = []): [number, number][] {
  if (desc.kind === 'shuffled' || desc.kind === 'shuffleInput') {
    for (const split of desc.splits as number[]) into.push([desc.shuffleId as number, split]);
  }
  for (const parent of desc.parents) shuffleReads(parent, into);
  return into;
}

/** An executor backed by one worker thread with one task slot (`local-workers[N]` makes N). */
export class WorkerExecutor implements Executor {
  readonly slots = 1;
  readonly blockManager = undefined;
  readonly #worker: Worker;
  readonly #ready: Promise<void>;
  readonly #running = new Map<number, (outcome: TaskOutcome) => void>();
  readonly #blocks = new Set<string>();
  readonly #sentBroadcasts = new Set<number>();
  /** Answers to describeBroadcasts, by request id. */
  readonly #broadcastQueries = new Map<number, (broadcastIds: number[]) => void>();
  #nextBroadcastQuery = 0;
  #broadcastValuesSent = 0;
  #alive = true;

  constructor(
    readonly id: string,
    localDir: string,
    private readonly services: WorkerExecutorServices,
  ) {
    this.#worker = new Worker(workerEntry(), {
      workerData: { executorId: id, localDir },
      // Tasks allocate a tuple per record; with the worker's default young generation a word count
      // spent ~2/3 of its time in GC (CPU profile). 64 MB cut the 1M-word job on local-workers[2]
      // from a median of 469-916 ms to 252-315 ms on this (shared, loaded) machine.
      resourceLimits: { maxYoungGenerationSizeMb: 64 },
    });
    let started = false;
    let settleReady = (): void => undefined;
    // Settles on the ready message or on the thread's death, so no launch waits on a dead thread.
    this.#ready = new Promise((resolve) => {
      settleReady = resolve;
      this.#worker.on('message', (message: WorkerToDriver) => {
        if (message.type !== 'ready') return this.#onMessage(message);
        started = true;
        resolve();
        services.onReady?.(this.id);
      });
    });
    // A thread that dies on its own (an uncaught error, process.exit in a task) is a lost
    // executor: the context replaces it, as a cluster manager replaces a crashed machine.
    const lost = (reason: string) => {
      if (!this.#alive) return;
      this.kill();
      settleReady();
      services.onLost?.(this.id, reason, !started);
    };
    this.#worker.on('error', (error) => lost(`worker thread failed: ${error.name}: ${error.message}`));
    this.#worker.on('exit', (code) => lost(`worker thread exited with code ${code}`));
  }

  get isAlive(): boolean {
    return this.#alive;
  }

  async launch({ task, taskId, attemptNumber }: TaskAttempt): Promise<TaskOutcome> {
    const shuffleBlocks: Record<string, unknown[]> = {};
    try {
      for (const [shuffleId, reduceId] of shuffleReads(describeLineage(task.rdd, task.partition))) {
        shuffleBlocks[`${shuffleId}:${reduceId}`] = this.services.fetchShuffleBlock(shuffleId, reduceId);
      }
    } catch (error) {
      if (!(error instanceof FetchFailedError)) throw error;
      return { status: 'fetchFailed', shuffleId: error.shuffleId, mapId: error.mapId, message: error.message, metrics: emptyTaskMetrics() };
    }
    await this.#ready;
    if (!this.#alive) return { status: 'executorLost', executorId: this.id, metrics: emptyTaskMetrics() };
    // Shipped right before posting, so a broadcast counts as sent only when the message goes out.
    const sentBefore = new Set(this.#sentBroadcasts);
    const startMs = this.services.clock?.getTimeMillis();
    try {
      const message: TaskMessage = {
        type: 'task',
        taskId,
        stageId: task.stageId,
        stageAttempt: task.stageAttempt,
        partition: task.partition,
        attemptNumber,
        ...shipTask(task, this.#sentBroadcasts),
        shuffleBlocks,
        remoteBlocks: {},
        injectedFailure: this.services.injectedFailure({ task, taskId, attemptNumber }),
      };
      this.#post(message);
      this.#broadcastValuesSent += this.#sentBroadcasts.size - sentBefore.size;
    } catch (error) {
      this.#sentBroadcasts.clear();
      for (const id of sentBefore) this.#sentBroadcasts.add(id);
      if (error instanceof SparkException) throw error;
      // postMessage could not copy something the closure check let through (a function deep
      // inside a bound value): the task cannot be sent, and sending it again will not help.
      throw new SparkException('TASK_NOT_SERIALIZABLE', `Task not serializable: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
    }
    const outcome = await new Promise<TaskOutcome>((resolve) => this.#running.set(taskId, resolve));
    // Measured on the driver's clock, like inline tasks, so virtual-time runs stay exact.
    if (startMs !== undefined && this.services.clock) outcome.metrics.executorRunTimeMs = this.services.clock.getTimeMillis() - startMs;
    return outcome;
  }

  #onMessage(message: WorkerToDriver): void {
    if (message.type === 'broadcasts') {
      this.#broadcastQueries.get(message.requestId)?.(message.broadcastIds);
      this.#broadcastQueries.delete(message.requestId);
      return;
    }
    if (message.type === 'replicate') {
      this.services.replicate(this.id, message.blockId, message.items, StorageLevel.fromString(message.level));
      return;
    }
    if (message.type !== 'outcome') return;
    const resolve = this.#running.get(message.taskId);
    if (!resolve) return;
    this.#running.delete(message.taskId);
    const outcome = message.outcome as TaskOutcome | (Extract<TaskOutcome, { status: 'failed' }> & { error: Error });
    if (outcome.status === 'success') for (const id of outcome.blocksStored) this.#blocks.add(id);
    if (outcome.status === 'failed' && outcome.error) {
      resolve({ status: 'failed', error: reviveError(outcome.error as ShippedError), metrics: outcome.metrics });
    } else {
      resolve(outcome as TaskOutcome);
    }
  }

  #post(message: DriverToWorker): void {
    if (this.#alive) this.#worker.postMessage(message);
  }

  hasBlock(blockId: string): boolean {
    return this.#alive && this.#blocks.has(blockId);
  }

  /** Stores a replica sent by another executor. */
  putBlock(blockId: string, items: unknown[], level: StorageLevel): void {
    this.#blocks.add(blockId);
    this.#post({ type: 'putBlock', blockId, items, level: level.name });
  }

  removeRdd(rddId: number): void {
    for (const id of [...this.#blocks]) if (id.startsWith(`rdd_${rddId}_`)) this.#blocks.delete(id);
    this.#post({ type: 'removeRdd', rddId });
  }

  /**
   * Forgets that the worker holds the broadcast and tells it to drop its copy. Messages arrive in
   * order, so a task posted earlier still finds the copy, and the next task carries the value.
   */
  removeBroadcast(broadcastId: number): void {
    this.#sentBroadcasts.delete(broadcastId);
    this.#post({ type: 'removeBroadcast', broadcastId });
  }

  /** How many broadcast values tasks have carried to this worker (each id once until removed). */
  get broadcastValuesSent(): number {
    return this.#broadcastValuesSent;
  }

  /** The ids of the broadcasts the worker thread holds, asked after every message posted so far. */
  async heldBroadcasts(): Promise<number[]> {
    await this.#ready;
    if (!this.#alive) return [];
    const requestId = this.#nextBroadcastQuery++;
    const answer = new Promise<number[]>((resolve) => this.#broadcastQueries.set(requestId, resolve));
    this.#post({ type: 'describeBroadcasts', requestId });
    return answer;
  }

  kill(): void {
    if (!this.#alive) return;
    this.#alive = false;
    this.#blocks.clear();
    this.#sentBroadcasts.clear();
    this.#answerBroadcastQueries();
    void this.#worker.terminate();
    for (const resolve of this.#running.values()) resolve({ status: 'executorLost', executorId: this.id, metrics: emptyTaskMetrics() });
    this.#running.clear();
  }

  async stop(): Promise<void> {
    this.#alive = false;
    this.#answerBroadcastQueries();
    await this.#worker.terminate();
  }

  /** A dead thread holds nothing: pending questions get an empty answer rather than none. */
  #answerBroadcastQueries(): void {
    for (const resolve of this.#broadcastQueries.values()) resolve([]);
    this.#broadcastQueries.clear();
  }
}
