/**
 * Operations on RDDs of [key, value] pairs (Spark's PairRDDFunctions): aggregations by key, joins,
 * cogroup and partitionBy, with the result partitioning each one promises.
 */
import { describe, expect, it } from 'vitest';
import { HashPartitioner, ShuffleDependency, type RDD, type SparkContext } from '../../../src/index.js';
import { MASTERS, sorted, useSparkContext, withSparkContext } from '../../support/sparkContexts.js';

const pairs = <K, V>(sc: SparkContext, data: [K, V][], slices = 2): RDD<[K, V]> => sc.parallelize(data, slices);

describe.each(MASTERS)('aggregations by key on %s', (master) => {
  const sc = useSparkContext(master);
  const data: [string, number][] = [['a', 1], ['b', 2], ['a', 3], ['c', 4], ['b', 5], ['a', 6]];

  it('reduces by key into hash-placed partitions', async () => {
    const sums = pairs(sc(), data, 3).reduceByKey((x, y) => x + y, 2);
    expect(sums.getNumPartitions()).toBe(2);
    expect(sums.partitioner?.equals(new HashPartitioner(2))).toBe(true);
    // Java hashCodes: a = 97, b = 98, c = 99; partition = hash mod 2.
    expect(await sums.glom().collect()).toEqual([[['b', 7]], [['a', 10], ['c', 4]]]);
  });

  it('groups by key, values in map-partition order', async () => {
    const groups = await pairs(sc(), data, 3).groupByKey(1).collect();
    expect(groups).toEqual([['a', [1, 3, 6]], ['b', [2, 5]], ['c', [4]]]);
  });

  it('aggregates by key from a per-key copy of a mutable zero value', async () => {
    const lists = pairs(sc(), data, 3).aggregateByKey([] as number[], (acc, v) => (acc.push(v), acc), (x, y) => x.concat(y), 1);
    expect(await lists.collect()).toEqual([['a', [1, 3, 6]], ['b', [2, 5]], ['c', [4]]]);
  });

  it('folds by key with the zero value once per key per partition', async () => {
    // 3 slices: a appears in slices 0, 1 and 2, so its zero (10) is added three times.
    const folded = await pairs(sc(), data, 3).foldByKey(10, (x, y) => x + y, 1).collectAsMap();
    expect(folded).toEqual(new Map([['a', 40], ['b', 27], ['c', 14]]));
  });

  it('combines by key with createCombiner, mergeValue and mergeCombiners', async () => {
    const averages = pairs(sc(), data, 3)
      .combineByKey(
        (v) => [v, 1] as [number, number],
        (c, v) => [c[0] + v, c[1] + 1] as [number, number],
        (c1, c2) => [c1[0] + c2[0], c1[1] + c2[1]] as [number, number],
        1,
      )
      .mapValues(([total, n]) => total / n);
    expect(await averages.collect()).toEqual([['a', 10 / 3], ['b', 3.5], ['c', 4]]);
  });

  it('keeps the default partition count of the parent when none is given', async () => {
    expect(pairs(sc(), data, 3).reduceByKey((x, y) => x + y).getNumPartitions()).toBe(3);
  });

  it('picks the partitioner as Spark\'s defaultPartitioner does', () => {
    const plain = pairs(sc(), data, 3);
    const placed = pairs(sc(), data, 3).partitionBy(new HashPartitioner(2));
    // The only partitioned parent is within 10x of the largest: its partitioner is kept.
    expect(plain.join(placed).partitioner?.equals(new HashPartitioner(2))).toBe(true);
    expect(placed.join(plain).partitioner?.equals(new HashPartitioner(2))).toBe(true);
    // 25 partitions dwarf a 2-partition partitioner: a new HashPartitioner(25) instead.
    const wide = pairs(sc(), data, 25);
    expect(wide.join(placed).partitioner?.equals(new HashPartitioner(25))).toBe(true);
  });

  it('groups tuple keys by value, not by identity', async () => {
    const keyed = pairs(sc(), [[['x', 1], 1], [['x', 1], 2], [['y', 2], 3]] as [[string, number], number][], 2);
    expect(sorted(await keyed.reduceByKey((x, y) => x + y).collect())).toEqual([[['x', 1], 3], [['y', 2], 3]]);
  });

  it('combines inside partitions, with no shuffle, when the input already has the partitioner', async () => {
    const placed = pairs(sc(), data, 3).partitionBy(new HashPartitioner(2));
    const sums = placed.reduceByKey((x, y) => x + y);
    expect(sums.dependencies.some((d) => d instanceof ShuffleDependency)).toBe(false);
    expect(await sums.glom().collect()).toEqual([[['b', 7]], [['a', 10], ['c', 4]]]);
  });

  it('returns the same RDD from partitionBy with an equal partitioner', () => {
    const placed = pairs(sc(), data).partitionBy(new HashPartitioner(2));
    expect(placed.partitionBy(new HashPartitioner(2))).toBe(placed);
    expect(placed.partitionBy(new HashPartitioner(3))).not.toBe(placed);
  });

  it('places null and negative keys like Spark: null in 0, -1 mod 2 in 1', async () => {
    const placed = await pairs(sc(), [[null, 'n'], [-1, 'm'], [2, 't']] as [number | null, string][], 1).partitionBy(new HashPartitioner(2)).glom().collect();
    expect(placed).toEqual([[[null, 'n'], [2, 't']], [[-1, 'm']]]);
  });
});

