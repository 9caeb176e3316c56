/**
 * Turns a job into stages cut at shuffle dependencies, submits each stage's missing partitions
 * as a task set once its parents are available, and recovers from lost map outputs by
 * resubmitting only what was lost. Spark: core/.../scheduler/DAGScheduler.scala.
 *
 * It is a synchronous state machine driven by three inputs: runJob, taskEnded and
 * taskSetFailed. Nothing here waits, so a test can drive it with a fake TaskScheduler.
 */
import { SparkException } from '../errors.js';
import { NarrowDependency, ShuffleDependency, type RDD } from '../rdd/internal.js';
import type { MapOutputTracker } from '../shuffle/MapOutputTracker.js';
import type { ListenerBus } from './ListenerBus.js';
import { ResultStage, ShuffleMapStage, type Stage } from './Stage.js';
import type { Task, TaskOutcome, TaskSet } from './Task.js';
import type { TaskContext } from './TaskContext.js';
import type { Clock } from '../util/Clock.js';

/** Where the DAG scheduler sends task sets; TaskSchedulerImpl, or a fake in scheduler tests. */
export interface TaskScheduler {
  submitTasks(taskSet: TaskSet): void;
  /** Stops launching tasks of a stage attempt that was superseded (a fetch failure). */
  cancelTaskSet(stageId: number, stageAttempt: number): void;
}

/** Locations of cached blocks, so tasks run where their input already is. */
export type CacheLocations = (rddId: number, partition: number) => string[];

interface ActiveJob {
  readonly id: number;
  readonly stage: ResultStage;
  readonly results: unknown[];
  numFinished: number;
  readonly resolve: (results: unknown[]) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The stage-level scheduler. Exported from the testing entry point so DAGSchedulerSuite-style tests
 * can drive it with a fake TaskScheduler.
 */
export class DAGScheduler {
  #nextJobId = 0;
  #nextStageId = 0;
  /**
   * The map stage of each shuffle, kept while the ShuffleDependency is reachable (a WeakMap, so a
   * stage never outlives the RDDs that need it: the ContextCleaner then drops its map outputs).
   */
  readonly #mapStages = new WeakMap<ShuffleDependency, ShuffleMapStage>();
  /** Stages of active jobs, by id. */
  readonly #stages = new Map<number, Stage>();
  readonly #waiting = new Set<Stage>();
  readonly #running = new Set<Stage>();
  readonly #failed = new Set<Stage>();
  readonly #jobs = new Map<number, ActiveJob>();
  /** Executor ids never come back (a replacement gets a new id), so a set is Spark's failure epoch. */
  readonly #lostExecutors = new Set<string>();

  constructor(
    private readonly taskScheduler: TaskScheduler,
    private readonly mapOutputTracker: MapOutputTracker,
    private readonly listenerBus: ListenerBus,
    private readonly clock: Clock,
    private readonly cacheLocations: CacheLocations = () => [],
    /** Spark's spark.stage.maxConsecutiveAttempts: fetch failures of one stage before the job aborts. */
    private readonly maxConsecutiveStageAttempts = 4,
  ) {}

