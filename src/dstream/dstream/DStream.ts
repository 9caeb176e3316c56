/**
 * A discretized stream: a sequence of RDDs, one per batch time, each computed from the parents'
 * RDDs of that time. Spark: streaming/.../dstream/DStream.scala.
 *
 * Ingestion time only: the RDD of batch t holds what arrived in (t - batchDuration, t]; there is
 * no event time, so a record that arrives late belongs to the batch (and windows) of its arrival.
 *
 * This file holds the lifecycle every DStream shares (initialize, validate, getOrCompute,
 * remember, clear, checkpoint data) and the operations, which build the operator DStreams.
 */
import type { PartitionSpec, RDD, TaskContext } from '../../shared/index.js';
import { StorageLevel, bind } from '../../shared/index.js';
import { DStreamCheckpointData } from './DStreamCheckpointData.js';
import { StreamingErrors } from '../errors.js';
import type { Duration } from '../Duration.js';
import { Time } from '../Time.js';
import type { StateSpec } from '../StateSpec.js';
import type { StreamingContext } from '../StreamingContext.js';
import { pairDStreamFunctions, type UpdateStateOptions } from './PairDStreamFunctions.js';
import {
  FilteredDStream,
  FlatMappedDStream,
  ForEachDStream,
  GlommedDStream,
  MapPartitionedDStream,
  MappedDStream,
  TransformedDStream,
  UnionDStream,
  WindowedDStream,
  type MapWithStateDStream,
} from './internal.js';

/** A partition count or a partitioner (the core's PartitionSpec). */
export type { PartitionSpec };

/** What a checkpoint stores to rebuild one DStream: its kind and its parameters (functions included). */
export interface DStreamDescriptor {
  readonly kind: string;
  readonly params: Record<string, unknown>;
}

/**
 * A stream of RDDs, one per batch time. Transformations are lazy and build new DStreams; output
 * operations (print, foreachRDD, saveAsTextFiles) register jobs that run every batch.
 * Ingestion time: a batch holds what arrived in it.
 *
 * @example
 * lines.flatMap((l) => l.split(' ')).map((w) => [w, 1] as [string, number]).reduceByKeyAndWindow((a, b) => a + b, Seconds(30), Seconds(10)).print();
 */
export abstract class DStream<T> {
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
  abstract get dependencies(): DStream<unknown>[];
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

  // ---- transformations ---------------------------------------------------------------------------
  // Functions given to map, filter, etc. run in tasks: on local-workers[N] they travel as source
  // text, so they must be self-contained (values through bind). transform and foreachRDD
  // functions run on the driver.

  map<U>(mapFunc: (item: T) => U): DStream<U> {
    return new MappedDStream(this, mapFunc);
  }

  flatMap<U>(flatMapFunc: (item: T) => Iterable<U>): DStream<U> {
    return new FlatMappedDStream(this, flatMapFunc);
  }

  filter(filterFunc: (item: T) => boolean): DStream<T> {
    return new FilteredDStream(this, filterFunc);
  }

  /** Each partition of each RDD as one array. */
  glom(): DStream<T[]> {
    return new GlommedDStream(this);
  }

  mapPartitions<U>(mapPartFunc: (items: Iterable<T>, context: TaskContext) => Iterable<U>, preservePartitioning = false): DStream<U> {
    return new MapPartitionedDStream(this, mapPartFunc, preservePartitioning);
  }

  /** Every RDD reshuffled into exactly `numPartitions` partitions. */
  repartition(numPartitions: number): DStream<T> {
    return this.transform(bind((rdd: RDD<T>, _time: Time, env: { numPartitions: number }) => rdd.repartition(env.numPartitions), { numPartitions }));
  }

  /** One element per batch: the batch reduced with `reduceFunc` (nothing for an empty batch). */
  reduce(reduceFunc: (a: T, b: T) => T): DStream<T> {
    return this.map((x) => [null, x] as [null, T]).reduceByKey(reduceFunc, 1).map(([, v]) => v);
  }