describe.each(MASTERS)('joins and cogroup on %s', (master) => {
  const sc = useSparkContext(master);
  const left = (): RDD<[number, string]> => pairs(sc(), [[1, 'a'], [2, 'b'], [2, 'c'], [3, 'd']]);
  const right = (): RDD<[number, string]> => pairs(sc(), [[2, 'X'], [3, 'Y'], [3, 'Z'], [4, 'W']], 3);

  it('inner-joins every pair of values per key', async () => {
    const joined = left().join(right());
    expect(joined.getNumPartitions()).toBe(3);
    expect(sorted(await joined.collect())).toEqual(sorted([[2, ['b', 'X']], [2, ['c', 'X']], [3, ['d', 'Y']], [3, ['d', 'Z']]]));
  });

  it('left-outer-joins with undefined for a missing right side', async () => {
    expect(sorted(await left().leftOuterJoin(right()).collect())).toEqual(
      sorted([[1, ['a', undefined]], [2, ['b', 'X']], [2, ['c', 'X']], [3, ['d', 'Y']], [3, ['d', 'Z']]]),
    );
  });

  it('right-outer-joins with undefined for a missing left side', async () => {
    expect(sorted(await left().rightOuterJoin(right()).collect())).toEqual(
      sorted([[2, ['b', 'X']], [2, ['c', 'X']], [3, ['d', 'Y']], [3, ['d', 'Z']], [4, [undefined, 'W']]]),
    );
  });

  it('full-outer-joins with undefined on whichever side is missing', async () => {
    expect(sorted(await left().fullOuterJoin(right(), 2).collect())).toEqual(
      sorted([[1, ['a', undefined]], [2, ['b', 'X']], [2, ['c', 'X']], [3, ['d', 'Y']], [3, ['d', 'Z']], [4, [undefined, 'W']]]),
    );
  });

  it('cogroups the values of both sides per key', async () => {
    const grouped = await left().cogroup(right(), 1).collect();
    expect(sorted(grouped)).toEqual(sorted([[1, [['a'], []]], [2, [['b', 'c'], ['X']]], [3, [['d'], ['Y', 'Z']]], [4, [[], ['W']]]]));
  });

  it('reads a co-partitioned side through a narrow dependency: only the other side shuffles', async () => {
    const placedLeft = left().partitionBy(new HashPartitioner(2));
    const joined = placedLeft.cogroup(right());
    const cogrouped = joined.dependencies.map((d) => d.constructor.name);
    expect(cogrouped).toEqual(['OneToOneDependency', 'ShuffleDependency']);
    expect(sorted(await placedLeft.join(right()).collect())).toEqual(sorted([[2, ['b', 'X']], [2, ['c', 'X']], [3, ['d', 'Y']], [3, ['d', 'Z']]]));
  });
});

describe('spark.default.parallelism and the default partitioner', () => {
  it('uses spark.default.parallelism, when set, for shuffles without a partition count', async () => {
    await withSparkContext(
      'local[2]',
      async (sc) => {
        const counts = sc.parallelize([['a', 1]] as [string, number][], 5).reduceByKey((x, y) => x + y);
        expect(counts.getNumPartitions()).toBe(3);
        expect(sc.parallelize([['a', 1]] as [string, number][], 5).groupByKey(4).getNumPartitions()).toBe(4);
      },
      { conf: { 'spark.default.parallelism': 3 } },
    );
  });
});
