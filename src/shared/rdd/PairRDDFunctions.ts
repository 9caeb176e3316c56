/**
 * The shuffle-based operations on RDDs of [key, value] pairs. Spark: core/.../rdd/PairRDDFunctions.scala.
 *
 * Each is built from two primitives, as in Spark: combineByKey (a ShuffledRDD with an aggregator)
 * and cogroup (a CoGroupedRDD); joins are a flatMapValues over a cogroup.
 */
import { HashPartitioner } from '../partitioner/HashPartitioner.js';
import type { Partitioner } from '../partitioner/Partitioner.js';
import type { Aggregator } from '../shuffle/Aggregator.js';
import { bind } from '../util/closure.js';
import { KeyMap } from '../util/KeyMap.js';
import { registerBuiltin } from '../util/builtinFunctions.js';
import { CoGroupedRDD, MapPartitionsRDD, ShuffledRDD, type RDD, type PartitionSpec } from './internal.js';

/**
 * Spark's Partitioner.defaultPartitioner: the partitioner of the parent with the most partitions,
 * if it has one and it is not an order of magnitude smaller than the largest parent (or not
 * smaller than the default count); else a HashPartitioner over spark.default.parallelism when
 * that is set, or over the largest parent's partition count.
 */
export function defaultPartitioner(spec: PartitionSpec, ...rdds: RDD<unknown>[]): Partitioner {
  if (typeof spec === 'number') return new HashPartitioner(spec);
  if (spec) return spec;
  const maxPartitions = Math.max(...rdds.map((r) => r.getNumPartitions()));
  const partitioned = rdds.filter((r) => r.partitioner !== undefined && r.partitioner.numPartitions > 0);
  const withMax = partitioned.reduce<RDD<unknown> | undefined>((best, r) => (best && best.getNumPartitions() >= r.getNumPartitions() ? best : r), undefined);
  const sc = rdds[0].sc;
  const defaultNumPartitions = sc.conf?.contains('spark.default.parallelism') ? sc.defaultParallelism : maxPartitions;
  if (withMax) {
    const isEligible = Math.log10(maxPartitions) - Math.log10(withMax.getNumPartitions()) < 1;
    if (isEligible || defaultNumPartitions <= withMax.getNumPartitions()) return withMax.partitioner as Partitioner;
  }
  return new HashPartitioner(defaultNumPartitions);
}

type JoinType = 'inner' | 'left' | 'right' | 'full';