  /** One element per batch: how many records it holds (0 for an empty batch). */
  count(): DStream<number> {
    return pairDStreamFunctions.count(this);
  }

  /** Per batch, each distinct element with its count. */
  countByValue(numPartitions = this.ssc.sparkContext.defaultParallelism): DStream<[T, number]> {
    return this.map((x) => [x, 1] as [T, number]).reduceByKey((a, b) => a + b, numPartitions);
  }

  /** Applies `transformFunc` to every RDD on the driver: any RDD operation is allowed. */
  transform<U>(transformFunc: (rdd: RDD<T>, time: Time) => RDD<U>): DStream<U> {
    const adapt = (rdds: RDD<unknown>[], time: Time, env: { f: (rdd: RDD<T>, time: Time) => RDD<U> }) => env.f(rdds[0] as RDD<T>, time);
    return new TransformedDStream<U>([this], bind(adapt, { f: transformFunc }));
  }

  /** Combines this stream's RDD and `other`'s of the same batch with `transformFunc`. */
  transformWith<U, V>(other: DStream<U>, transformFunc: (rdd1: RDD<T>, rdd2: RDD<U>, time: Time) => RDD<V>): DStream<V> {
    const adapt = (rdds: RDD<unknown>[], time: Time, env: { f: (a: RDD<T>, b: RDD<U>, time: Time) => RDD<V> }) => env.f(rdds[0] as RDD<T>, rdds[1] as RDD<U>, time);
    return new TransformedDStream<V>([this, other as DStream<unknown>], bind(adapt, { f: transformFunc }));
  }

  union(that: DStream<T>): DStream<T> {
    return new UnionDStream([this, that]);
  }

  // ---- windows -------------------------------------------------------------------------------------

  /** Each RDD holds the batches of the window (t - windowDuration, t], every slideDuration. */
  window(windowDuration: Duration, slideDuration: Duration = this.slideDuration): DStream<T> {
    return new WindowedDStream(this, windowDuration, slideDuration);
  }

  /**
   * One element per window: the window reduced. With `invReduceFunc`, incrementally: the batches
   * that enter are reduced in, those that leave are "inverse reduced" out.
   */
  reduceByWindow(reduceFunc: (a: T, b: T) => T, windowDuration: Duration, slideDuration: Duration): DStream<T>;
  reduceByWindow(reduceFunc: (a: T, b: T) => T, invReduceFunc: (a: T, b: T) => T, windowDuration: Duration, slideDuration: Duration): DStream<T>;
  reduceByWindow(reduceFunc: (a: T, b: T) => T, second: Duration | ((a: T, b: T) => T), third: Duration, fourth?: Duration): DStream<T> {
    if (typeof second !== 'function') return this.reduce(reduceFunc).window(second, third).reduce(reduceFunc);
    return this.map((x) => [1, x] as [number, T])
      .reduceByKeyAndWindow(reduceFunc, second, third, fourth ?? this.slideDuration, 1)
      .map(([, v]) => v);
  }

  /** One element per window: how many records it holds (incremental, with an inverse function). */
  countByWindow(windowDuration: Duration, slideDuration: Duration): DStream<number> {
    return this.map(() => 1).reduceByWindow((a, b) => a + b, (a, b) => a - b, windowDuration, slideDuration);
  }

  /** Per window, each distinct element with its count; elements whose count drops to 0 are removed. */
  countByValueAndWindow(windowDuration: Duration, slideDuration: Duration, numPartitions = this.ssc.sparkContext.defaultParallelism): DStream<[T, number]> {
    return this.map((x) => [x, 1] as [T, number]).reduceByKeyAndWindow(
      (a, b) => a + b,
      (a, b) => a - b,
      windowDuration,
      slideDuration,
      numPartitions,
      ([, count]) => count !== 0,
    );
  }

