/**
 * Narrow transformations and the shuffling ones that are not by key: each result is exact,
 * and where Spark fixes partition contents (glom), so is the placement.
 */
import { describe, expect, it } from 'vitest';
import { bind, HashPartitioner, IllegalArgumentError } from '../../../src/index.js';
import { EventRecorder } from '../../support/recordEvents.js';
import { MASTERS, sorted, useSparkContext } from '../../support/sparkContexts.js';

describe.each(MASTERS)('narrow transformations on %s', (master) => {
  const sc = useSparkContext(master);

  it('maps, flatMaps and filters each element in order', async () => {
    const rdd = sc().parallelize([1, 2, 3, 4], 2);
    expect(await rdd.map((x) => x * 10).collect()).toEqual([10, 20, 30, 40]);
    expect(await rdd.flatMap((x) => Array.from({ length: x }, () => x)).collect()).toEqual([1, 2, 2, 3, 3, 3, 4, 4, 4, 4]);
    expect(await rdd.filter((x) => x % 2 === 0).glom().collect()).toEqual([[2], [4]]);
  });

  it('passes driver values through bind', async () => {
    const factor = 3;
    const scaled = sc().parallelize([1, 2], 2).map(bind((x: number, env: { factor: number }) => x * env.factor, { factor }));
    expect(await scaled.collect()).toEqual([3, 6]);
  });

  it('runs mapPartitions once per partition with the task context', async () => {
    const rdd = sc().parallelize(['a', 'b', 'c'], 2);
    const summaries = rdd.mapPartitions((items, context) => [`${context.partitionId}:${Array.from(items).join('')}`]);
    expect(await summaries.collect()).toEqual(['0:a', '1:bc']);
  });

  it('gives mapPartitionsWithIndex the partition index', async () => {
    const rdd = sc().parallelize([5, 6, 7], 3);
    expect(await rdd.mapPartitionsWithIndex((index, items) => Array.from(items, (x) => [index, x])).collect()).toEqual([[0, 5], [1, 6], [2, 7]]);
  });

  it('gloms each partition into one array, empty ones included', async () => {
    expect(await sc().parallelize([1, 2], 4).glom().collect()).toEqual([[], [1], [], [2]]);
  });

  it('keys by a function, keeping the element as the value', async () => {
    expect(await sc().parallelize(['apple', 'fig'], 1).keyBy((s) => s.length).collect()).toEqual([[5, 'apple'], [3, 'fig']]);
  });

  it('maps and flatMaps values, keeping the partitioner', async () => {
    const pairs = sc().parallelize([[1, 'a'], [2, 'bb']] as [number, string][], 2).partitionBy(new HashPartitioner(2));
    const lengths = pairs.mapValues((v) => v.length);
    expect(lengths.partitioner?.equals(new HashPartitioner(2))).toBe(true);
    expect(await lengths.glom().collect()).toEqual([[[2, 2]], [[1, 1]]]);
    const letters = pairs.flatMapValues((v) => v.split(''));
    expect(letters.partitioner?.equals(new HashPartitioner(2))).toBe(true);
    expect(await letters.collect()).toEqual([[2, 'b'], [2, 'b'], [1, 'a']]);
  });

  it('drops the partitioner after map, which may change keys', () => {
    const pairs = sc().parallelize([[1, 'a']] as [number, string][], 1).partitionBy(new HashPartitioner(2));
    expect(pairs.map((p) => p).partitioner).toBeUndefined();
    expect(pairs.filter(() => true).partitioner?.numPartitions).toBe(2);
  });
});