/** The bodies of RDD's pair methods (reduceByKey, join, ...), kept out of RDD.ts. */
export const pairFunctions = {
  combineByKey<K, V, C>(rdd: RDD<[K, V]>, aggregator: Aggregator<K, V, C>, spec: PartitionSpec, mapSideCombine: boolean): RDD<[K, C]> {
    const partitioner = defaultPartitioner(spec, rdd as RDD<unknown>);
    if (partitioner.equals(rdd.partitioner)) {
      // Already placed by key: combine inside each partition, no shuffle (Spark does the same).
      return new MapPartitionsRDD(rdd, { kind: 'combineByKey', aggregator: aggregator as Aggregator<unknown, unknown, unknown> }, true);
    }
    return new ShuffledRDD<K, V, C>(rdd, partitioner, { aggregator, mapSideCombine });
  },

  aggregateByKey<K, V, U>(rdd: RDD<[K, V]>, zeroValue: U, seqOp: (acc: U, v: V) => U, combOp: (a: U, b: U) => U, spec: PartitionSpec): RDD<[K, U]> {
    // structuredClone gives every key its own zero, so a mutable zero (an array) is never shared.
    const createCombiner = bind((v: V, env: { seqOp: typeof seqOp; zeroValue: U }) => env.seqOp(structuredClone(env.zeroValue), v), { seqOp, zeroValue });
    return pairFunctions.combineByKey(rdd, { createCombiner, mergeValue: seqOp, mergeCombiners: combOp }, spec, true);
  },

  groupByKey<K, V>(rdd: RDD<[K, V]>, spec: PartitionSpec): RDD<[K, V[]]> {
    // No map-side combine: it would not reduce the data, as Spark notes.
    const aggregator: Aggregator<K, V, V[]> = {
      createCombiner: (v) => [v],
      mergeValue: (c, v) => (c.push(v), c),
      mergeCombiners: (a, b) => a.concat(b),
    };
    return pairFunctions.combineByKey(rdd, aggregator, spec, false);
  },

  partitionBy<K, V>(rdd: RDD<[K, V]>, partitioner: Partitioner): RDD<[K, V]> {
    if (partitioner.equals(rdd.partitioner)) return rdd;
    return new ShuffledRDD<K, V, V>(rdd, partitioner);
  },

  cogroup<K, V, W>(rdd: RDD<[K, V]>, other: RDD<[K, W]>, spec: PartitionSpec): RDD<[K, [V[], W[]]]> {
    const partitioner = defaultPartitioner(spec, rdd as RDD<unknown>, other as RDD<unknown>);
    return new CoGroupedRDD<K>([rdd, other] as RDD<[K, unknown]>[], partitioner) as unknown as RDD<[K, [V[], W[]]]>;
  },

  join<K, V, W>(rdd: RDD<[K, V]>, other: RDD<[K, W]>, how: JoinType, spec: PartitionSpec): RDD<[K, [V | undefined, W | undefined]]> {
    const keepLeft = how === 'left' || how === 'full';
    const keepRight = how === 'right' || how === 'full';
    const pairUp = ([vs, ws]: [V[], W[]], env: { keepLeft: boolean; keepRight: boolean }) => {
      const out: [V | undefined, W | undefined][] = [];
      for (const v of vs) for (const w of ws) out.push([v, w]);
      if (ws.length === 0 && env.keepLeft) for (const v of vs) out.push([v, undefined]);
      if (vs.length === 0 && env.keepRight) for (const w of ws) out.push([undefined, w]);
      return out;
    };
    return pairFunctions.cogroup(rdd, other, spec).flatMapValues(bind(pairUp, { keepLeft, keepRight }));
  },

  /**
   * Spark's distinct: an RDD that already has a partitioner, asked for its own partition count,
   * holds equal elements in one partition, so duplicates go without a shuffle and the partitioner
   * stays; otherwise (x, null) pairs are reduced by key.
   */
  distinct<T>(rdd: RDD<T>, numPartitions: number | undefined): RDD<T> {
    const n = numPartitions ?? rdd.getNumPartitions();
    if (rdd.partitioner && n === rdd.getNumPartitions()) return rdd.mapPartitions(registeredDistinctInPartition as (items: Iterable<T>) => T[], true);
    return pairFunctions
      .combineByKey(rdd.map((x) => [x, null] as [T, null]), { createCombiner: () => null, mergeValue: () => null, mergeCombiners: () => null }, n, true)
      .map(([x]) => x);
  },

  /**
   * repartition / coalesce(shuffle = true): each map partition deals its records round-robin
   * from its own start, so output partitions differ in size by at most the map partition count.
   * Spark draws the start from a random generator seeded by the partition index; here it is the
   * index's murmur3 finaliser, equally spread and the same on every run.
   */
  redistribute<T>(rdd: RDD<T>, numPartitions: number): RDD<T> {
    const deal = (index: number, items: Iterable<T>, env: { numPartitions: number }) => {
      let h = index;
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      let position = ((h ^ (h >>> 16)) >>> 0) % env.numPartitions;
      const out: [number, T][] = [];
      for (const item of items) out.push([position++, item]);
      return out;
    };
    const keyed = rdd.mapPartitionsWithIndex(bind(deal, { numPartitions }));
    return new ShuffledRDD<number, T, T>(keyed, new HashPartitioner(numPartitions)).map(([, item]) => item);
  },
};

/** One partition without duplicates (elements compare by value), in first-seen order. */
const registeredDistinctInPartition = registerBuiltin('rdd.distinctInPartition', (items: Iterable<unknown>): unknown[] => {
  const seen = new KeyMap<unknown, true>();
  for (const item of items) if (!seen.has(item)) seen.set(item, true);
  return [...seen.entries()].map(([item]) => item);
});
