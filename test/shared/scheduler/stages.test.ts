/**
 * The DAG scheduler seen through the listener bus: stages cut at shuffles, finished shuffle
 * outputs reused (skipped) by later jobs, events in order with task metrics.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock, ShuffleDependency, type RDD } from '../../../src/index.js';
import { EventRecorder } from '../../support/recordEvents.js';
import { MASTERS, withSparkContext } from '../../support/sparkContexts.js';

const wordPairs = (rdd: RDD<string>) => rdd.map((w) => [w, 1] as [string, number]);

describe.each(MASTERS)('stages on %s', (master) => {
  it('runs a job with two shuffles as three stages, parents first', async () => {
    await withSparkContext(master, async (sc) => {
      const events = new EventRecorder(sc);
      const counts = wordPairs(sc.parallelize(['a', 'b', 'a', 'c'], 2)).reduceByKey((a, b) => a + b, 3);
      const byCount = counts.map(([w, n]) => [n, w] as [number, string]).groupByKey(2);
      // Values arrive in map-partition order: c is in reduce partition 0 of the first shuffle (99 mod 3), b in 2.
      expect((await byCount.collect()).sort()).toEqual([[1, ['c', 'b']], [2, ['a']]]);
      const submitted = events.of('stageSubmitted');
      expect(submitted.map((s) => [s.stageId, s.numTasks])).toEqual([[0, 2], [1, 3], [2, 2]]);
      expect(events.of('jobStart')).toEqual([expect.objectContaining({ jobId: 0, stageIds: [0, 1, 2] })]);
      expect(events.successfulTasksPerStage()).toEqual({ 0: 2, 1: 3, 2: 2 });
    });
  });

  it('skips the map stage of a shuffle whose outputs a previous job wrote', async () => {
    await withSparkContext(master, async (sc) => {
      const counts = wordPairs(sc.parallelize(['a', 'b', 'a'], 2)).reduceByKey((a, b) => a + b, 2);
      expect(await counts.count()).toBe(2);
      const events = new EventRecorder(sc);
      expect((await counts.collect()).sort()).toEqual([['a', 2], ['b', 1]]);
      const [jobStart] = events.of('jobStart');
      expect(jobStart.stageIds).toHaveLength(2);
      expect(events.of('stageSubmitted').map((s) => s.stageId)).toEqual([jobStart.stageIds[1]]);
      expect(events.of('taskEnd').every((e) => e.taskType === 'ResultTask')).toBe(true);
    });
  });

  it('posts job, stage and task events in order', async () => {
    await withSparkContext(master, async (sc) => {
      const events = new EventRecorder(sc);
      await sc.parallelize([1, 2], 2).count();
      expect(events.events.map((e) => e.type)).toEqual(['jobStart', 'stageSubmitted', 'taskStart', 'taskStart', 'taskEnd', 'taskEnd', 'stageCompleted', 'jobEnd']);
      expect(events.of('jobEnd')).toEqual([expect.objectContaining({ jobId: 0, succeeded: true })]);
      expect(events.of('taskEnd').map((e) => [e.taskInfo.index, e.taskInfo.attemptNumber, e.reason.kind]).sort()).toEqual([[0, 0, 'success'], [1, 0, 'success']]);
    });
  });
});

describe.each(MASTERS)('concurrent jobs on %s', (master) => {
  it('runs many jobs at once, sharing one shuffle, each with its exact answer', async () => {
    await withSparkContext(master, async (sc) => {
      const counts = wordPairs(sc.parallelize(['a', 'b', 'a', 'c', 'a'], 3)).reduceByKey((a, b) => a + b, 2);
      const events = new EventRecorder(sc);
      const [all, n, sorted, first, squares] = await Promise.all([
        counts.collectAsMap(),
        counts.count(),
        counts.sortByKey().collect(),
        counts.filter(([w]) => w === 'c').first(),
        sc.parallelize([1, 2, 3], 3).map((x) => x * x).collect(),
      ]);
      expect(all).toEqual(new Map([['a', 3], ['b', 1], ['c', 1]]));
      expect(n).toBe(3);
      expect(sorted).toEqual([['a', 3], ['b', 1], ['c', 1]]);
      expect(first).toEqual(['c', 1]);
      expect(squares).toEqual([1, 4, 9]);
      const mapStage = (counts.dependencies[0] as ShuffleDependency).rdd;
      const mapTasks = events.of('taskEnd').filter((e) => e.taskType === 'ShuffleMapTask' && e.metrics.computedPartitions.includes(`${mapStage.id}:0`));
      expect(mapTasks).toHaveLength(1);
    });
  });
});

describe.each(MASTERS)('task metrics on %s', (master) => {
  it('writes fewer shuffle records with reduceByKey (map-side combine) than with groupByKey', async () => {
    await withSparkContext(master, async (sc) => {
      const pairs = wordPairs(sc.parallelize(['a', 'a', 'a', 'b', 'b', 'a', 'b', 'c'], 2));
      const events = new EventRecorder(sc);
      await pairs.reduceByKey((a, b) => a + b, 2).collect();
      const reduced = events.of('taskEnd').filter((e) => e.taskType === 'ShuffleMapTask');
      events.clear();
      await pairs.groupByKey(2).collect();
      const grouped = events.of('taskEnd').filter((e) => e.taskType === 'ShuffleMapTask');
      const written = (ends: typeof reduced) => ends.map((e) => e.metrics.shuffleRecordsWritten).reduce((a, b) => a + b, 0);
      // Slices [a a a b] and [b a b c]: combined, 2 + 3 distinct keys; grouped, all 8 records.
      expect(written(reduced)).toBe(5);
      expect(written(grouped)).toBe(8);
      expect(reduced.every((e) => e.metrics.shuffleBytesWritten > 0)).toBe(true);
      const bytes = (ends: typeof reduced) => ends.map((e) => e.metrics.shuffleBytesWritten).reduce((a, b) => a + b, 0);
      expect(bytes(grouped)).toBeGreaterThan(bytes(reduced));
    });
  });

  it('counts records read, shuffle records read and records returned', async () => {
    await withSparkContext(master, async (sc) => {
      const events = new EventRecorder(sc);
      await wordPairs(sc.parallelize(['x', 'y', 'x'], 1)).reduceByKey((a, b) => a + b, 1).collect();
      const [map, result] = events.of('taskEnd');
      expect([map.metrics.recordsRead, map.metrics.shuffleRecordsWritten]).toEqual([3, 2]);
      expect([result.metrics.shuffleRecordsRead, result.metrics.recordsWritten]).toEqual([2, 2]);
    });
  });

  it('measures task durations on the context clock', async () => {
    const clock = new ManualClock(1000);
    await withSparkContext(
      master,
      async (sc) => {
        const events = new EventRecorder(sc);
        await sc.parallelize([1], 1).count();
        const [start] = events.of('taskStart');
        const [end] = events.of('taskEnd');
        expect([start.taskInfo.launchTimeMs, end.finishTimeMs, end.durationMs]).toEqual([1000, 1000, 0]);
        expect(events.of('jobStart')[0].timeMs).toBe(1000);
      },
      { clock },
    );
  });
});

describe('listener bus', () => {
  it('keeps scheduling when a listener throws, reporting the error on listenerErrors$', async () => {
    await withSparkContext('local[2]', async (sc) => {
      const errors: string[] = [];
      sc.listenerBus.listenerErrors$.subscribe(({ event, error }) => errors.push(`${event.type}: ${(error as Error).message}`));
      sc.listenerBus.addListener({
        onTaskEnd: () => {
          throw new Error('listener bug');
        },
      });
      expect(await sc.parallelize([1, 2], 2).count()).toBe(2);
      expect(errors).toEqual(['taskEnd: listener bug', 'taskEnd: listener bug']);
    });
  });

  it('calls only the methods a SparkListener implements', async () => {
    await withSparkContext('local', async (sc) => {
      const seen: string[] = [];
      sc.listenerBus.addListener({ onJobStart: (e) => seen.push(`start ${e.jobId}`), onJobEnd: (e) => seen.push(`end ${e.jobId} ${e.succeeded}`) });
      await sc.parallelize([1], 1).count();
      expect(seen).toEqual(['start 0', 'end 0 true']);
    });
  });
});
