/**
 * The entry point of the RDD core: creates RDDs, runs jobs on executors, and owns the scheduler,
 * the listener bus and the clock. Spark: core/.../SparkContext.scala.
 *
 * @example
 * const sc = new SparkContext({ master: 'local[2]' });
 * const counts = await sc.parallelize(['a', 'b', 'a']).map((w) => [w, 1] as [string, number]).reduceByKey((a, b) => a + b).collect();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Broadcast, type BroadcastManager } from './Broadcast.js';
import { ContextCleaner } from './ContextCleaner.js';
import { CoreErrors } from './CoreErrors.js';
import { IllegalArgumentError, IllegalStateError, type SparkException } from './errors.js';
import { FaultInjector } from './FaultInjector.js';
import { parseMasterURL, type ExecutorLayout } from './MasterURL.js';
import { SparkConf } from './SparkConf.js';
import type { Executor } from './executor/Executor.js';
import { InlineExecutor } from './executor/InlineExecutor.js';
import { WorkerExecutor, checkShippable } from './executor/WorkerExecutor.js';
import { GeneratedRDD, ParallelCollectionRDD, PartitionerAwareUnionRDD, TextFileRDD, UnionRDD, isPartitionerAware, type RDD } from './rdd/internal.js';
import { checkpointLineage, forEachShuffle, prepareLineage } from './rdd/lineageWalks.js';
import { withCallSite } from './rdd/callSite.js';
import { bind } from './util/closure.js';
import type { RDDContext } from './rdd/RDDContext.js';
import { DAGScheduler } from './scheduler/DAGScheduler.js';
import { ListenerBus } from './scheduler/ListenerBus.js';
import type { TaskContext } from './scheduler/TaskContext.js';
import { TaskSchedulerImpl } from './scheduler/TaskSchedulerImpl.js';
import { MapOutputTracker } from './shuffle/MapOutputTracker.js';
import { rddBlockId } from './storage/BlockManager.js';
import type { StorageLevel } from './storage/StorageLevel.js';
import { SystemClock, type Clock } from './util/Clock.js';

/** How to create a SparkContext. */
export interface SparkContextOptions {
  /** `local`, `local[N]`, `local[*]`, `local[N, maxFailures]`, `local-cluster[E, C]` or `local-workers[N]`. */
  readonly master?: string;
  readonly appName?: string;
  /** Processing time for everything built on this context; a ManualClock in tests. */
  readonly clock?: Clock;
  readonly conf?: SparkConf | Record<string, string | number | boolean>;
}

/**
 * The live executors of `sc`, for test seams (src/shared/testing.ts); not part of the public API,
 * which src/shared/index.ts lists.
 */
// Set by SparkContext's static block (declared first: the block runs when the class is defined).
export let executorsOf: (sc: SparkContext) => readonly Executor[];

