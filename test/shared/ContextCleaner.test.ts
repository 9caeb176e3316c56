/**
 * The ContextCleaner: once nothing holds an RDD, its shuffle's map outputs and its cached blocks
 * are freed (Spark's ContextCleaner). While it is held, later jobs still reuse them.
 *
 * The test asks V8 for a collection through --expose-gc set at run time, then lets the
 * FinalizationRegistry callbacks run.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ShuffleDependency, SparkContext, settle } from '../../src/index.js';
import { EventRecorder } from '../support/recordEvents.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Collects garbage until `done()` or 20 rounds, letting finalizers run between rounds. */
async function collectUntil(done: () => boolean): Promise<boolean> {
  for (let round = 0; round < 20 && !done(); round++) {
    gc();
    await settle();
  }
  return done();
}

/** Runs a word count, returning only ids: nothing here keeps the RDDs alive. */
async function runShuffleJob(sc: SparkContext, cache: boolean): Promise<{ shuffleId: number; rddId: number }> {
  const counts = sc
    .parallelize(['a', 'b', 'a'], 2)
    .map((w) => [w, 1] as [string, number])
    .reduceByKey((x, y) => x + y, 2);
  if (cache) counts.cache();
  expect((await counts.collect()).sort()).toEqual([['a', 2], ['b', 1]]);
  return { shuffleId: (counts.dependencies[0] as ShuffleDependency).shuffleId, rddId: counts.id };
}

describe('ContextCleaner', () => {
  it('drops the map outputs of a shuffle once its RDDs are unreachable', async () => {
    const sc = new SparkContext({ master: 'local[2]' });
    try {
      const { shuffleId } = await runShuffleJob(sc, false);
      expect(sc.mapOutputTracker.isAvailable(shuffleId)).toBe(true);
      expect(await collectUntil(() => !sc.mapOutputTracker.isAvailable(shuffleId))).toBe(true);
    } finally {
      await sc.stop();
    }
  });

  it('unpersists a cached RDD once it is unreachable', async () => {
    const sc = new SparkContext({ master: 'local[2]' });
    try {
      const { rddId } = await runShuffleJob(sc, true);
      expect(sc.getBlockLocations(rddId, 0)).toEqual(['driver']);
      expect(await collectUntil(() => sc.getBlockLocations(rddId, 0).length === 0 && sc.getBlockLocations(rddId, 1).length === 0)).toBe(true);
      expect(sc.getPersistentRDDs().size).toBe(0);
    } finally {
      await sc.stop();
    }
  });

  it('keeps the shuffle of an RDD still held, so the next job skips its map stage', async () => {
    const sc = new SparkContext({ master: 'local[2]' });
    try {
      const counts = sc
        .parallelize(['a', 'b', 'a'], 2)
        .map((w) => [w, 1] as [string, number])
        .reduceByKey((x, y) => x + y, 2);
      await counts.count();
      gc();
      await settle();
      const events = new EventRecorder(sc);
      expect(await counts.count()).toBe(2);
      expect(events.of('stageSubmitted')).toHaveLength(1);
    } finally {
      await sc.stop();
    }
  });
});
