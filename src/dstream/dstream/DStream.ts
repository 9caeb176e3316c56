/**
 * A discretized stream: a sequence of RDDs, one per batch time, each computed from the parents'
 * RDDs of that time. Spark: streaming/.../dstream/DStream.scala.
 *
 * Ingestion time only: the RDD of batch t holds what arrived in (t - batchDuration, t]; there is
 * no event time, so a record that arrives late belongs to the batch (and windows) of its arrival.
 *
 * This file holds the operations, which build the operator DStreams; the lifecycle every DStream
 * shares (initialize, validate, getOrCompute, remember, clear, checkpoint data) is in
 * DStreamLifecycle.ts.
 */
import type { PartitionSpec, RDD, TaskContext } from '../../shared/index.js';
import { bind } from '../../shared/index.js';
import { DStreamLifecycle } from './DStreamLifecycle.js';
import { StreamingErrors } from '../errors.js';
import type { Duration } from '../Duration.js';
import { Time } from '../Time.js';
import type { StateSpec } from '../StateSpec.js';
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
export type { DStreamDescriptor } from './DStreamLifecycle.js';

/**
 * A stream of RDDs, one per batch time. Transformations are lazy and build new DStreams; output
 * operations (print, foreachRDD, saveAsTextFiles) register jobs that run every batch.
 * Ingestion time: a batch holds what arrived in it.
 *
 * @example
 * lines.flatMap((l) => l.split(' ')).map((w) => [w, 1] as [string, number]).reduceByKeyAndWindow((a, b) => a + b, Seconds(30), Seconds(10)).print();
 */
export abstract class DStream<T> extends DStreamLifecycle<T> {
  /** The streams this one is computed from. */
  abstract override get dependencies(): DStream<unknown>[];

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
