/**
 * The lifecycle every DStream shares, apart from its operations: zero time, validation at start,
 * getOrCompute with persistence and checkpoint marking, remembering and clearing old RDDs, and the
 * checkpoint data. Spark: the private[streaming] half of streaming/.../dstream/DStream.scala.
 *
 * DStream (DStream.ts) extends this class with the user's operations; the job generator and the
 * graph use only what is here.
 */
import type { RDD } from '../../shared/index.js';
import { StorageLevel } from '../../shared/index.js';
import { DStreamCheckpointData } from './DStreamCheckpointData.js';
import { StreamingErrors } from '../errors.js';
import type { Duration } from '../Duration.js';
import type { Time } from '../Time.js';
import type { StreamingContext } from '../StreamingContext.js';

/** What a checkpoint stores to rebuild one DStream: its kind and its parameters (functions included). */
export interface DStreamDescriptor {
  readonly kind: string;
  readonly params: Record<string, unknown>;
}

/** A stream of RDDs seen from the engine: how it is initialised, computed, remembered and checkpointed. */
export abstract class DStreamLifecycle<T> {
  readonly id: number;
  /** RDDs computed so far, by batch time in ms; old ones are forgotten after rememberDuration. */
  readonly generatedRDDs = new Map<number, RDD<T>>();
  zeroTime: Time | undefined;
  rememberDuration: Duration | undefined;
  storageLevel: StorageLevel = StorageLevel.NONE;
  checkpointDuration: Duration | undefined;
  readonly checkpointData = new DStreamCheckpointData<T>();

  constructor(readonly ssc: StreamingContext) {
    ssc.assertGraphEditable(`new ${this.constructor.name}`);
    this.id = ssc.graph.nextStreamId();
  }

  /** How often this stream produces an RDD. */
  abstract get slideDuration(): Duration;
  /** The streams this one is computed from. */
  abstract get dependencies(): DStreamLifecycle<unknown>[];
  /** The RDD of batch `validTime`, or undefined when this stream has none for it. */
  abstract compute(validTime: Time): RDD<T> | undefined;
  /** The kind and parameters a checkpoint needs to rebuild this stream (see Checkpoint.ts). */
  abstract describe(): DStreamDescriptor;

  /** Stateful streams must checkpoint their RDDs periodically, or lineage grows without end. */
  get mustCheckpoint(): boolean {
    return false;
  }

  /** How long parents must keep their RDDs for this stream (windows need more). */
  get parentRememberDuration(): Duration | undefined {
    return this.rememberDuration;
  }

  get isInitialized(): boolean {
    return this.zeroTime !== undefined;
  }

  get context(): StreamingContext {
    return this.ssc;
  }

