/**
 * The DStreams of a StreamingContext: its inputs and its outputs, and what they need at start,
 * at every batch and at cleanup. Spark: streaming/.../DStreamGraph.scala.
 */
import { Duration } from './Duration.js';
import { StreamingErrors } from './errors.js';
import type { Time } from './Time.js';
import type { DStream } from './dstream/DStream.js';
import type { ForEachDStream } from './dstream/ForEachDStream.js';
import type { InputDStream } from './dstream/InputDStream.js';
import type { Job } from './scheduler/Job.js';

/** Inputs, outputs and the batch duration of one streaming application. */
export class DStreamGraph {
  readonly inputStreams: InputDStream<unknown>[] = [];
  readonly outputStreams: ForEachDStream<unknown>[] = [];
  zeroTime: Time | undefined;
  startTime: Time | undefined;
  rememberDuration: Duration | undefined;
  #nextStreamId = 0;
  #nextInputStreamId = 0;

  constructor(readonly batchDuration: Duration) {}

  nextStreamId(): number {
    return this.#nextStreamId++;
  }

  nextInputStreamId(): number {
    return this.#nextInputStreamId++;
  }

  addInputStream(stream: InputDStream<unknown>): void {
    this.inputStreams.push(stream);
  }

  addOutputStream(stream: DStream<unknown>): void {
    this.outputStreams.push(stream as ForEachDStream<unknown>);
  }

  /** Spark's validate: a graph without outputs would compute nothing. */
  validate(): void {
    if (this.outputStreams.length === 0) throw StreamingErrors.noOutputOperations();
  }

  /** First start: zero time, remember durations, validation, then the inputs start. */
  start(zeroTime: Time): void {
    this.zeroTime = zeroTime;
    this.startTime = zeroTime;
    for (const output of this.outputStreams) output.initialize(zeroTime);
    for (const output of this.outputStreams) output.remember(this.rememberDuration);
    for (const output of this.outputStreams) output.validateAtStart();
    for (const input of this.inputStreams) input.start();
  }

  /**
   * Start after a recovery: the streams keep their restored zero time, and the start time stays
   * the first run's, so re-run batches still read their recovered receiver blocks.
   */
  restart(): void {
    this.startTime ??= this.zeroTime;
    for (const output of this.outputStreams) output.validateAtStart();
    for (const input of this.inputStreams) input.start();
  }

  stop(): void {
    for (const input of this.inputStreams) input.stop();
  }

  /** Keeps every RDD for at least `duration` (for slice() or ad-hoc queries on old batches). */
  remember(duration: Duration): void {
    this.rememberDuration = duration;
  }

  /** One job per output operation that has an RDD for `time`. */
  generateJobs(time: Time): Job[] {
    const jobs: Job[] = [];
    this.outputStreams.forEach((output, outputOpId) => {
      const job = output.generateJob(time, outputOpId);
      if (job) jobs.push(job);
    });
    return jobs;
  }

  clearMetadata(time: Time): void {
    for (const output of this.outputStreams) output.clearMetadata(time);
  }

  updateCheckpointData(time: Time): void {
    for (const output of this.outputStreams) output.updateCheckpointData(time);
  }

  clearCheckpointData(): void {
    for (const output of this.outputStreams) output.clearCheckpointData();
  }

  restoreCheckpointData(): void {
    for (const output of this.outputStreams) output.restoreCheckpointData();
  }

  /** How long the inputs keep their data: received blocks and input info older than this are dropped. */
  getMaxInputStreamRememberDuration(): Duration {
    const durations = this.inputStreams.map((s) => s.rememberDuration?.milliseconds ?? 0);
    return new Duration(Math.max(0, ...durations));
  }

  /** Every DStream reachable from the outputs, parents before children. */
  allStreams(): DStream<unknown>[] {
    const ordered: DStream<unknown>[] = [];
    const seen = new Set<DStream<unknown>>();
    const visit = (stream: DStream<unknown>) => {
      if (seen.has(stream)) return;
      seen.add(stream);
      for (const dep of stream.dependencies) visit(dep);
      ordered.push(stream);
    };
    for (const input of this.inputStreams) visit(input);
    for (const output of this.outputStreams) visit(output);
    return ordered;
  }
}
