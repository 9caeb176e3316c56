/**
 * Runs the jobs of each batch, one batch after another, and posts the batch's events.
 * Spark: streaming/.../scheduler/JobScheduler.scala (with spark.streaming.concurrentJobs = 1).
 *
 * Batches run in the order of their times; within a batch, output operations run in the order
 * they were registered. A failing job fails its output operation, not the batch: the error goes
 * to awaitTermination() and the next batch still runs, as in Spark.
 */
import { StreamingErrors } from '../errors.js';
import { Time } from '../Time.js';
import type { StreamingContext } from '../StreamingContext.js';
import { ReceiverTracker } from '../receiver/ReceiverTracker.js';
import { batchInfo, type BatchInfo, type OutputOperationInfo } from './BatchInfo.js';
import { InputInfoTracker } from './InputInfoTracker.js';
import type { Job, JobSet } from './Job.js';
import { JobGenerator } from './JobGenerator.js';
import { StreamingListenerBus } from './StreamingListener.js';

interface BatchWaiter {
  readonly timeMs: number;
  readonly resolve: () => void;
}

/** The driver-side scheduler of a StreamingContext. */
export class JobScheduler {
  readonly listenerBus = new StreamingListenerBus();
  readonly inputInfoTracker = new InputInfoTracker();
  readonly jobGenerator: JobGenerator;
  receiverTracker: ReceiverTracker | undefined;
  readonly #jobSets = new Map<number, JobSet>();
  readonly #outputInfos = new Map<number, Map<number, OutputOperationInfo>>();
  #queue: Promise<void> = Promise.resolve();
  /** Bumped when the scheduler is stopped without waiting: jobs still running are then ignored. */
  #epoch = 0;
  #lastDoneMs = Number.NEGATIVE_INFINITY;
  #waiters: BatchWaiter[] = [];

  constructor(readonly ssc: StreamingContext) {
    this.jobGenerator = new JobGenerator(this);
  }

  get clock() {
    return this.ssc.clock;
  }

  start(): void {
    for (const input of this.ssc.graph.inputStreams) if (input.rateController) this.listenerBus.addListener(input.rateController.listener);
    this.receiverTracker = new ReceiverTracker(this.ssc);
    this.receiverTracker.start();
    this.jobGenerator.start();
  }

  /**
   * Stops generating batches. Gracefully, after the received data is processed and every queued
   * batch ran; otherwise at once, abandoning queued and running batches (a running job's RDD
   * actions still finish, but nothing of its batch is recorded).
   */
  async stop(processAllReceivedData: boolean): Promise<void> {
    await this.receiverTracker?.stop(processAllReceivedData);
    await this.jobGenerator.stop(processAllReceivedData);
    if (processAllReceivedData) await this.#queue;
    else this.#epoch++;
    for (const waiter of this.#waiters) waiter.resolve();
    this.#waiters = [];
  }

  /** A simulated driver crash: nothing more runs, nothing more is written, receivers drop their buffers. */
  async crash(): Promise<void> {
    this.#epoch++;
    await this.jobGenerator.abandon();
    await this.receiverTracker?.stop(false, true);
    for (const waiter of this.#waiters) waiter.resolve();
    this.#waiters = [];
  }

  /** Queues a batch's jobs; a batch without jobs is only recorded as done. */
  submitJobSet(jobSet: JobSet): void {
    if (jobSet.jobs.length === 0) {
      // Through the queue, so a batch is never reported done before the batches ahead of it.
      this.#queue = this.#queue.then(() => this.#markDone(jobSet.time));
      return;
    }
    this.#jobSets.set(jobSet.time.milliseconds, jobSet);
    this.#outputInfos.set(jobSet.time.milliseconds, new Map());
    this.listenerBus.post({ type: 'batchSubmitted', batchInfo: this.#toBatchInfo(jobSet) });
    const epoch = this.#epoch;
    for (const job of jobSet.jobs) {
      this.#queue = this.#queue.then(() => this.#runJob(jobSet, job, epoch));
    }
  }

  /** Batches submitted and not yet completed: a checkpoint saves them so a restart re-runs them. */
  getPendingTimes(): Time[] {
    return [...this.#jobSets.keys()].sort((a, b) => a - b).map((ms) => new Time(ms));
  }

  /** Resolves once batch `timeMs` has been generated and, if it had jobs, completed (or the scheduler stopped). */
  awaitBatch(timeMs: number): Promise<void> {
    if (this.#lastDoneMs >= timeMs) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ timeMs, resolve }));
  }

  reportError(error: Error): void {
    this.ssc.notifyError(error);
  }

  async #runJob(jobSet: JobSet, job: Job, epoch: number): Promise<void> {
    if (epoch !== this.#epoch) return;
    const timeMs = jobSet.time.milliseconds;
    const isFirst = jobSet.processingStartTimeMs === undefined;
    jobSet.handleJobStart(this.clock.getTimeMillis());
    if (isFirst) this.listenerBus.post({ type: 'batchStarted', batchInfo: this.#toBatchInfo(jobSet) });
    const startTimeMs = this.clock.getTimeMillis();
    const started: OutputOperationInfo = { batchTime: jobSet.time, id: job.outputOpId, name: job.description, startTimeMs, endTimeMs: undefined, failureReason: undefined };
    this.#outputInfos.get(timeMs)?.set(job.outputOpId, started);
    this.listenerBus.post({ type: 'outputOperationStarted', outputOperationInfo: started });
    let failure: unknown;
    try {
      await job.func();
    } catch (error) {
      failure = error ?? new Error('job failed');
    }
    if (epoch !== this.#epoch) return;
    const endTimeMs = this.clock.getTimeMillis();
    const error = failure === undefined ? undefined : StreamingErrors.jobFailed(jobSet.time, job.outputOpId, job.description, failure);
    const completed: OutputOperationInfo = { ...started, endTimeMs, failureReason: error?.message };
    this.#outputInfos.get(timeMs)?.set(job.outputOpId, completed);
    this.listenerBus.post({ type: 'outputOperationCompleted', outputOperationInfo: completed });
    jobSet.handleJobCompletion(job, endTimeMs);
    if (error) this.reportError(error);
    if (!jobSet.hasCompleted) return;
    this.#jobSets.delete(timeMs);
    this.listenerBus.post({ type: 'batchCompleted', batchInfo: this.#toBatchInfo(jobSet) });
    this.#outputInfos.delete(timeMs);
    this.jobGenerator.onBatchCompletion(jobSet.time);
    this.#markDone(jobSet.time);
  }

  #toBatchInfo(jobSet: JobSet): BatchInfo {
    return batchInfo({
      batchTime: jobSet.time,
      streamIdToInputInfo: jobSet.streamIdToInputInfo,
      submissionTimeMs: jobSet.submissionTimeMs,
      processingStartTimeMs: jobSet.processingStartTimeMs,
      processingEndTimeMs: jobSet.processingEndTimeMs,
      outputOperationInfos: new Map(this.#outputInfos.get(jobSet.time.milliseconds) ?? []),
    });
  }

  #markDone(time: Time): void {
    this.#lastDoneMs = Math.max(this.#lastDoneMs, time.milliseconds);
    const due = this.#waiters.filter((w) => w.timeMs <= this.#lastDoneMs);
    this.#waiters = this.#waiters.filter((w) => w.timeMs > this.#lastDoneMs);
    for (const waiter of due) waiter.resolve();
  }
}