  /** The RDDs of batches fromTime to toTime, both included (times are aligned down to the slide). */
  slice(fromTime: Time, toTime: Time): RDD<T>[] {
    const zero = this.zeroTime;
    if (!zero) throw StreamingErrors.notInitialized(this.toString());
    const align = (t: Time) => (t.since(zero).isMultipleOf(this.slideDuration) ? t : t.floor(this.slideDuration, zero));
    const out: RDD<T>[] = [];
    for (const time of align(fromTime).to(align(toTime), this.slideDuration)) {
      const rdd = time.greaterEq(zero) ? this.getOrCompute(time) : undefined;
      if (rdd) out.push(rdd);
    }
    return out;
  }

  // ---- output operations ---------------------------------------------------------------------------

  /**
   * Runs `foreachFunc` on the driver for every batch's RDD; it may return a Promise, which the
   * batch waits for. In a checkpointed graph it must be self-contained or a namedFunction.
   */
  foreachRDD(foreachFunc: (rdd: RDD<T>, time: Time) => void | Promise<void>): void {
    new ForEachDStream(this, { kind: 'foreachRDD', fn: foreachFunc as never }).register();
  }

  /** Prints the first `num` elements of every batch under Spark's banner (`Time: 1000 ms`). */
  print(num = 10): void {
    new ForEachDStream(this, { kind: 'print', num }).register();
  }

  /** Writes every batch as text files in the directory `prefix-<time in ms>[.suffix]`. */
  saveAsTextFiles(prefix: string, suffix = ''): void {
    new ForEachDStream(this, { kind: 'saveAsTextFiles', prefix, suffix }).register();
  }

  // ---- pair operations (Spark's PairDStreamFunctions), on streams of [key, value] -----------------

  mapValues<K, V, U>(this: DStream<[K, V]>, mapValuesFunc: (value: V) => U): DStream<[K, U]> {
    return pairDStreamFunctions.mapValues(this, mapValuesFunc);
  }

  flatMapValues<K, V, U>(this: DStream<[K, V]>, flatMapValuesFunc: (value: V) => Iterable<U>): DStream<[K, U]> {
    return pairDStreamFunctions.flatMapValues(this, flatMapValuesFunc);
  }

  combineByKey<K, V, C>(
    this: DStream<[K, V]>,
    createCombiner: (value: V) => C,
    mergeValue: (combiner: C, value: V) => C,
    mergeCombiner: (a: C, b: C) => C,
    partitions?: PartitionSpec,
    mapSideCombine = true,
  ): DStream<[K, C]> {
    return pairDStreamFunctions.combineByKey(this, createCombiner, mergeValue, mergeCombiner, partitions, mapSideCombine);
  }

  reduceByKey<K, V>(this: DStream<[K, V]>, reduceFunc: (a: V, b: V) => V, partitions?: PartitionSpec): DStream<[K, V]> {
    return pairDStreamFunctions.combineByKey(this, (v: V) => v, reduceFunc, reduceFunc, partitions, true);
  }

  groupByKey<K, V>(this: DStream<[K, V]>, partitions?: PartitionSpec): DStream<[K, V[]]> {
    return pairDStreamFunctions.groupByKey(this, partitions);
  }

