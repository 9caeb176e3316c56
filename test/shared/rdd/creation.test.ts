/**
 * Creating RDDs: parallelize (Spark's slicing), range, textFile, union, emptyRDD, generate.
 * Partition contents are checked with glom, so the slicing itself is pinned, not only the data.
 */
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bind, HashPartitioner, IllegalArgumentError, ShuffleDependency, StorageLevel } from '../../../src/index.js';
import { MASTERS, useSparkContext } from '../../support/sparkContexts.js';

const dir = mkdtempSync(join(tmpdir(), 'twinstream-creation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(MASTERS)('creating RDDs on %s', (master) => {
  const sc = useSparkContext(master);

  it('slices parallelize like Spark: 10 items in 3 slices are 3, 3, 4', async () => {
    const rdd = sc().parallelize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3);
    expect(rdd.getNumPartitions()).toBe(3);
    expect(await rdd.glom().collect()).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9, 10]]);
  });

  it('gives parallelize defaultParallelism slices by default, some empty when data is short', async () => {
    expect(sc().defaultParallelism).toBe(2);
    expect(await sc().parallelize(['a', 'b', 'c']).glom().collect()).toEqual([['a'], ['b', 'c']]);
    expect(await sc().parallelize([1], 3).glom().collect()).toEqual([[], [], [1]]);
  });

  it('rejects a non-positive slice count', () => {
    expect(() => sc().parallelize([1], 0)).toThrow(IllegalArgumentError);
    expect(() => sc().parallelize([1], 0)).toThrow('Positive number of partitions required, but numSlices was 0. Pass a whole number >= 1.');
  });

  it('makes range(start, end, step) with end exclusive, sliced like parallelize', async () => {
    expect(await sc().range(0, 10, 1, 3).glom().collect()).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8, 9]]);
    expect(await sc().range(10, 0, -3, 2).collect()).toEqual([10, 7, 4, 1]);
    expect(await sc().range(5, 5).count()).toBe(0);
    expect(() => sc().range(0, 5, 0)).toThrow('step cannot be 0 in range(start, end, step); use a positive or negative step.');
  });

  it('splits a text file by bytes as Hadoop does, a line belonging to the split it starts in', async () => {
    // 24 bytes; lines start at 0, 4, 8, 14 and 19. Two splits: [0, 12] and (12, 24].
    const file = join(dir, `lines-${master}.txt`);
    writeFileSync(file, 'one\ntwo\nthree\nfour\nfive\n');
    const lines = sc().textFile(file, 2);
    expect(lines.getNumPartitions()).toBe(2);
    expect(await lines.glom().collect()).toEqual([['one', 'two', 'three'], ['four', 'five']]);
    // Three splits of 8 bytes: [0, 8], (8, 16], (16, 24]; the line at 8 belongs to the first.
    expect(await sc().textFile(file, 3).glom().collect()).toEqual([['one', 'two', 'three'], ['four'], ['five']]);
    // minPartitions is a minimum: 24 / 5 = 4-byte goal, so six splits, some holding no line start.
    expect(await sc().textFile(file, 5).glom().collect()).toEqual([['one', 'two'], ['three'], [], ['four'], ['five'], []]);
  });

  it('reads an empty file as one empty partition and a file without a final newline whole', async () => {
    const empty = join(dir, `empty-${master}.txt`);
    writeFileSync(empty, '');
    expect(await sc().textFile(empty).glom().collect()).toEqual([[]]);
    const unterminated = join(dir, `unterminated-${master}.txt`);
    writeFileSync(unterminated, 'x\r\ny');
    expect(await sc().textFile(unterminated, 1).collect()).toEqual(['x', 'y']);
  });

  it('computes range partitions on the executors: a billion numbers cost nothing to create', async () => {
    const huge = sc().range(0, 1e9, 1, 100_000);
    expect(huge.getNumPartitions()).toBe(100_000);
    expect(await huge.take(3)).toEqual([0, 1, 2]);
    expect(await sc().range(0, 1, 0.25, 2).glom().collect()).toEqual([[0, 0.25], [0.5, 0.75]]);
  });

  it('reads every visible file of a directory in name order, skipping _ and . files', async () => {
    const folder = join(dir, `folder-${master}`);
    mkdirSync(folder);
    writeFileSync(join(folder, 'b.txt'), 'b1\nb2');
    writeFileSync(join(folder, 'a.txt'), 'a1\r\na2\n');
    writeFileSync(join(folder, '_SUCCESS'), '');
    writeFileSync(join(folder, '.hidden'), 'no');
    // 13 bytes in all, goal 6: a.txt (8 bytes) is cut at 6, b.txt (5 bytes) is one split.
    const lines = sc().textFile(folder);
    expect(await lines.glom().collect()).toEqual([['a1', 'a2'], [], ['b1', 'b2']]);
  });

  it('unions without a shuffle: partitions of the first, then of the second', async () => {
    const a = sc().parallelize([1, 2, 3], 2);
    const b = sc().parallelize([4, 5], 1);
    const both = a.union(b);
    expect(both.getNumPartitions()).toBe(3);
    expect(await both.glom().collect()).toEqual([[1], [2, 3], [4, 5]]);
    expect(await sc().union([b, a, b]).collect()).toEqual([4, 5, 1, 2, 3, 4, 5]);
  });

  it('unions RDDs with one partitioner partition by partition, keeping the partitioner', async () => {
    const byKey = new HashPartitioner(2);
    const a = sc().parallelize([[1, 'a'], [2, 'b']] as [number, string][], 3).partitionBy(byKey);
    const b = sc().parallelize([[3, 'c'], [4, 'd']] as [number, string][], 1).partitionBy(new HashPartitioner(2));
    const both = a.union(b);
    expect(both.getNumPartitions()).toBe(2);
    expect(both.partitioner?.equals(byKey)).toBe(true);
    expect(both.dependencies.map((d) => d.constructor.name)).toEqual(['OneToOneDependency', 'OneToOneDependency']);
    expect(await both.glom().collect()).toEqual([[[2, 'b'], [4, 'd']], [[1, 'a'], [3, 'c']]]);
    const sums = both.mapValues((v) => v.length).reduceByKey((x, y) => x + y);
    expect(sums.dependencies.some((d) => d instanceof ShuffleDependency)).toBe(false);
    expect(await sums.collect()).toEqual([[2, 1], [4, 1], [1, 1], [3, 1]]);
  });

  it('lays partitions end to end when the partitioners differ', () => {
    const a = sc().parallelize([[1, 'a']] as [number, string][], 1).partitionBy(new HashPartitioner(2));
    const b = sc().parallelize([[3, 'c']] as [number, string][], 1).partitionBy(new HashPartitioner(3));
    expect(a.union(b).getNumPartitions()).toBe(5);
    expect(a.union(b).partitioner).toBeUndefined();
    expect(a.union(sc().parallelize([[5, 'e']] as [number, string][], 1)).getNumPartitions()).toBe(3);
  });

  it('unions an RDD with itself, keeping duplicates as Spark does', async () => {
    const a = sc().parallelize(['x', 'y'], 2);
    expect(await a.union(a).collect()).toEqual(['x', 'y', 'x', 'y']);
  });

  it('has no partitions in emptyRDD', async () => {
    const empty = sc().emptyRDD<number>();
    expect(empty.getNumPartitions()).toBe(0);
    expect(await empty.collect()).toEqual([]);
    expect(await empty.count()).toBe(0);
    expect(await empty.union(sc().parallelize([1], 1)).collect()).toEqual([1]);
  });

  it('generates partitions on the executor from a bound generator', async () => {
    const rdd = sc().generate(
      3,
      bind((partition: number, env: { perPartition: number }) => Array.from({ length: env.perPartition }, (_, i) => partition * 10 + i), { perPartition: 2 }),
    );
    expect(await rdd.glom().collect()).toEqual([[0, 1], [10, 11], [20, 21]]);
    expect(await rdd.map((x) => x + 1).persist(StorageLevel.MEMORY_ONLY).reduce((a, b) => a + b)).toBe(69);
  });
});
