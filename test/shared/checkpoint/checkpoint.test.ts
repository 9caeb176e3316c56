/**
 * Reliable checkpoints: rdd.checkpoint() marks the RDD; the next action writes one file per
 * partition and cuts the lineage (the only parent becomes the RDD that reads the files, as in
 * Spark); later jobs read the files, never the old lineage.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IllegalStateError, OneToOneDependency, ReliableCheckpointRDD, type SparkContext } from '../../../src/index.js';
import { EventRecorder } from '../../support/recordEvents.js';
import { MASTERS, useSparkContext, withSparkContext } from '../../support/sparkContexts.js';

const root = mkdtempSync(join(tmpdir(), 'twinstream-checkpoint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.each(MASTERS)('checkpointing on %s', (master) => {
  // Every test sets its own checkpoint directory first, so they can share one context.
  const context = useSparkContext(master);
  const withSc = async (body: (sc: SparkContext) => Promise<void>) => body(context());
  it('fails to mark an RDD when no checkpoint directory is set', async () => {
    await withSparkContext(master, async (sc) => {
      const rdd = sc.parallelize([1], 1);
      expect(() => rdd.checkpoint()).toThrow(IllegalStateError);
      expect(() => rdd.checkpoint()).toThrow(
        `Checkpoint directory has not been set in the SparkContext: RDD ${rdd.id} cannot be checkpointed. Call sc.setCheckpointDir(dir) first.`,
      );
    });
  });

  it('writes the partitions on the next action and truncates the lineage', async () => {
    await withSc(async (sc) => {
      const dir = join(root, master);
      sc.setCheckpointDir(dir);
      expect(sc.checkpointDir).toBe(dir);
      const pairs = sc.parallelize(['a', 'b', 'a', 'c'], 2).map((w) => [w, 1] as [string, number]);
      const counts = pairs.reduceByKey((x, y) => x + y, 2);
      counts.checkpoint();
      expect(counts.isCheckpointed).toBe(false);
      expect(counts.getCheckpointFile()).toBeUndefined();
      const before = (await counts.collect()).sort();
      expect(before).toEqual([['a', 2], ['b', 1], ['c', 1]]);

      expect(counts.isCheckpointed).toBe(true);
      const path = counts.getCheckpointFile() as string;
      expect(path).toBe(join(dir, `rdd-${counts.id}`));
      expect(readdirSync(path).sort()).toEqual(['_partitions', 'part-00000', 'part-00001']);
      const [dep] = counts.dependencies;
      expect(counts.dependencies).toHaveLength(1);
      expect(dep).toBeInstanceOf(OneToOneDependency);
      expect(dep.rdd).toBeInstanceOf(ReliableCheckpointRDD);
      expect(dep.rdd.dependencies).toEqual([]);
      expect(counts.toDebugString()).toBe([`(2) ShuffledRDD[${counts.id}] at reduceByKey []`, ` |  ReliableCheckpointRDD[${dep.rdd.id}] []`].join('\n'));

      const events = new EventRecorder(sc);
      expect((await counts.collect()).sort()).toEqual(before);
      expect(events.of('stageSubmitted')).toHaveLength(1);
      expect(events.computedPartitions()).toEqual([`${dep.rdd.id}:0`, `${dep.rdd.id}:1`]);
      expect(await counts.mapValues((n) => n * 10).collectAsMap()).toEqual(new Map([['a', 20], ['b', 10], ['c', 10]]));
    });
  });

  it('reads back exactly what was written, tuples and all', async () => {
    await withSc(async (sc) => {
      sc.setCheckpointDir(join(root, `${master}-tuples`));
      const rdd = sc.parallelize([[1, ['x', true]], [2, ['y', false]], [3, ['z', null]]] as [number, [string, boolean | null]][], 3);
      rdd.checkpoint();
      const written = await rdd.glom().collect();
      expect(rdd.isCheckpointed).toBe(true);
      expect(await rdd.glom().collect()).toEqual(written);
      expect(existsSync(join(rdd.getCheckpointFile() as string, 'part-00002'))).toBe(true);
    });
  });

  it('checkpoints a cached RDD without recomputing it', async () => {
    await withSc(async (sc) => {
      sc.setCheckpointDir(join(root, `${master}-cached`));
      const squares = sc.parallelize([1, 2, 3], 3).map((x) => x * x).cache();
      squares.checkpoint();
      const events = new EventRecorder(sc);
      expect(await squares.collect()).toEqual([1, 4, 9]);
      // The action computes each partition once; the checkpoint job reads the cached blocks.
      expect(events.computedPartitions().filter((p) => p.startsWith(`${squares.id}:`))).toEqual([`${squares.id}:0`, `${squares.id}:1`, `${squares.id}:2`]);
      expect(squares.isCheckpointed).toBe(true);
    });
  });
});