/** The driver's handle on the RDD core: one per application, stopped with stop(). */
export class SparkContext implements RDDContext {
  readonly conf: SparkConf;
  readonly master: string;
  readonly appName: string;
  readonly clock: Clock;
  /** Job, stage, task and executor events, in order. */
  readonly listenerBus = new ListenerBus();
  /** Makes chosen task attempts fail (tests and fault scenarios). */
  readonly faults = new FaultInjector();
  /** Where each shuffle map output is, and the outputs themselves. */
  readonly mapOutputTracker = new MapOutputTracker();
  readonly #layout: ExecutorLayout;
  readonly #taskScheduler: TaskSchedulerImpl;
  readonly #dagScheduler: DAGScheduler;
  readonly #localRoot = mkdtempSync(join(tmpdir(), 'twinstream-'));
  /** Weak, as Spark's persistentRdds: a persisted RDD nobody holds is unpersisted by the cleaner. */
  readonly #persistent = new Map<number, WeakRef<RDD<unknown>>>();
  readonly #cleaner = new ContextCleaner({
    removeShuffle: (shuffleId) => this.mapOutputTracker.unregisterShuffle(shuffleId),
    removeRdd: (rddId) => this.#removeRddBlocks(rddId),
    removeBroadcast: (broadcastId) => this.#removeBroadcastCopies(broadcastId),
  });
  readonly #broadcastManager: BroadcastManager = {
    unbroadcast: (broadcast, destroyed) => {
      if (destroyed) this.#cleaner.unregisterBroadcast(broadcast);
      this.#removeBroadcastCopies(broadcast.id);
    },
  };
  #nextRddId = 0;
  #nextBroadcastId = 0;
  #nextExecutorId = 0;
  #checkpointDir: string | undefined;
  #stopped = false;
  /** Worker threads that died while loading, in a row. */
  #executorStartFailures = 0;
  /** Set once worker threads failed to start too often: every later job fails with it. */
  #startFailure: SparkException | undefined;

  constructor(options: SparkContextOptions = {}) {
    this.conf = options.conf instanceof SparkConf ? options.conf : new SparkConf(options.conf);
    this.master = options.master ?? this.conf.get('spark.master') ?? 'local[*]';
    this.appName = options.appName ?? this.conf.get('spark.app.name') ?? 'twinstream';
    this.clock = options.clock ?? new SystemClock();
    this.#layout = parseMasterURL(this.master);
    // Differs from Spark: its local mode never retries unless the master is local[N, F]; here
    // spark.task.maxFailures (default 4) applies to every master, so retries can be tested locally.
    const maxFailures = this.#layout.maxFailures ?? this.conf.getInt('spark.task.maxFailures', 4);
    this.#taskScheduler = new TaskSchedulerImpl(maxFailures, this.listenerBus, this.clock);
    this.#dagScheduler = new DAGScheduler(this.#taskScheduler, this.mapOutputTracker, this.listenerBus, this.clock, (rddId, p) => this.#blockLocations(rddBlockId(rddId, p)), this.conf.getInt('spark.stage.maxConsecutiveAttempts', 4));
    this.#taskScheduler.dagScheduler = this.#dagScheduler;
    for (let i = 0; i < this.#layout.executors; i++) this.#addExecutor();
  }

  // ---- executors -----------------------------------------------------------------------------

  #addExecutor(): Executor {
    const id = this.#layout.executors === 1 && this.#layout.kind === 'inline' && this.#nextExecutorId === 0 ? 'driver' : String(this.#nextExecutorId);
    this.#nextExecutorId++;
    const localDir = join(this.#localRoot, `executor-${id}`);
    const fetchShuffleBlock = (shuffleId: number, reduceId: number) => this.mapOutputTracker.fetch(shuffleId, reduceId);
    const injectedFailure = this.faults.failureFor.bind(this.faults);
    const replicate = (from: string, blockId: string, items: unknown[], level: StorageLevel) => this.#replicate(from, blockId, items, level);
    const executor: Executor =
      this.#layout.kind === 'worker'
        ? new WorkerExecutor(id, localDir, {
            fetchShuffleBlock,
            injectedFailure,
            replicate,
            clock: this.clock,
            onLost: (lostId, reason, beforeReady) => this.#workerLost(lostId, reason, beforeReady),
            onReady: () => {
              this.#executorStartFailures = 0;
            },
          })
        : new InlineExecutor(id, this.#layout.slotsPerExecutor, localDir, {
            clock: this.clock,
            fetchShuffleBlock,
            injectedFailure,
            fetchRemoteBlock: (blockId, askingId) => this.#inlineExecutors().find((e) => e.id !== askingId && e.hasBlock(blockId))?.blockManager.get(blockId),
          }, (blockId, items, level) => replicate(id, blockId, items, level));
    this.#taskScheduler.addExecutor(executor);
    return executor;
  }

  /**
   * A worker thread died on its own. It is replaced, unless threads keep dying while loading
   * their entry: a module that throws at import would otherwise be restarted forever while the
   * job waits (Spark's standalone master gives up after spark.deploy.maxExecutorRetries).
   */
  #workerLost(executorId: string, reason: string, beforeReady: boolean): void {
    if (this.#stopped || !this.executorIds.includes(executorId)) return;
    this.#executorStartFailures = beforeReady ? this.#executorStartFailures + 1 : 0;
    const maxRetries = this.conf.getInt('spark.deploy.maxExecutorRetries', 10);
    if (this.#executorStartFailures < maxRetries) {
      this.killExecutor(executorId, reason);
      return;
    }
    this.#startFailure = CoreErrors.executorsFailedToStart(this.master, this.#executorStartFailures, reason);
    this.#taskScheduler.executorLost(executorId, reason);
    this.#dagScheduler.cancelAllJobs(this.#startFailure.message);
  }

  #inlineExecutors(): InlineExecutor[] {
    return this.#taskScheduler.executors.filter((e): e is InlineExecutor => e instanceof InlineExecutor);
  }

  #replicate(fromExecutorId: string, blockId: string, items: unknown[], level: StorageLevel): void {
    const target = this.#taskScheduler.executors.find((e) => e.id !== fromExecutorId && e.isAlive);
    if (target instanceof InlineExecutor) target.blockManager.put(blockId, items, level, true);
    else if (target instanceof WorkerExecutor) target.putBlock(blockId, items, level);
  }

  #blockLocations(blockId: string): string[] {
    return this.#taskScheduler.executors.filter((e) => e.hasBlock(blockId)).map((e) => e.id);
  }

  /** Ids of the live executors. */
  get executorIds(): string[] {
    return this.#taskScheduler.executors.map((e) => e.id);
  }

  /**
   * Kills an executor, as a crashed machine would: its cached blocks and shuffle outputs are gone,
   * its running tasks are retried elsewhere, and a replacement executor joins.
   * @returns the id of the replacement executor.
   */
  killExecutor(executorId: string, reason = 'killed by the fault injector'): string {
    if (!this.executorIds.includes(executorId)) {
      throw new IllegalArgumentError('UNKNOWN_EXECUTOR', `Executor ${executorId} is not alive; live executors: ${this.executorIds.join(', ')}.`);
    }
    this.#taskScheduler.executorLost(executorId, reason);
    return this.#addExecutor().id;
  }

  /** Where an RDD partition is cached, for tests and the UI. */
  getBlockLocations(rddId: number, partition: number): string[] {
    return this.#blockLocations(rddBlockId(rddId, partition));
  }

  // ---- RDD creation --------------------------------------------------------------------------

  /** Partitions when none are asked for: spark.default.parallelism, else all task slots. */
  get defaultParallelism(): number {
    return this.conf.getInt('spark.default.parallelism', this.#layout.executors * this.#layout.slotsPerExecutor);
  }

  /** The next RDD id; RDD constructors call it. */
  newRddId(): number {
    return this.#nextRddId++;
  }

  /** An RDD over `data`, in `numSlices` slices (default: defaultParallelism). */
  parallelize<T>(data: readonly T[], numSlices = this.defaultParallelism): RDD<T> {
    this.#assertRunning();
    if (!Number.isInteger(numSlices) || numSlices < 1) {
      throw new IllegalArgumentError('INVALID_NUM_SLICES', `Positive number of partitions required, but numSlices was ${numSlices}. Pass a whole number >= 1.`);
    }
    return withCallSite('parallelize', () => ParallelCollectionRDD.of(this, data, numSlices));
  }

  /**
   * Numbers from `start` (inclusive) to `end` (exclusive) by `step`, sliced like parallelize.
   * As in Spark, nothing is materialised on the driver: each partition computes its own numbers
   * (`start + i * step`) on its executor, so a range of a billion costs nothing to create.
   * @throws IllegalArgumentError INVALID_RANGE_STEP when step is 0.
   */
  range(start: number, end: number, step = 1, numSlices = this.defaultParallelism): RDD<number> {
    this.#assertRunning();
    if (step === 0) throw new IllegalArgumentError('INVALID_RANGE_STEP', 'step cannot be 0 in range(start, end, step); use a positive or negative step.');
    if (!Number.isInteger(numSlices) || numSlices < 1) {
      throw new IllegalArgumentError('INVALID_NUM_SLICES', `Positive number of partitions required, but numSlices was ${numSlices}. Pass a whole number >= 1.`);
    }
    const length = Math.max(0, Math.ceil((end - start) / step));
    const slice = (partition: number, env: { start: number; step: number; length: number; numSlices: number }): number[] => {
      const from = Math.floor((partition * env.length) / env.numSlices);
      const until = Math.floor(((partition + 1) * env.length) / env.numSlices);
      const out = new Array<number>(until - from);
      for (let i = from; i < until; i++) out[i - from] = env.start + i * env.step;
      return out;
    };
    return withCallSite('range', () => new GeneratedRDD(this, numSlices, bind(slice, { start, step, length, numSlices })));
  }

  /** An RDD with no partitions and no elements. */
  emptyRDD<T>(): RDD<T> {
    return withCallSite('emptyRDD', () => new ParallelCollectionRDD<T>(this, []));
  }

  /**
   * The elements of every RDD, with no shuffle. As in Spark, RDDs without partitions are dropped;
   * when all the others share one partitioner, partition i joins their partitions i and keeps the
   * partitioner (PartitionerAwareUnionRDD); otherwise partitions are laid end to end (UnionRDD).
   */
  union<T>(rdds: RDD<T>[]): RDD<T> {
    const nonEmpty = rdds.filter((rdd) => rdd.getNumPartitions() > 0);
    return withCallSite('union', () =>
      isPartitionerAware(nonEmpty as RDD<unknown>[]) ? new PartitionerAwareUnionRDD(this, nonEmpty) : new UnionRDD(this, nonEmpty),
    );
  }

  /**
   * An RDD of `numPartitions` partitions, each produced on its executor by `generator(partition)`.
   * Only the function is shipped to worker executors, never rows: it must be self-contained, with
   * values passed through bind().
   * @example
   * const ids = sc.generate(4, bind((partition: number, env: { perPartition: number }) =>
   *   Array.from({ length: env.perPartition }, (_, i) => partition * env.perPartition + i), { perPartition: 1000 }));
   * @throws IllegalArgumentError INVALID_NUM_PARTITIONS when numPartitions is not a whole number >= 0.
   */
  generate<T>(numPartitions: number, generator: (partition: number) => Iterable<T>): RDD<T> {
    this.#assertRunning();
    if (!Number.isInteger(numPartitions) || numPartitions < 0) {
      throw new IllegalArgumentError('INVALID_NUM_PARTITIONS', `generate needs a whole number of partitions >= 0, but numPartitions was ${numPartitions}.`);
    }
    return withCallSite('generate', () => new GeneratedRDD(this, numPartitions, generator));
  }

  /** The lines of a file, or of every visible file in a directory. */
  textFile(path: string, minPartitions = Math.min(this.defaultParallelism, 2)): RDD<string> {
    this.#assertRunning();
    return withCallSite('textFile', () => new TextFileRDD(this, path, minPartitions));
  }

  /**
   * A read-only value for functions on every executor; pass it to them through bind(). Each
   * executor receives it once; its copies go with unpersist(), destroy(), or once the driver no
   * longer holds the Broadcast (the ContextCleaner).
   */
  broadcast<T>(value: T): Broadcast<T> {
    const broadcast = new Broadcast(this.#nextBroadcastId++, value, this.#broadcastManager);
    this.#cleaner.registerBroadcastForCleanup(broadcast as Broadcast<unknown>);
    return broadcast;
  }

  #removeBroadcastCopies(broadcastId: number): void {
    for (const executor of this.#taskScheduler.executors) executor.removeBroadcast(broadcastId);
  }

  // ---- jobs ----------------------------------------------------------------------------------

  /**
   * Runs `func` on each requested partition of `rdd` and returns the results in partition order.
   * @throws SparkException JOB_ABORTED when a task fails spark.task.maxFailures times;
   *   TASK_NOT_SERIALIZABLE (worker executors) before any task runs.
   */
  async runJob<T, U>(rdd: RDD<T>, func: (items: Iterable<T>, context: TaskContext) => U, partitions?: number[]): Promise<U[]> {
    this.#assertRunning();
    if (this.#startFailure) throw this.#startFailure;
    await prepareLineage(rdd as RDD<unknown>);
    // The preparation jobs wait; the context may have stopped meanwhile.
    this.#assertRunning();
    const wanted = partitions ?? rdd.partitions.map((p) => p.index);
    const missing = wanted.filter((p) => !Number.isInteger(p) || p < 0 || p >= rdd.getNumPartitions());
    if (missing.length > 0) {
      throw new IllegalArgumentError(
        'INVALID_PARTITION',
        `Attempting to access a non-existent partition: ${missing.join(', ')}. ${rdd.toString()} has ${rdd.getNumPartitions()} partitions (0 to ${rdd.getNumPartitions() - 1}).`,
      );
    }
    if (this.#layout.kind === 'worker') this.#checkShippable(rdd as RDD<unknown>, func as never);
    forEachShuffle(rdd as RDD<unknown>, (dep) => this.#cleaner.registerShuffleForCleanup(dep));
    const results = await this.#dagScheduler.runJob(rdd, func, wanted);
    await checkpointLineage(rdd as RDD<unknown>);
    return results;
  }

  /** Spark cleans and checks closures when the job is submitted; so does this, for every stage. */
  #checkShippable(rdd: RDD<unknown>, func: (items: Iterable<unknown>, context: TaskContext) => unknown): void {
    checkShippable(rdd, { kind: 'result', func }, `the job on ${rdd.toString()}`);
    forEachShuffle(rdd, (dep) => checkShippable(dep.rdd, { kind: 'shuffleMap', shuffleDep: dep }, `the shuffle map stage of ${dep.rdd.toString()}`));
  }

  // ---- storage and checkpoints ---------------------------------------------------------------

  /** Where rdd.checkpoint() writes; undefined until setCheckpointDir. */
  get checkpointDir(): string | undefined {
    return this.#checkpointDir;
  }

  /** Sets the directory reliable checkpoints are written under (created on first write). */
  setCheckpointDir(dir: string): void {
    this.#checkpointDir = dir;
  }

  /** Called by rdd.persist(): lists the RDD among getPersistentRDDs(). */
  registerPersistent(rdd: RDD<unknown>): void {
    if (this.#persistent.get(rdd.id)?.deref() === rdd) return;
    this.#persistent.set(rdd.id, new WeakRef(rdd));
    this.#cleaner.registerRDDForCleanup(rdd);
  }

  /** Called by rdd.unpersist(): drops the RDD's blocks from every executor. */
  unpersistRDD(rddId: number): void {
    const rdd = this.#persistent.get(rddId)?.deref();
    if (rdd) this.#cleaner.unregisterRDD(rdd);
    this.#removeRddBlocks(rddId);
  }

  #removeRddBlocks(rddId: number): void {
    this.#persistent.delete(rddId);
    for (const executor of this.#taskScheduler.executors) executor.removeRdd(rddId);
  }

  /** RDDs currently marked persistent (and still reachable), by id. */
  getPersistentRDDs(): Map<number, RDD<unknown>> {
    const out = new Map<number, RDD<unknown>>();
    for (const [id, ref] of this.#persistent) {
      const rdd = ref.deref();
      if (rdd) out.set(id, rdd);
    }
    return out;
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /** True once stop() was called. */
  get isStopped(): boolean {
    return this.#stopped;
  }

  /**
   * Stops the executors and the listener bus, and fails every running job with SparkException
   * JOB_CANCELLED ("Job N cancelled because SparkContext was shut down"). Calling it again does nothing.
   */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#cleaner.stop();
    this.#dagScheduler.cancelAllJobs('SparkContext was shut down');
    await Promise.all(this.#taskScheduler.executors.map((e) => e.stop()));
    this.listenerBus.stop();
    rmSync(this.#localRoot, { recursive: true, force: true });
  }

  static {
    executorsOf = (sc) => sc.#taskScheduler.executors;
  }

  #assertRunning(): void {
    if (this.#stopped) {
      throw new IllegalStateError('SPARK_CONTEXT_STOPPED', `Cannot call methods on a stopped SparkContext (app "${this.appName}", master ${this.master}). Create a new SparkContext.`);
    }
  }
}
