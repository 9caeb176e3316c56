/**
 * Cases from Spark's RDDSuite (core/src/test/scala/org/apache/spark/rdd/RDDSuite.scala), kept as a
 * table: the case id is the Spark test name. Each case runs on local[2] and local-workers[2].
 * Cases about APIs twinstream does not have (toLocalIterator, max/min, treeAggregate, serialized
 * sizes) are left out.
 */
import { describe, expect, it } from 'vitest';
import { HashPartitioner, PartitionerAwareUnionRDD, UnionRDD, type SparkContext } from '../../../src/index.js';
import { MASTERS, sorted, useSparkContext } from '../../support/sparkContexts.js';

interface ConformanceCase {
  readonly id: string;
  readonly run: (sc: SparkContext) => Promise<unknown>;
  readonly expected: unknown;
}

const range = (from: number, until: number) => Array.from({ length: until - from }, (_, i) => from + i);

/** Spark's testSplitPartitions: every element kept, no output partition empty or above avg + initial. */
async function splitPartitions(sc: SparkContext, input: number[], initialPartitions: number, finalPartitions: number): Promise<boolean> {
  const parts = await sc.parallelize(input, initialPartitions).repartition(finalPartitions).glom().collect();
  const maxPossible = Math.floor(input.length / finalPartitions) + initialPartitions;
  const all = parts.flat().sort((a, b) => a - b);
  return parts.length === finalPartitions && parts.every((p) => p.length > 0 && p.length <= maxPossible) && JSON.stringify(all) === JSON.stringify([...input].sort((a, b) => a - b));
}