describe.each(MASTERS)('repartitioning on %s', (master) => {
  const sc = useSparkContext(master);

  it('coalesces to fewer partitions by joining runs of parent partitions, no shuffle', async () => {
    const rdd = sc().parallelize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5);
    const fewer = rdd.coalesce(2);
    expect(fewer.getNumPartitions()).toBe(2);
    expect(fewer.dependencies[0].constructor.name).not.toBe('ShuffleDependency');
    expect(await fewer.glom().collect()).toEqual([[1, 2, 3, 4], [5, 6, 7, 8, 9, 10]]);
    expect(await rdd.coalesce(3).glom().collect()).toEqual([[1, 2], [3, 4, 5, 6], [7, 8, 9, 10]]);
  });

  it('keeps the parent count when coalescing to more partitions without a shuffle', async () => {
    expect(sc().parallelize([1, 2], 2).coalesce(5).getNumPartitions()).toBe(2);
  });

  it('rejects a non-positive partition count in coalesce and repartition', () => {
    const rdd = sc().parallelize([1], 1);
    expect(() => rdd.coalesce(0)).toThrow(IllegalArgumentError);
    expect(() => rdd.coalesce(0)).toThrow('Number of partitions (0) must be positive in coalesce(0); pass a whole number >= 1.');
    expect(() => rdd.repartition(-1)).toThrow('Number of partitions (-1) must be positive in repartition(-1); pass a whole number >= 1.');
  });

  it('repartitions through a shuffle, each map partition dealing round-robin from its own start', async () => {
    const rdd = sc().parallelize(Array.from({ length: 12 }, (_, i) => i), 2);
    const more = rdd.repartition(4);
    expect(more.getNumPartitions()).toBe(4);
    // Starts come from the murmur3 finaliser of the map index: map 0 deals 0..5 from output 0,
    // map 1 deals 6..11 from output 3 (fmix32(1) = 1364076727, mod 4 = 3).
    expect(await more.glom().collect()).toEqual([[0, 4, 7, 11], [1, 5, 8], [2, 9], [3, 6, 10]]);
    expect(await rdd.coalesce(1, true).count()).toBe(12);
  });

  it('removes duplicates with distinct, keeping the parent partition count', async () => {
    const rdd = sc().parallelize([3, 1, 3, 2, 1, 3], 3);
    const unique = rdd.distinct();
    expect(unique.getNumPartitions()).toBe(3);
    expect(sorted(await unique.collect())).toEqual([1, 2, 3]);
    expect(rdd.distinct(5).getNumPartitions()).toBe(5);
    const tuples = sc().parallelize([['a', 1], ['a', 1], ['b', 1]] as [string, number][], 2);
    expect(sorted(await tuples.distinct().collect())).toEqual([['a', 1], ['b', 1]]);
  });

  it('sorts with sortBy ascending and descending, across partitions', async () => {
    const rdd = sc().parallelize([5, 3, 9, 1, 7, 2, 8], 3);
    expect(await rdd.sortBy((x) => x).collect()).toEqual([1, 2, 3, 5, 7, 8, 9]);
    expect(await rdd.sortBy((x) => x, false).collect()).toEqual([9, 8, 7, 5, 3, 2, 1]);
    expect(await rdd.sortBy((x) => x % 3, true, 2).collect()).toEqual(expect.arrayContaining([3, 9]));
    const words = sc().parallelize(['pear', 'fig', 'apple'], 2);
    expect(await words.sortBy((w) => w.length).collect()).toEqual(['fig', 'pear', 'apple']);
  });

  it('sortByKey places keys in ranges: partition i holds smaller keys than partition i + 1', async () => {
    const pairs = sc().parallelize(Array.from({ length: 40 }, (_, i) => [(i * 17) % 40, i] as [number, number]), 4);
    const ascending = await pairs.sortByKey(true, 4).glom().collect();
    expect(ascending.flat().map(([k]) => k)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(ascending.every((p) => p.length > 0)).toBe(true);
    const descending = await pairs.sortByKey(false, 4).glom().collect();
    expect(descending.flat().map(([k]) => k)).toEqual(Array.from({ length: 40 }, (_, i) => 39 - i));
    expect(descending.every((p) => p.length > 0)).toBe(true);
  });

  it('sorts descending with fewer distinct keys than partitions as Spark places them', async () => {
    // Sampled bounds are [1, 2]: Spark's partitions hold (>2), (1, 2], (<=1); the 4th stays empty.
    const pairs = sc().parallelize([[1, 'a'], [2, 'b'], [1, 'c'], [2, 'd']] as [number, string][], 2);
    const parts = await pairs.sortByKey(false, 4).glom().collect();
    expect(parts.map((p) => p.map(([k]) => k))).toEqual([[], [2, 2], [1, 1], []]);
    const ascending = await pairs.sortByKey(true, 4).glom().collect();
    expect(ascending.map((p) => p.map(([k]) => k))).toEqual([[1, 1], [2, 2], [], []]);
  });

  it('samples keys with a job of its own before a sort into several partitions, not into one', async () => {
    const pairs = sc().parallelize([[3, 'c'], [1, 'a'], [2, 'b']] as [number, string][], 2);
    const events = new EventRecorder(sc());
    expect(await pairs.sortByKey(true, 1).collect()).toEqual([[1, 'a'], [2, 'b'], [3, 'c']]);
    expect(events.of('jobStart')).toHaveLength(1);
    events.clear();
    expect(await pairs.sortByKey(true, 2).collect()).toEqual([[1, 'a'], [2, 'b'], [3, 'c']]);
    expect(events.of('jobStart')).toHaveLength(2);
    events.stop();
  });

  it('can reduce by key after a sort without a second shuffle', async () => {
    const pairs = sc().parallelize([['b', 1], ['a', 2], ['b', 3]] as [string, number][], 2);
    const sums = pairs.sortByKey().reduceByKey((a, b) => a + b);
    expect(await sums.collect()).toEqual([['a', 2], ['b', 4]]);
  });

  it('numbers elements with zipWithIndex in partition order, empty partitions included', async () => {
    const rdd = sc().parallelize(['a', 'b', 'c', 'd'], 5);
    expect(await rdd.zipWithIndex().collect()).toEqual([['a', 0], ['b', 1], ['c', 2], ['d', 3]]);
    expect(await rdd.zipWithIndex().glom().collect()).toEqual([[], [['a', 0]], [['b', 1]], [['c', 2]], [['d', 3]]]);
    expect(await sc().emptyRDD<string>().zipWithIndex().collect()).toEqual([]);
  });

  it('runs a counting job before zipWithIndex only when there is more than one partition', async () => {
    const events = new EventRecorder(sc());
    expect(await sc().parallelize(['x', 'y'], 1).zipWithIndex().collect()).toEqual([['x', 0], ['y', 1]]);
    expect(events.of('jobStart')).toHaveLength(1);
    events.clear();
    expect(await sc().parallelize(['x', 'y'], 2).zipWithIndex().collect()).toEqual([['x', 0], ['y', 1]]);
    expect(events.of('jobStart')).toHaveLength(2);
    events.stop();
  });
});