  /** Submits a job; resolves with one result per requested partition, in partition order. */
  runJob<T, U>(rdd: RDD<T>, func: (items: Iterable<T>, context: TaskContext) => U, partitions: number[]): Promise<U[]> {
    const jobId = this.#nextJobId++;
    return new Promise<U[]>((resolve, reject) => {
      // Parents first, as Spark numbers them: a job with one shuffle is stage 0 (map), stage 1 (result).
      const parents = this.#parentStages(rdd as RDD<unknown>, jobId);
      const stage = new ResultStage(this.#nextStageId++, rdd as RDD<unknown>, parents, jobId, func as ResultStage['func'], partitions);
      this.#register(stage, jobId);
      const job: ActiveJob = { id: jobId, stage, results: new Array(partitions.length), numFinished: 0, resolve: resolve as ActiveJob['resolve'], reject };
      this.#jobs.set(jobId, job);
      this.listenerBus.post({ type: 'jobStart', jobId, stageIds: [...this.#ancestors(stage)].map((s) => s.id).sort((a, b) => a - b), timeMs: this.clock.getTimeMillis() });
      if (partitions.length === 0) return this.#finishJob(job);
      this.#submitStage(stage);
    });
  }

  /** The stage of a shuffle, created once and reused by every later job (its outputs too). */
  #mapStageFor(dep: ShuffleDependency, jobId: number): ShuffleMapStage {
    let stage = this.#mapStages.get(dep);
    if (!stage) {
      const tracker = this.mapOutputTracker;
      const numMaps = dep.rdd.getNumPartitions();
      tracker.registerShuffle(dep.shuffleId, numMaps);
      const parents = this.#parentStages(dep.rdd, jobId);
      // Registered again when asked: a shuffle released while its dependency lived on (a DStream
      // forgot the batch, someone kept the RDD) has every map output missing, not none.
      const missingMaps = () => {
        tracker.registerShuffle(dep.shuffleId, numMaps);
        return tracker.missingMaps(dep.shuffleId);
      };
      stage = new ShuffleMapStage(this.#nextStageId++, dep.rdd, parents, jobId, dep, missingMaps);
      this.#mapStages.set(dep, stage);
    }
    this.#register(stage, jobId);
    return stage;
  }

  #register(stage: Stage, jobId: number): void {
    this.#stages.set(stage.id, stage);
    stage.jobIds.add(jobId);
    for (const parent of stage.parents) this.#register(parent, jobId);
  }

  /** The map stages directly below `rdd`: walk narrow dependencies, stop at each shuffle. */
  #parentStages(rdd: RDD<unknown>, jobId: number): ShuffleMapStage[] {
    const parents: ShuffleMapStage[] = [];
    const visited = new Set<RDD<unknown>>();
    const visit = (current: RDD<unknown>) => {
      if (visited.has(current)) return;
      visited.add(current);
      for (const dep of current.dependencies) {
        if (dep instanceof ShuffleDependency) parents.push(this.#mapStageFor(dep, jobId));
        else visit(dep.rdd);
      }
    };
    visit(rdd);
    return [...new Set(parents)];
  }

  #ancestors(stage: Stage, into = new Set<Stage>()): Set<Stage> {
    into.add(stage);
    for (const parent of stage.parents) this.#ancestors(parent, into);
    return into;
  }

  #submitStage(stage: Stage): void {
    if (this.#waiting.has(stage) || this.#running.has(stage)) return;
    const missing = stage.parents.filter((p) => !p.isAvailable);
    if (missing.length === 0) {
      this.#submitMissingTasks(stage);
      return;
    }
    for (const parent of missing.sort((a, b) => a.id - b.id)) this.#submitStage(parent);
    this.#waiting.add(stage);
  }

  #submitMissingTasks(stage: Stage): void {
    const partitions = stage.findMissingPartitions();
    stage.latestAttempt++;
    this.#failed.delete(stage);
    if (partitions.length === 0) {
      this.#stageCompleted(stage);
      return;
    }
    this.#running.add(stage);
    stage.pendingPartitions.clear();
    for (const p of partitions) stage.pendingPartitions.add(p);
    const tasks = partitions.map((partition): Task => {
      const preferredLocations = this.#preferredLocations(stage.rdd, partition);
      if (stage.kind === 'shuffleMap') {
        return { kind: 'shuffleMap', stageId: stage.id, stageAttempt: stage.latestAttempt, partition, rdd: stage.rdd, shuffleDep: stage.shuffleDep, preferredLocations };
      }
      const outputId = stage.partitions.indexOf(partition);
      return { kind: 'result', stageId: stage.id, stageAttempt: stage.latestAttempt, partition, outputId, rdd: stage.rdd, func: stage.func, preferredLocations };
    });
    this.listenerBus.post({ type: 'stageSubmitted', stageId: stage.id, attemptNumber: stage.latestAttempt, name: stage.name, numTasks: tasks.length, partitions });
    this.taskScheduler.submitTasks({ stageId: stage.id, stageAttempt: stage.latestAttempt, jobId: Math.min(...stage.jobIds), tasks });
  }

  /** Executors holding a cached block on the task's narrow lineage, nearest RDD first. */
  #preferredLocations(rdd: RDD<unknown>, partition: number): string[] {
    const cached = rdd.storageLevel.isValid ? this.cacheLocations(rdd.id, partition) : [];
    if (cached.length > 0) return cached;
    for (const dep of rdd.dependencies) {
      if (!(dep instanceof NarrowDependency)) continue;
      for (const parentPartition of dep.getParents(partition)) {
        const locations = this.#preferredLocations(dep.rdd, parentPartition);
        if (locations.length > 0) return locations;
      }
    }
    return [];
  }