const CASES: ConformanceCase[] = [
  {
    id: 'basic operations',
    run: async (sc) => {
      const nums = sc.parallelize([1, 2, 3, 4], 2);
      const dups = sc.parallelize([1, 1, 2, 2, 3, 3, 4, 4], 2);
      return [
        nums.getNumPartitions(),
        await nums.collect(),
        await dups.distinct().count(),
        sorted(await dups.distinct(2).collect()),
        await nums.reduce((a, b) => a + b),
        await nums.fold(0, (a, b) => a + b),
        await nums.map(String).collect(),
        await nums.filter((x) => x > 2).collect(),
        await nums.flatMap((x) => Array.from({ length: x }, (_, i) => i + 1)).collect(),
        await nums.union(nums).collect(),
        await nums.glom().collect(),
        await nums.keyBy(String).collect(),
        await nums.mapPartitions((items) => [Array.from(items).reduce((a, b) => a + b, 0)]).collect(),
        await nums.mapPartitionsWithIndex((split, items) => [[split, Array.from(items).reduce((a, b) => a + b, 0)]]).collect(),
        await nums.filter((x) => x > 5).reduce((a, b) => a + b).catch((e: Error) => e.message.startsWith('empty collection')),
      ];
    },
    expected: [2, [1, 2, 3, 4], 4, [1, 2, 3, 4], 10, 10, ['1', '2', '3', '4'], [3, 4], [1, 1, 2, 1, 2, 3, 1, 2, 3, 4], [1, 2, 3, 4, 1, 2, 3, 4], [[1, 2], [3, 4]], [['1', 1], ['2', 2], ['3', 3], ['4', 4]], [3, 7], [[0, 3], [1, 7]], true],
  },
  {
    id: 'distinct with known partitioner preserves partitioning',
    run: async (sc) => {
      const rdd = sc.parallelize(range(1, 101), 10).map((x) => [x % 10, x % 10] as [number, number]).sortByKey();
      const same = rdd.distinct();
      const different = rdd.distinct(5);
      return [same.partitioner === rdd.partitioner, different.partitioner === rdd.partitioner, sorted(await same.collect()), sorted(await different.collect())];
    },
    expected: [true, false, sorted(range(0, 10).map((k) => [k, k])), sorted(range(0, 10).map((k) => [k, k]))],
  },
  {
    id: 'SparkContext.union',
    run: async (sc) => {
      const nums = sc.parallelize([1, 2, 3, 4], 2);
      return [await sc.union([nums]).collect(), await sc.union([nums, nums]).collect()];
    },
    expected: [[1, 2, 3, 4], [1, 2, 3, 4, 1, 2, 3, 4]],
  },
  {
    id: 'SparkContext.union creates UnionRDD if at least one RDD has no partitioner',
    run: async (sc) => sc.union([sc.parallelize([[2, true]] as [number, boolean][]), sc.parallelize([[1, true]] as [number, boolean][]).partitionBy(new HashPartitioner(1))]) instanceof UnionRDD,
    expected: true,
  },
  {
    id: 'SparkContext.union creates PartitionAwareUnionRDD if all RDDs have partitioners',
    run: async (sc) => {
      const withPartitioner = sc.parallelize([[1, true]] as [number, boolean][]).partitionBy(new HashPartitioner(1));
      return sc.union([withPartitioner, withPartitioner]) instanceof PartitionerAwareUnionRDD;
    },
    expected: true,
  },
  {
    id: 'SPARK-23778: empty RDD in union should not produce a UnionRDD',
    run: async (sc) => {
      const withPartitioner = sc.parallelize([[1, true]] as [number, boolean][]).partitionBy(new HashPartitioner(1));
      const empty = sc.emptyRDD<[number, boolean]>();
      const allEmpty = sc.union([empty, empty]);
      return [sc.union([empty, withPartitioner]) instanceof PartitionerAwareUnionRDD, allEmpty instanceof UnionRDD, await allEmpty.collect()];
    },
    expected: [true, true, []],
  },
  {
    id: 'partitioner aware union',
    run: async (sc) => {
      const make = (xs: number[]) =>
        sc
          .parallelize(xs, 1)
          .map((x) => [x, null] as [number, null])
          .partitionBy(new HashPartitioner(2))
          .mapPartitions((items) => Array.from(items, ([x]) => x), true);
      const [nums1, nums2] = [make([1, 2, 3, 4]), make([5, 6, 7, 8])];
      const union = sc.union([nums1, nums2]);
      const [p1, p2, pu] = [await nums1.glom().collect(), await nums2.glom().collect(), await union.glom().collect()];
      return [sorted(await union.collect()), pu.length, pu[0], [...p1[0], ...p2[0]], pu[1], [...p1[1], ...p2[1]], union.partitioner === nums1.partitioner];
    },
    expected: [sorted([1, 2, 3, 4, 5, 6, 7, 8]), 2, [2, 4, 6, 8], [2, 4, 6, 8], [1, 3, 5, 7], [1, 3, 5, 7], true],
  },
  { id: 'fold', run: (sc) => sc.parallelize(range(-1000, 1000), 10).fold(0, (c, x) => c + x), expected: -1000 },
  {
    id: 'fold with op modifying first arg',
    run: async (sc) => (await sc.parallelize(range(-1000, 1000), 10).map((x) => [x]).fold([0], (c, x) => ((c[0] += x[0]), c)))[0],
    expected: -1000,
  },
  {
    id: 'aggregate',
    run: async (sc) => {
      const pairs = sc.parallelize([['a', 1], ['b', 2], ['a', 2], ['c', 5], ['a', 3]] as [string, number][]);
      const merged = await pairs.aggregate(
        {} as Record<string, number>,
        (map, [k, v]) => ((map[k] = (map[k] ?? 0) + v), map),
        (m1, m2) => {
          for (const [k, v] of Object.entries(m2)) m1[k] = (m1[k] ?? 0) + v;
          return m1;
        },
      );
      return merged;
    },
    expected: { a: 6, b: 2, c: 5 },
  },
  {
    id: 'basic caching',
    run: async (sc) => {
      const rdd = sc.parallelize([1, 2, 3, 4], 2).cache();
      const results = [await rdd.collect(), await rdd.collect(), await rdd.collect()];
      rdd.unpersist();
      return results;
    },
    expected: [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]],
  },
  {
    id: 'empty RDD',
    run: async (sc) => {
      const empty = sc.emptyRDD<number>();
      const emptyKv = sc.emptyRDD<[number, number]>();
      const rdd = sc.parallelize([1, 2], 2).map((x) => [x, x] as [number, number]);
      return [
        await empty.count(),
        await empty.reduce((a, b) => a + b).catch((e: Error) => e.message.includes('empty')),
        (await rdd.join(emptyKv).collect()).length,
        (await rdd.rightOuterJoin(emptyKv).collect()).length,
        (await rdd.leftOuterJoin(emptyKv).collect()).length,
        (await rdd.fullOuterJoin(emptyKv).collect()).length,
        (await rdd.cogroup(emptyKv).collect()).length,
        (await rdd.union(emptyKv).collect()).length,
      ];
    },
    expected: [0, true, 0, 0, 2, 2, 2, 2],
  },
  {
    id: 'repartitioned RDDs',
    run: async (sc) => {
      const data = sc.parallelize(range(1, 1001), 10);
      const two = await data.repartition(2).glom().collect();
      const twenty = await data.repartition(20).glom().collect();
      return [two.length, two.every((p) => p.length > 0), sorted(two.flat()), twenty.length, twenty[0].length > 0 && twenty[19].length > 0, sorted(twenty.flat())];
    },
    expected: [2, true, sorted(range(1, 1001)), 20, true, sorted(range(1, 1001))],
  },
  {
    id: 'repartitioned RDDs perform load balancing',
    run: async (sc) => {
      const parts = await sc.parallelize(new Array(1000).fill(1), 10).repartition(2).glom().collect();
      return [
        parts.map((p) => Math.abs(p.length - 500) < 10),
        await splitPartitions(sc, new Array(100).fill(1), 10, 20),
        await splitPartitions(sc, [...new Array(10000).fill(1), ...new Array(10000).fill(2)], 20, 100),
        await splitPartitions(sc, new Array(1000).fill(1), 250, 128),
      ];
    },
    expected: [[true, true], true, true, true],
  },
  {
    id: 'coalesced RDDs',
    run: async (sc) => {
      const coalesced = sc.parallelize(range(1, 11), 10).coalesce(2);
      const [dep] = coalesced.dependencies as unknown as { getParents(i: number): number[] }[];
      return [await coalesced.collect(), await coalesced.glom().collect(), dep.getParents(0)];
    },
    expected: [range(1, 11), [range(1, 6), range(6, 11)], [0, 1, 2, 3, 4]],
  },
];

describe.each(MASTERS)("Spark's RDDSuite on %s", (master) => {
  const sc = useSparkContext(master);
  it.each(CASES.map((c) => [c.id, c] as const))('%s', async (_id, testCase) => {
    expect(await testCase.run(sc())).toEqual(testCase.expected);
  });
});
