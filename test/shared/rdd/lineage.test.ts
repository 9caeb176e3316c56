/**
 * Dependencies and the printed lineage: one-to-one for per-partition transformations, range for
 * union, shuffle (with partitioner and aggregator) where a stage is cut; toDebugString in Spark's
 * exact layout.
 */
import { describe, expect, it } from 'vitest';
import { HashPartitioner, OneToOneDependency, RangeDependency, ShuffleDependency, StorageLevel, type Aggregator } from '../../../src/index.js';
import { MASTERS, useSparkContext } from '../../support/sparkContexts.js';

describe.each(MASTERS)('dependencies on %s', (master) => {
  const sc = useSparkContext(master);

  it('links map to its parent one partition to one', () => {
    const parent = sc().parallelize([1, 2, 3], 3);
    const [dep] = parent.map((x) => x).dependencies;
    expect(dep).toBeInstanceOf(OneToOneDependency);
    expect(dep.rdd).toBe(parent);
    expect((dep as OneToOneDependency).getParents(2)).toEqual([2]);
    expect(parent.dependencies).toEqual([]);
  });

  it('links union to each parent through a range of its partitions', () => {
    const a = sc().parallelize([1], 2);
    const b = sc().parallelize([2], 3);
    const deps = a.union(b).dependencies as RangeDependency[];
    expect(deps.map((d) => [d.rdd, d.inStart, d.outStart, d.length])).toEqual([[a, 0, 0, 2], [b, 0, 2, 3]]);
    expect([deps[0].getParents(1), deps[0].getParents(2), deps[1].getParents(2), deps[1].getParents(4), deps[1].getParents(5)]).toEqual([[1], [], [0], [2], []]);
  });

  it('links coalesce to the run of parent partitions each partition reads', () => {
    const coalesced = sc().parallelize([1], 5).coalesce(2);
    const [dep] = coalesced.dependencies as OneToOneDependency[];
    expect([dep.getParents(0), dep.getParents(1)]).toEqual([[0, 1], [2, 3, 4]]);
  });

  it('cuts reduceByKey at a shuffle dependency with the partitioner and a map-side-combining aggregator', () => {
    const pairs = sc().parallelize([['a', 1]] as [string, number][], 2);
    const reduced = pairs.reduceByKey((a, b) => a + b, 3);
    const [dep] = reduced.dependencies as ShuffleDependency<string, number, number>[];
    expect(dep).toBeInstanceOf(ShuffleDependency);
    expect(dep.rdd).toBe(pairs);
    expect(dep.partitioner.equals(new HashPartitioner(3))).toBe(true);
    expect(dep.mapSideCombine).toBe(true);
    const aggregator = dep.aggregator as Aggregator<string, number, number>;
    expect([aggregator.createCombiner(4), aggregator.mergeValue(4, 5), aggregator.mergeCombiners(1, 2)]).toEqual([4, 9, 3]);
  });

  it('gives groupByKey an aggregator without map-side combine, and partitionBy none', () => {
    const pairs = sc().parallelize([['a', 1]] as [string, number][], 2);
    const [grouped] = pairs.groupByKey(2).dependencies as ShuffleDependency[];
    expect([grouped.mapSideCombine, grouped.aggregator !== undefined]).toEqual([false, true]);
    const [placed] = pairs.partitionBy(new HashPartitioner(2)).dependencies as ShuffleDependency[];
    expect([placed.mapSideCombine, placed.aggregator]).toEqual([false, undefined]);
  });
});

describe.each(MASTERS)('toDebugString on %s', (master) => {
  const sc = useSparkContext(master);

  it('prints a narrow lineage with | and a shuffle with +-, one stage deeper', () => {
    const words = sc().parallelize(['a', 'b'], 3);
    const counts = words.map((w) => [w, 1] as [string, number]).reduceByKey((a, b) => a + b, 2);
    const [p, m, s] = [words.id, words.id + 1, words.id + 2];
    expect(counts.toDebugString()).toBe(
      [`(2) ShuffledRDD[${s}] at reduceByKey []`, ` +-(3) MapPartitionsRDD[${m}] at map []`, `    |  ParallelCollectionRDD[${p}] at parallelize []`].join('\n'),
    );
  });

  it('prints two shuffles as two levels, with names and storage levels', () => {
    const pairs = sc().parallelize([[1, 1]] as [number, number][], 2).setName('input');
    const summed = pairs.reduceByKey((a, b) => a + b).persist(StorageLevel.MEMORY_AND_DISK);
    const sorted = summed.sortByKey(true, 10);
    const [p, s, t] = [pairs.id, summed.id, sorted.id];
    expect(sorted.toDebugString()).toBe(
      [
        `(10) ShuffledRDD[${t}] at sortByKey []`,
        ` +-(2) ShuffledRDD[${s}] at reduceByKey [Disk Memory Deserialized 1x Replicated]`,
        `    +-(2) input ParallelCollectionRDD[${p}] at parallelize []`,
      ].join('\n'),
    );
    summed.unpersist();
  });

  it('prints a union\'s parents one after another, the last shuffle closing its column', () => {
    const a = sc().parallelize([[1, 1]] as [number, number][], 1);
    const b = sc().parallelize([[2, 2]] as [number, number][], 1).groupByKey(1);
    const u = a.union(b.mapValues((vs) => vs.length));
    const lines = u.toDebugString().split('\n');
    expect(lines).toEqual([
      `(2) UnionRDD[${u.id}] at union []`,
      ` |  ParallelCollectionRDD[${a.id}] at parallelize []`,
      ` |  MapPartitionsRDD[${u.id - 1}] at mapValues []`,
      ` |  ShuffledRDD[${b.id}] at groupByKey []`,
      ` +-(1) ParallelCollectionRDD[${b.id - 1}] at parallelize []`,
    ]);
  });

  it('prints DISK_ONLY as serialized and the _2 levels as 2x replicated', () => {
    expect([StorageLevel.DISK_ONLY.description, StorageLevel.MEMORY_ONLY_2.description, StorageLevel.NONE.description]).toEqual([
      'Disk Serialized 1x Replicated',
      'Memory Deserialized 2x Replicated',
      '',
    ]);
  });
});