  /** An executor reported a task's end (success or a fetch failure; other failures stay in the task scheduler). */
  taskEnded(task: Task, executorId: string, outcome: TaskOutcome): void {
    const stage = this.#stages.get(task.stageId);
    if (!stage) return;
    if (outcome.status === 'success') this.#taskSucceeded(stage, task, executorId, outcome);
    else if (outcome.status === 'fetchFailed') this.#fetchFailed(stage, task, outcome.shuffleId, outcome.mapId, outcome.message);
  }

  #taskSucceeded(stage: Stage, task: Task, executorId: string, outcome: Extract<TaskOutcome, { status: 'success' }>): void {
    if (task.kind === 'result' && stage.kind === 'result') {
      if (stage.finished[task.outputId]) return;
      stage.finished[task.outputId] = true;
      stage.pendingPartitions.delete(task.partition);
      for (const job of this.#jobsOf(stage)) {
        job.results[task.outputId] = outcome.value;
        job.numFinished++;
        if (job.numFinished === stage.partitions.length) {
          this.#stageCompleted(stage);
          this.#finishJob(job);
        }
      }
      return;
    }
    if (stage.kind !== 'shuffleMap') return;
    // Outputs of an older attempt still count: they are valid map outputs (Spark keeps them too).
    // An output reported by an executor already declared lost is not: its files are gone (Spark's
    // executorFailureEpoch check), so the partition stays missing and the stage runs it again.
    if (!this.#lostExecutors.has(executorId)) {
      this.mapOutputTracker.registerMapOutput(stage.shuffleDep.shuffleId, task.partition, { executorId, buckets: outcome.buckets ?? [] });
    }
    stage.pendingPartitions.delete(task.partition);
    if (this.#running.has(stage) && stage.pendingPartitions.size === 0) {
      this.#stageCompleted(stage);
      if (stage.isAvailable) this.#submitWaitingChildren();
      else this.#submitStage(stage);
    }
  }