  toString(): string {
    return `${this.constructor.name}@${this.id}`;
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /** Sets the zero time (one batch before the first), default checkpoint and remember durations. */
  initialize(time: Time): void {
    if (this.zeroTime && !this.zeroTime.equals(time)) return;
    this.zeroTime = time;
    if (this.mustCheckpoint && !this.checkpointDuration) {
      // Spark: the slide duration times ceil(10 s / slide), so at least every 10 seconds.
      this.checkpointDuration = this.slideDuration.times(Math.ceil(10_000 / this.slideDuration.milliseconds));
    }
    let minRemember = this.slideDuration;
    // Twice the checkpoint interval, so the latest checkpointed RDD is never forgotten.
    if (this.checkpointDuration && minRemember.lessEq(this.checkpointDuration)) minRemember = this.checkpointDuration.times(2);
    if (!this.rememberDuration || this.rememberDuration.less(minRemember)) this.rememberDuration = minRemember;
    for (const dep of this.dependencies) dep.initialize(time);
  }

  /** Spark's validateAtStart: checkpoint settings that cannot work are reported before any batch. */
  validateAtStart(): void {
    const name = this.constructor.name;
    const interval = this.checkpointDuration;
    if (interval) {
      if (!this.ssc.checkpointDir) throw StreamingErrors.checkpointDirectoryNotSet(name, interval);
      if (interval.less(this.slideDuration)) throw StreamingErrors.checkpointIntervalTooShort(name, interval, this.slideDuration);
      if (!interval.isMultipleOf(this.slideDuration)) throw StreamingErrors.checkpointIntervalNotMultiple(name, interval, this.slideDuration);
    }
    for (const dep of this.dependencies) dep.validateAtStart();
  }

  remember(duration: Duration | undefined): void {
    if (duration && (!this.rememberDuration || duration.greater(this.rememberDuration))) this.rememberDuration = duration;
    for (const dep of this.dependencies) dep.remember(this.parentRememberDuration);
  }

  isTimeValid(time: Time): boolean {
    if (!this.zeroTime) throw StreamingErrors.notInitialized(this.toString());
    return time.greater(this.zeroTime) && time.since(this.zeroTime).isMultipleOf(this.slideDuration);
  }

  /** The RDD of batch `time`: remembered, or computed now (then persisted and marked for checkpoint). */
  getOrCompute(time: Time): RDD<T> | undefined {
    const existing = this.generatedRDDs.get(time.milliseconds);
    if (existing) return existing;
    if (!this.isTimeValid(time)) return undefined;
    const rdd = this.compute(time);
    if (!rdd) return undefined;
    if (this.storageLevel.isValid && !rdd.storageLevel.isValid) rdd.persist(this.storageLevel);
    if (this.checkpointDuration && time.since(this.zeroTime as Time).isMultipleOf(this.checkpointDuration)) rdd.checkpoint();
    this.generatedRDDs.set(time.milliseconds, rdd);
    return rdd;
  }

  /** Forgets (and unpersists) RDDs older than rememberDuration, here and in the parents. */
  clearMetadata(time: Time): void {
    const oldest = time.milliseconds - (this.rememberDuration?.milliseconds ?? 0);
    const unpersist = this.ssc.conf.getBoolean('spark.streaming.unpersist', true);
    for (const [timeMs, rdd] of [...this.generatedRDDs]) {
      if (timeMs > oldest) continue;
      this.generatedRDDs.delete(timeMs);
      if (unpersist && rdd.storageLevel.isValid) rdd.unpersist();
    }
    for (const dep of this.dependencies) dep.clearMetadata(time);
  }

  /** Records which generated RDDs have been written as checkpoints, for the metadata checkpoint. */
  updateCheckpointData(currentTime: Time): void {
    this.checkpointData.update(this.generatedRDDs);
    for (const dep of this.dependencies) dep.updateCheckpointData(currentTime);
  }

  /** Deletes the checkpointed RDDs the last written metadata checkpoint no longer refers to. */
  clearCheckpointData(): void {
    this.checkpointData.cleanup();
    for (const dep of this.dependencies) dep.clearCheckpointData();
  }

  /** After a restart: the checkpointed RDDs come back as RDDs read from their files. */
  restoreCheckpointData(): void {
    this.checkpointData.restore(this.ssc.sparkContext, this.generatedRDDs);
    for (const dep of this.dependencies) dep.restoreCheckpointData();
  }

  // ---- configuration ---------------------------------------------------------------------------

  /** Keeps every RDD of this stream at `level` (default MEMORY_ONLY; Spark's MEMORY_ONLY_SER). */
  persist(level: StorageLevel = StorageLevel.MEMORY_ONLY): this {
    if (this.isInitialized) throw StreamingErrors.cannotChangeAfterStart('storage level', this.toString());
    this.storageLevel = level;
    return this;
  }

  cache(): this {
    return this.persist();
  }

  /** Checkpoints this stream's RDDs every `interval` (a multiple of its slide duration). */
  checkpoint(interval: Duration): this {
    if (this.isInitialized) throw StreamingErrors.cannotChangeAfterStart('checkpoint interval', this.toString());
    this.persist();
    this.checkpointDuration = interval;
    return this;
  }

}