  cogroup<K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, partitions?: PartitionSpec): DStream<[K, [V[], W[]]]> {
    return pairDStreamFunctions.joinLike(this, other, 'cogroup', partitions) as DStream<[K, [V[], W[]]]>;
  }

  join<K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, partitions?: PartitionSpec): DStream<[K, [V, W]]> {
    return pairDStreamFunctions.joinLike(this, other, 'join', partitions) as DStream<[K, [V, W]]>;
  }

  /** Every left pair, with `undefined` where the right side has no value (Scala's None). */
  leftOuterJoin<K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, partitions?: PartitionSpec): DStream<[K, [V, W | undefined]]> {
    return pairDStreamFunctions.joinLike(this, other, 'leftOuterJoin', partitions) as DStream<[K, [V, W | undefined]]>;
  }

  rightOuterJoin<K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, partitions?: PartitionSpec): DStream<[K, [V | undefined, W]]> {
    return pairDStreamFunctions.joinLike(this, other, 'rightOuterJoin', partitions) as DStream<[K, [V | undefined, W]]>;
  }

  fullOuterJoin<K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, partitions?: PartitionSpec): DStream<[K, [V | undefined, W | undefined]]> {
    return pairDStreamFunctions.joinLike(this, other, 'fullOuterJoin', partitions) as DStream<[K, [V | undefined, W | undefined]]>;
  }

  /** Per window, each key with all its values in the window. */
  groupByKeyAndWindow<K, V>(this: DStream<[K, V]>, windowDuration: Duration, slideDuration?: Duration, partitions?: PartitionSpec): DStream<[K, V[]]> {
    return pairDStreamFunctions.groupByKeyAndWindow(this, windowDuration, slideDuration ?? this.slideDuration, partitions);
  }

  /**
   * Per window, each key's values reduced. Without an inverse function, every window is reduced
   * from its batches; with one (Spark's ReducedWindowedDStream), incrementally from the previous
   * window, and a key stays with its "zero" value unless `filterFunc` removes it.
   */
  reduceByKeyAndWindow<K, V>(this: DStream<[K, V]>, reduceFunc: (a: V, b: V) => V, windowDuration: Duration, slideDuration?: Duration, partitions?: PartitionSpec): DStream<[K, V]>;
  reduceByKeyAndWindow<K, V>(
    this: DStream<[K, V]>,
    reduceFunc: (a: V, b: V) => V,
    invReduceFunc: (a: V, b: V) => V,
    windowDuration: Duration,
    slideDuration?: Duration,
    partitions?: PartitionSpec,
    filterFunc?: (pair: [K, V]) => boolean,
  ): DStream<[K, V]>;
  reduceByKeyAndWindow<K, V>(this: DStream<[K, V]>, reduceFunc: (a: V, b: V) => V, ...rest: unknown[]): DStream<[K, V]> {
    if (typeof rest[0] !== 'function') {
      const [windowDuration, slideDuration, partitions] = rest as [Duration, Duration | undefined, PartitionSpec];
      return pairDStreamFunctions.reduceByKeyAndWindow(this, reduceFunc, windowDuration, slideDuration ?? this.slideDuration, partitions);
    }
    const [invReduceFunc, windowDuration, slideDuration, partitions, filterFunc] = rest as [(a: V, b: V) => V, Duration, Duration | undefined, PartitionSpec, ((pair: [K, V]) => boolean) | undefined];
    return pairDStreamFunctions.reduceByKeyAndWindowInv(this, reduceFunc, invReduceFunc, windowDuration, slideDuration ?? this.slideDuration, partitions, filterFunc);
  }

  /**
   * Keeps a state per key across batches: every batch, `updateFunc(newValues, previousState)` runs
   * for every key with new values or a state; returning undefined removes the key.
   * Needs StreamingContext.checkpoint(dir).
   */
  updateStateByKey<K, V, S>(this: DStream<[K, V]>, updateFunc: (values: V[], state: S | undefined) => S | undefined, options?: UpdateStateOptions<K, S>): DStream<[K, S]>;
  /**
   * Spark's form with the batch time and key: `updateFunc(batchTimeMs, key, values, state)`.
   * Differs from Spark: Scala picks the form by the function's type; here `withKeyAndTime: true` says so.
   */
  updateStateByKey<K, V, S>(
    this: DStream<[K, V]>,
    updateFunc: (batchTimeMs: number, key: K, values: V[], state: S | undefined) => S | undefined,
    options: UpdateStateOptions<K, S> & { readonly withKeyAndTime: true },
  ): DStream<[K, S]>;
  updateStateByKey<K, V, S>(this: DStream<[K, V]>, updateFunc: (...args: never[]) => S | undefined, options?: UpdateStateOptions<K, S> & { readonly withKeyAndTime?: boolean }): DStream<[K, S]> {
    return pairDStreamFunctions.updateStateByKey(this, updateFunc as never, options ?? {});
  }

  /** Spark's mapWithState: a mapping function with per-key state, timeouts and state snapshots. */
  mapWithState<K, V, S, E>(this: DStream<[K, V]>, spec: StateSpec<K, V, S, E>): MapWithStateDStream<K, V, S, E> {
    return pairDStreamFunctions.mapWithState(this, spec);
  }
}
