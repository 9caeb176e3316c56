/**
 * The operations on streams of [key, value] pairs, built from the operator DStreams.
 * Spark: streaming/.../dstream/PairDStreamFunctions.scala (and DStream.count).
 *
 * Without a partition count or partitioner, shuffles use Spark's default: a HashPartitioner over
 * sc.defaultParallelism partitions.
 */
import { HashPartitioner, Partitioner, ParallelCollectionRDD, bind } from '../../shared/index.js';
import type { RDD } from '../../shared/index.js';
import type { Duration } from '../Duration.js';
import { namedFunction } from '../namedFunction.js';
import type { StateSpec } from '../StateSpec.js';
import type { Time } from '../Time.js';
import {
  FlatMapValuedDStream,
  MapValuedDStream,
  MapWithStateDStream,
  ReducedWindowedDStream,
  ShuffledDStream,
  StateDStream,
  TransformedDStream,
  type DStream,
  type PartitionSpec,
} from './internal.js';

/** Options of updateStateByKey (Spark's overloads with partitioner, rememberPartitioner and initialRDD). */
export interface UpdateStateOptions<K, S> {
  /** A partition count or a partitioner for the state RDDs. */
  readonly partitions?: PartitionSpec;
  /** Keep the state RDDs partitioned (default true), so the next batch's cogroup needs no shuffle of the state. */
  readonly rememberPartitioner?: boolean;
  /** States the keys start with. */
  readonly initialRDD?: RDD<[K, S]>;
}

/** Spark's defaultPartitioner for DStreams. */
export function resolvePartitioner(spec: PartitionSpec, defaultParallelism: number): Partitioner {
  if (spec instanceof Partitioner) return spec;
  return new HashPartitioner(spec ?? defaultParallelism);
}

/** Adds the (null, 0) pair that makes count() report 0 for an empty batch, as Spark does. */
const withZeroCount = namedFunction('dstream.count.withZero', (rdd: RDD<[null, number]>) => rdd.union(new ParallelCollectionRDD<[null, number]>(rdd.sc, [[[null, 0]]])));

type JoinKind = 'join' | 'leftOuterJoin' | 'rightOuterJoin' | 'fullOuterJoin' | 'cogroup';

/** The implementations behind DStream's pair methods (and count). */
export const pairDStreamFunctions = {
  count<T>(stream: DStream<T>): DStream<number> {
    return stream
      .map(() => [null, 1] as [null, number])
      .transform(withZeroCount)
      .reduceByKey((a, b) => a + b)
      .map(([, n]) => n);
  },

  mapValues<K, V, U>(stream: DStream<[K, V]>, fn: (value: V) => U): DStream<[K, U]> {
    return new MapValuedDStream(stream, fn);
  },

  flatMapValues<K, V, U>(stream: DStream<[K, V]>, fn: (value: V) => Iterable<U>): DStream<[K, U]> {
    return new FlatMapValuedDStream(stream, fn);
  },

  combineByKey<K, V, C>(
    stream: DStream<[K, V]>,
    createCombiner: (value: V) => C,
    mergeValue: (combiner: C, value: V) => C,
    mergeCombiner: (a: C, b: C) => C,
    partitions: PartitionSpec,
    mapSideCombine: boolean,
  ): DStream<[K, C]> {
    const partitioner = resolvePartitioner(partitions, stream.ssc.sparkContext.defaultParallelism);
    return new ShuffledDStream(stream, createCombiner, mergeValue, mergeCombiner, partitioner, mapSideCombine);
  },

  groupByKey<K, V>(stream: DStream<[K, V]>, partitions: PartitionSpec): DStream<[K, V[]]> {
    return pairDStreamFunctions.combineByKey(stream, (v: V) => [v], (c: V[], v: V) => c.concat([v]), (a: V[], b: V[]) => a.concat(b), partitions, false);
  },

  /** join, the outer joins and cogroup: the RDD operation of the same name on each batch pair. */
  joinLike<K, V, W>(stream: DStream<[K, V]>, other: DStream<[K, W]>, how: JoinKind, partitions: PartitionSpec): DStream<[K, unknown]> {
    const partitioner = resolvePartitioner(partitions, stream.ssc.sparkContext.defaultParallelism);
    const joinBatch = (rdds: RDD<unknown>[], _time: Time, env: { how: JoinKind; partitioner: Partitioner }) =>
      (rdds[0] as RDD<[unknown, unknown]>)[env.how](rdds[1] as RDD<[unknown, unknown]>, env.partitioner);
    return new TransformedDStream<[K, unknown]>([stream as DStream<unknown>, other as DStream<unknown>], bind(joinBatch, { how, partitioner }) as never);
  },

  groupByKeyAndWindow<K, V>(stream: DStream<[K, V]>, windowDuration: Duration, slideDuration: Duration, partitions: PartitionSpec): DStream<[K, V[]]> {
    const partitioner = resolvePartitioner(partitions, stream.ssc.sparkContext.defaultParallelism);
    return stream
      .groupByKey(partitioner)
      .window(windowDuration, slideDuration)
      .combineByKey((vs: V[]) => vs.slice(), (buf: V[], vs: V[]) => buf.concat(vs), (a: V[], b: V[]) => a.concat(b), partitioner);
  },

  /** Without an inverse: reduce each batch, window, reduce the window's batches again. */
  reduceByKeyAndWindow<K, V>(stream: DStream<[K, V]>, reduceFunc: (a: V, b: V) => V, windowDuration: Duration, slideDuration: Duration, partitions: PartitionSpec): DStream<[K, V]> {
    const partitioner = resolvePartitioner(partitions, stream.ssc.sparkContext.defaultParallelism);
    return stream.reduceByKey(reduceFunc, partitioner).window(windowDuration, slideDuration).reduceByKey(reduceFunc, partitioner);
  },

  reduceByKeyAndWindowInv<K, V>(
    stream: DStream<[K, V]>,
    reduceFunc: (a: V, b: V) => V,
    invReduceFunc: (a: V, b: V) => V,
    windowDuration: Duration,
    slideDuration: Duration,
    partitions: PartitionSpec,
    filterFunc: ((pair: [K, V]) => boolean) | undefined,
  ): DStream<[K, V]> {
    const partitioner = resolvePartitioner(partitions, stream.ssc.sparkContext.defaultParallelism);
    const reduced = stream.reduceByKey(reduceFunc, partitioner);
    return new ReducedWindowedDStream(reduced, reduceFunc, invReduceFunc, filterFunc, windowDuration, slideDuration, partitioner);
  },

  updateStateByKey<K, V, S>(
    stream: DStream<[K, V]>,
    updateFunc: ((values: V[], state: S | undefined) => S | undefined) | ((batchTimeMs: number, key: K, values: V[], state: S | undefined) => S | undefined),
    options: UpdateStateOptions<K, S> & { readonly withKeyAndTime?: boolean },
  ): DStream<[K, S]> {
    const partitioner = resolvePartitioner(options.partitions, stream.ssc.sparkContext.defaultParallelism);
    const update = options.withKeyAndTime ? { kind: 'withKeyAndTime' as const, fn: updateFunc as never } : { kind: 'simple' as const, fn: updateFunc as never };
    return new StateDStream(stream, update, partitioner, options.rememberPartitioner ?? true, options.initialRDD);
  },

  mapWithState<K, V, S, E>(stream: DStream<[K, V]>, spec: StateSpec<K, V, S, E>): MapWithStateDStream<K, V, S, E> {
    return MapWithStateDStream.create(stream, spec);
  },
};
