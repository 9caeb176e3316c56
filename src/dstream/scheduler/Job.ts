/**
 * One output operation's work for one batch, and the set of them a batch runs.
 * Spark: streaming/.../scheduler/Job.scala and JobSet.scala.
 */
import type { Time } from '../Time.js';
import type { StreamInputInfo } from './BatchInfo.js';

/** Runs one output operation of one batch on the driver; its RDD actions become core jobs. */
export class Job {
  constructor(
    readonly time: Time,
    /** Which output operation (in registration order) this job runs. */
    readonly outputOpId: number,
    /** What the operation is, for listener events and error messages: "print", "foreachRDD". */
    readonly description: string,
    readonly func: () => void | Promise<void>,
  ) {}

  toString(): string {
    return `streaming job ${this.time.milliseconds}.${this.outputOpId}`;
  }
}

/** The jobs of one batch and the inputs they read. */
export class JobSet {
  /** Clock time when the batch was handed to the scheduler. */
  readonly submissionTimeMs: number;
  processingStartTimeMs: number | undefined;
  processingEndTimeMs: number | undefined;
  readonly #incomplete: Set<Job>;

  constructor(
    readonly time: Time,
    readonly jobs: readonly Job[],
    readonly streamIdToInputInfo: ReadonlyMap<number, StreamInputInfo>,
    submissionTimeMs: number,
  ) {
    this.submissionTimeMs = submissionTimeMs;
    this.#incomplete = new Set(jobs);
  }

  handleJobStart(nowMs: number): void {
    this.processingStartTimeMs ??= nowMs;
  }

  handleJobCompletion(job: Job, nowMs: number): void {
    this.#incomplete.delete(job);
    if (this.#incomplete.size === 0) this.processingEndTimeMs = nowMs;
  }

  get hasCompleted(): boolean {
    return this.#incomplete.size === 0;
  }
}