  #fetchFailed(stage: Stage, task: Task, shuffleId: number, mapId: number, message: string): void {
    // The reduce side could not read this map output, so it is gone whatever the tracker says.
    if (mapId >= 0) this.mapOutputTracker.unregisterMapOutput(shuffleId, mapId);
    if (task.stageAttempt !== stage.latestAttempt || !this.#running.has(stage)) return;
    this.taskScheduler.cancelTaskSet(stage.id, stage.latestAttempt);
    const reason = `${task.kind === 'result' ? 'ResultTask' : 'ShuffleMapTask'}(${stage.id}, ${task.partition}) failed: FetchFailed(shuffle ${shuffleId}, map ${mapId}): ${message}`;
    this.#stageCompleted(stage, reason);
    stage.failedAttempts++;
    if (stage.failedAttempts >= this.maxConsecutiveStageAttempts) {
      const abort = `${stage.kind === 'result' ? 'ResultStage' : 'ShuffleMapStage'} ${stage.id} (${stage.name}) has failed the maximum allowable number of times: ${this.maxConsecutiveStageAttempts}. Most recent failure reason: ${reason}`;
      const error = new SparkException('JOB_ABORTED', `Job aborted due to stage failure: ${abort}`);
      for (const job of this.#jobsDependingOn(stage)) this.#failJob(job, error);
      return;
    }
    this.#failed.add(stage);
    // A stage reads only its parents' shuffles, so the map stage is one of its parents.
    const mapStage = stage.parents.find((p) => p.shuffleDep.shuffleId === shuffleId);
    if (mapStage) this.#failed.add(mapStage);
    // Spark waits a moment for more fetch failures before resubmitting; one pass is enough here.
    for (const failed of [...this.#failed].sort((a, b) => a.id - b.id)) this.#submitStage(failed);
  }

  /** The task scheduler gave up on a task set (a task failed spark.task.maxFailures times). */
  taskSetFailed(taskSet: TaskSet, reason: string, cause: Error): void {
    const stage = this.#stages.get(taskSet.stageId);
    if (!stage) return;
    this.#stageCompleted(stage, reason);
    const error = new SparkException('JOB_ABORTED', `Job aborted due to stage failure: ${reason}`, { cause });
    for (const job of this.#jobsDependingOn(stage)) this.#failJob(job, error);
  }

  /**
   * Fails every active job, as SparkContext.stop does in Spark ("Job 3 cancelled because
   * SparkContext was shut down"), so no caller waits forever on a context that is gone.
   */
  cancelAllJobs(reason: string): void {
    for (const job of [...this.#jobs.values()]) {
      this.#failJob(job, new SparkException('JOB_CANCELLED', `Job ${job.id} cancelled because ${reason}`));
    }
  }

  /** An executor died: its map outputs are gone; stages needing them will resubmit the lost maps. */
  executorLost(executorId: string): void {
    this.#lostExecutors.add(executorId);
    this.mapOutputTracker.removeOutputsOnExecutor(executorId);
  }

  #stageCompleted(stage: Stage, failureReason?: string): void {
    this.#running.delete(stage);
    if (failureReason === undefined) stage.failedAttempts = 0;
    this.listenerBus.post({ type: 'stageCompleted', stageId: stage.id, attemptNumber: stage.latestAttempt, failureReason });
  }

  #submitWaitingChildren(): void {
    const ready = [...this.#waiting].filter((s) => s.parents.every((p) => p.isAvailable)).sort((a, b) => a.id - b.id);
    for (const stage of ready) {
      this.#waiting.delete(stage);
      this.#submitStage(stage);
    }
  }

  #jobsOf(stage: ResultStage): ActiveJob[] {
    return [...this.#jobs.values()].filter((j) => j.stage === stage);
  }

  #jobsDependingOn(stage: Stage): ActiveJob[] {
    return [...this.#jobs.values()].filter((j) => this.#ancestors(j.stage).has(stage));
  }

  #finishJob(job: ActiveJob): void {
    this.#cleanUpJob(job);
    this.listenerBus.post({ type: 'jobEnd', jobId: job.id, succeeded: true, timeMs: this.clock.getTimeMillis() });
    job.resolve(job.results);
  }

  #failJob(job: ActiveJob, error: Error): void {
    for (const stage of this.#ancestors(job.stage)) {
      if (this.#running.has(stage)) this.taskScheduler.cancelTaskSet(stage.id, stage.latestAttempt);
    }
    this.#cleanUpJob(job);
    this.listenerBus.post({ type: 'jobEnd', jobId: job.id, succeeded: false, timeMs: this.clock.getTimeMillis(), error });
    job.reject(error);
  }

  /** Forgets a finished job's stages; map stages stay reachable from their shuffle, for reuse. */
  #cleanUpJob(job: ActiveJob): void {
    this.#jobs.delete(job.id);
    for (const stage of this.#ancestors(job.stage)) {
      stage.jobIds.delete(job.id);
      if (stage.jobIds.size === 0) {
        this.#waiting.delete(stage);
        this.#running.delete(stage);
        this.#failed.delete(stage);
        // A map stage leaves the id index too; #mapStages keeps it for later jobs on the same shuffle.
        this.#stages.delete(stage.id);
      }
    }
  }
}
