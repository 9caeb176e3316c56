/**
 * What a running StreamingContext keeps of old batches: remembered RDDs per stream (Spark's
 * rememberDuration) and the map outputs of their shuffles, which are released when the batch is
 * forgotten rather than when the garbage collector finds the dependency (issue 8, target 8: the
 * windowed count must not slow down as batches accumulate). Driven on a ManualClock with no turn
 * of the event loop, where the ContextCleaner's finalization callbacks never run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, Seconds, ShuffleDependency, SparkContext, StreamingContext, namedFunction } from '../../src/index.js';
import type { RDD, Time } from '../../src/index.js';
import { TestInputDStream, advanceBatches } from '../../src/testing.js';

const batches = Array.from({ length: 40 }, (_, i) => ['a', 'b', 'c', i % 2 === 0 ? 'a' : 'd']);

let ssc: StreamingContext | undefined;
afterEach(async () => {
  await ssc?.stop({ stopSparkContext: true });
  ssc = undefined;
});

/** A word count per 2-batch tumbling window; `onWindow` sees each window's RDD. */
function windowedCount(master: string, onWindow: (rdd: RDD<[string, number]>, time: Time) => Promise<void>): { sc: SparkContext; ssc: StreamingContext } {
  const clock = new ManualClock(0);
  const sc = new SparkContext({ master, clock });
  ssc = new StreamingContext(sc, Seconds(1), { clock });
  new TestInputDStream(ssc, batches, 2)
    .map((word) => [word, 1] as [string, number])
    .reduceByKeyAndWindow((a, b) => a + b, Seconds(2), Seconds(2), 2)
    .foreachRDD(namedFunction(`test.forget.${master}`, onWindow));
  ssc.start();
  return { sc, ssc };
}

const sortedPairs = (pairs: [string, number][]) => [...pairs].sort((x, y) => (x[0] < y[0] ? -1 : 1));

describe('forgetting old batches', () => {
  it('keeps the same number of shuffles and remembered RDDs after 10 batches as after 40', async () => {
    const { sc, ssc: context } = windowedCount('local[2]', async (rdd) => void (await rdd.collect()));
    const shuffles: number[] = [];
    const remembered: number[] = [];
    for (let batch = 1; batch <= 40; batch++) {
      await advanceBatches(context, 1);
      shuffles.push(sc.mapOutputTracker.registeredShuffleIds().length);
      remembered.push(context.graph.allStreams().reduce((n, stream) => n + stream.generatedRDDs.size, 0));
    }
    // Held from the second window on: the 4 per-batch shuffles the window stream still needs
    // (window + slide = 4 batches) and the last window's own; 3 per-batch streams x 4 RDDs plus
    // the last window's union and reduced RDD. The window before is forgotten, its shuffle released.
    expect(shuffles.slice(0, 4)).toEqual([0, 3, 3, 5]);
    expect(new Set(shuffles.slice(3))).toEqual(new Set([5]));
    expect(remembered.slice(0, 4)).toEqual([0, 8, 8, 14]);
    expect(new Set(remembered.slice(3))).toEqual(new Set([14]));
  });

  it('recomputes a released shuffle when a forgotten window is used again', async () => {
    const windows: { rdd: RDD<[string, number]>; first: [string, number][] }[] = [];
    const { sc, ssc: context } = windowedCount('local[2]', async (rdd) => {
      windows.push({ rdd, first: await rdd.collect() });
    });
    await advanceBatches(context, 12);
    const oldest = windows[0] as (typeof windows)[number];
    const ownShuffleIds = oldest.rdd.dependencies.filter((dep) => dep instanceof ShuffleDependency).map((dep) => (dep as ShuffleDependency).shuffleId);
    expect(ownShuffleIds).toHaveLength(1);
    expect(sc.mapOutputTracker.registeredShuffleIds()).not.toContain(ownShuffleIds[0]);
    expect(sortedPairs(await oldest.rdd.collect())).toEqual([['a', 3], ['b', 2], ['c', 2], ['d', 1]]);
    expect(sortedPairs(oldest.first)).toEqual([['a', 3], ['b', 2], ['c', 2], ['d', 1]]);
    expect(sc.mapOutputTracker.registeredShuffleIds()).toContain(ownShuffleIds[0]);
  });
});
