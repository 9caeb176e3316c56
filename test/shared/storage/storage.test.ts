/**
 * Persisting RDDs: a cached partition is read, never recomputed (metrics.computedPartitions);
 * each storage level keeps its blocks where it says; the _2 levels keep a replica on another
 * executor that survives losing the first; unpersist drops every block.
 */
import { describe, expect, it } from 'vitest';
import { StorageLevel, type SparkContext } from '../../../src/index.js';
import { EventRecorder } from '../../support/recordEvents.js';
import { MASTERS, useSparkContext, withSparkContext } from '../../support/sparkContexts.js';

const squares = (sc: SparkContext) => sc.parallelize([1, 2, 3, 4], 4).map((x) => x * x);

describe.each(MASTERS)('caching on %s', (master) => {
  // One context for the block: each test unpersists what it cached, so none sees another's blocks.
  const context = useSparkContext(master);
  const withSc = async (body: (sc: SparkContext) => Promise<void>) => body(context());
  it.each([StorageLevel.MEMORY_ONLY, StorageLevel.MEMORY_AND_DISK, StorageLevel.DISK_ONLY])('reads a %s partition instead of recomputing it', async (level) => {
    await withSc(async (sc) => {
      const rdd = squares(sc).persist(level);
      const source = rdd.id - 1;
      expect(rdd.storageLevel).toBe(level);
      const first = new EventRecorder(sc);
      expect(await rdd.collect()).toEqual([1, 4, 9, 16]);
      expect(first.computedPartitions()).toEqual([0, 1, 2, 3].flatMap((p) => [`${source}:${p}`, `${rdd.id}:${p}`]).sort());
      const second = new EventRecorder(sc);
      expect(await rdd.map((x) => x + 1).collect()).toEqual([2, 5, 10, 17]);
      expect(second.computedPartitions()).toEqual([0, 1, 2, 3].map((p) => `${rdd.id + 1}:${p}`));
      expect([0, 1, 2, 3].every((p) => sc.getBlockLocations(rdd.id, p).length === 1)).toBe(true);
      rdd.unpersist();
    });
  });

  it('caches with cache() at MEMORY_ONLY and lists the RDD as persistent', async () => {
    await withSc(async (sc) => {
      const rdd = squares(sc).cache();
      expect(rdd.storageLevel).toBe(StorageLevel.MEMORY_ONLY);
      expect([...sc.getPersistentRDDs().keys()]).toEqual([rdd.id]);
      await rdd.count();
      rdd.unpersist();
      expect(rdd.storageLevel).toBe(StorageLevel.NONE);
      expect(sc.getPersistentRDDs().size).toBe(0);
      expect([0, 1, 2, 3].map((p) => sc.getBlockLocations(rdd.id, p))).toEqual([[], [], [], []]);
      const events = new EventRecorder(sc);
      expect(await rdd.count()).toBe(4);
      expect(events.computedPartitions().filter((p) => p.startsWith(`${rdd.id}:`))).toHaveLength(4);
    });
  });

  it('refuses to change the storage level of a persisted RDD', async () => {
    await withSc(async (sc) => {
      const rdd = squares(sc).persist(StorageLevel.DISK_ONLY);
      expect(rdd.persist(StorageLevel.DISK_ONLY)).toBe(rdd);
      expect(() => rdd.cache()).toThrow(
        `Cannot change storage level of an RDD after it was already assigned a level: RDD ${rdd.id} is DISK_ONLY, asked for MEMORY_ONLY. Call unpersist() first.`,
      );
      expect(() => rdd.cache()).toThrow(expect.objectContaining({ errorClass: 'STORAGE_LEVEL_ALREADY_SET' }));
      rdd.unpersist();
    });
  });

  it('caches the shuffled side so a second action reads neither lineage nor shuffle', async () => {
    await withSc(async (sc) => {
      const counts = sc
        .parallelize(['a', 'b', 'a'], 2)
        .map((w) => [w, 1] as [string, number])
        .reduceByKey((a, b) => a + b, 2)
        .cache();
      await counts.count();
      const events = new EventRecorder(sc);
      expect((await counts.collect()).sort()).toEqual([['a', 2], ['b', 1]]);
      expect(events.computedPartitions()).toEqual([]);
      expect(events.of('taskEnd').every((e) => e.metrics.shuffleRecordsRead === 0)).toBe(true);
      counts.unpersist();
    });
  });
});

describe.each(['local-cluster[2,1]', 'local-workers[2]'])('replicated storage levels on %s', (master) => {
  it.each([StorageLevel.MEMORY_ONLY_2, StorageLevel.MEMORY_AND_DISK_2, StorageLevel.DISK_ONLY_2])('keeps a %s replica that survives the first executor', async (level) => {
    await withSparkContext(master, async (sc) => {
      const rdd = squares(sc).persist(level);
      expect(await rdd.collect()).toEqual([1, 4, 9, 16]);
      expect([0, 1, 2, 3].map((p) => sc.getBlockLocations(rdd.id, p).sort())).toEqual([['0', '1'], ['0', '1'], ['0', '1'], ['0', '1']]);
      sc.killExecutor('0');
      const events = new EventRecorder(sc);
      expect(await rdd.collect()).toEqual([1, 4, 9, 16]);
      expect(events.computedPartitions()).toEqual([]);
      expect(events.of('taskEnd').every((e) => e.taskInfo.executorId === '1')).toBe(true);
    });
  });

  it('keeps one copy at a level without _2', async () => {
    await withSparkContext(master, async (sc) => {
      const rdd = squares(sc).persist(StorageLevel.MEMORY_ONLY);
      await rdd.count();
      expect([0, 1, 2, 3].map((p) => sc.getBlockLocations(rdd.id, p).length)).toEqual([1, 1, 1, 1]);
    });
  });
});
