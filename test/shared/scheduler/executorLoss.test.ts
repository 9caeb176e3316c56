/**
 * Losing an executor: its shuffle outputs and cached blocks are gone, the next job recomputes only
 * what was lost (counted through taskEnd events and metrics.computedPartitions), and a kill in the
 * middle of a stage still gives the right answer.
 */
import { describe, expect, it } from 'vitest';
import { type SparkContext } from '../../../src/index.js';
import { EventRecorder } from '../../support/recordEvents.js';
import { withSparkContext } from '../../support/sparkContexts.js';

const CLUSTERS = ['local-cluster[2,1]', 'local-workers[2]'] as const;

const counts = (sc: SparkContext) =>
  sc
    .parallelize(['a', 'b', 'a', 'c', 'b', 'a'], 2)
    .map((w) => [w, 1] as [string, number])
    .reduceByKey((x, y) => x + y, 2);

describe.each(CLUSTERS)('executor loss on %s', (master) => {
  it('kills an executor and brings up a replacement with a new id', async () => {
    await withSparkContext(master, async (sc) => {
      expect(sc.killExecutor('0')).toBe('2');
      expect(sc.executorIds).toEqual(['1', '2']);
      expect(() => sc.killExecutor('0')).toThrow('Executor 0 is not alive; live executors: 1, 2.');
      expect(await sc.parallelize([1, 2, 3], 3).count()).toBe(3);
    });
  });

  it('reruns only the map partitions whose outputs the dead executor held', async () => {
    await withSparkContext(master, async (sc) => {
      const rdd = counts(sc);
      const first = new EventRecorder(sc);
      expect((await rdd.collect()).sort()).toEqual([['a', 3], ['b', 2], ['c', 1]]);
      const mapEnds = first.of('taskEnd').filter((e) => e.taskType === 'ShuffleMapTask');
      const onZero = mapEnds.filter((e) => e.taskInfo.executorId === '0').map((e) => e.taskInfo.index);
      expect(onZero.length).toBeGreaterThan(0);
      expect(onZero.length).toBeLessThan(2);
      sc.killExecutor('0');
      const second = new EventRecorder(sc);
      expect((await rdd.collect()).sort()).toEqual([['a', 3], ['b', 2], ['c', 1]]);
      const mapStageId = mapEnds[0].stageId;
      const resubmitted = second.of('stageSubmitted').filter((s) => s.stageId === mapStageId);
      expect(resubmitted.map((s) => s.partitions)).toEqual([onZero]);
      expect(second.of('taskEnd').filter((e) => e.stageId === mapStageId).map((e) => e.taskInfo.index)).toEqual(onZero);
      const sourceId = rdd.dependencies[0].rdd.dependencies[0].rdd.id;
      expect(second.computedPartitions().filter((p) => p.startsWith(`${sourceId}:`))).toEqual(onZero.map((p) => `${sourceId}:${p}`));
    });
  });

  it('recomputes only the cached partitions the dead executor held', async () => {
    await withSparkContext(master, async (sc) => {
      const squares = sc.parallelize([1, 2, 3, 4], 4).map((x) => x * x).cache();
      expect(await squares.collect()).toEqual([1, 4, 9, 16]);
      const lost = [0, 1, 2, 3].filter((p) => sc.getBlockLocations(squares.id, p).includes('0'));
      expect(lost.length).toBeGreaterThan(0);
      expect(lost.length).toBeLessThan(4);
      sc.killExecutor('0');
      expect([0, 1, 2, 3].filter((p) => sc.getBlockLocations(squares.id, p).length === 0)).toEqual(lost);
      const events = new EventRecorder(sc);
      expect(await squares.collect()).toEqual([1, 4, 9, 16]);
      expect(events.computedPartitions().filter((p) => p.startsWith(`${squares.id}:`))).toEqual(lost.map((p) => `${squares.id}:${p}`));
    });
  });

  it('recovers from fetch failures when map outputs vanish as the reduce stage starts', async () => {
    await withSparkContext(master, async (sc) => {
      const rdd = counts(sc);
      const events = new EventRecorder(sc);
      let killedOnce = false;
      const subscription = sc.listenerBus.addListener({
        onStageSubmitted: (e) => {
          if (!killedOnce && e.stageId === 1) {
            killedOnce = true;
            sc.killExecutor('0');
            sc.killExecutor('1');
          }
        },
      });
      expect((await rdd.collect()).sort()).toEqual([['a', 3], ['b', 2], ['c', 1]]);
      subscription.unsubscribe();
      expect(events.of('taskEnd').some((e) => e.reason.kind === 'fetchFailed')).toBe(true);
      expect(events.of('stageSubmitted').map((s) => [s.stageId, s.attemptNumber])).toEqual([
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ]);
      expect(events.of('jobEnd')).toEqual([expect.objectContaining({ succeeded: true })]);
    });
  });

  it('gives the right answer when an executor dies after the first task of a stage ends', async () => {
    await withSparkContext(master, async (sc) => {
      const rdd = sc
        .parallelize(Array.from({ length: 40 }, (_, i) => i), 4)
        .map((x) => [x % 5, x] as [number, number])
        .reduceByKey((a, b) => a + b, 3);
      let killed: string | undefined;
      const events = new EventRecorder(sc);
      const subscription = sc.listenerBus.addListener({
        onTaskEnd: (e) => {
          if (killed === undefined) {
            killed = e.taskInfo.executorId;
            sc.killExecutor(killed);
          }
        },
      });
      expect((await rdd.collect()).sort((a, b) => a[0] - b[0])).toEqual([[0, 140], [1, 148], [2, 156], [3, 164], [4, 172]]);
      subscription.unsubscribe();
      // On worker threads either executor may finish first; whichever did is the one killed.
      expect(events.of('executorRemoved')).toEqual([{ type: 'executorRemoved', executorId: killed, reason: 'killed by the fault injector' }]);
      const mapStage = events.of('stageSubmitted')[0];
      // The first map output came from the executor that died: that partition runs a second time.
      expect(events.of('stageSubmitted').filter((s) => s.stageId === mapStage.stageId).length).toBeGreaterThanOrEqual(2);
    });
  });
});

describe('worker threads that fail on their own', () => {
  it('replaces a worker whose task ends the thread, and retries the task elsewhere', async () => {
    await withSparkContext('local-workers[2]', async (sc) => {
      const events = new EventRecorder(sc);
      const rdd = sc.parallelize([1, 2, 3, 4], 2).mapPartitions((items, context) => {
        if (context.partitionId === 1 && context.attemptNumber === 0) process.exit(3);
        return Array.from(items, (x) => x * 10);
      });
      expect(await rdd.collect()).toEqual([10, 20, 30, 40]);
      const [removed] = events.of('executorRemoved');
      expect(removed.reason).toBe('worker thread exited with code 3');
      expect(events.of('taskEnd').filter((e) => e.taskInfo.index === 1).map((e) => [e.taskInfo.attemptNumber, e.reason.kind])).toEqual([
        [0, 'executorLost'],
        [1, 'success'],
      ]);
      expect(sc.executorIds).toHaveLength(2);
      expect(sc.executorIds).not.toContain(removed.executorId);
    });
  });

  it('fails a task whose result cannot be copied to the driver, keeping the executors', async () => {
    await withSparkContext('local-workers[2]', async (sc) => {
      const rdd = sc.parallelize([1], 1).map((x) => ({ x, f: () => x }));
      const error = (await rdd.collect().catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(/^Job aborted due to stage failure: Task 0 in stage 0\.0 failed 4 times, most recent failure: Lost task 0\.3 in stage 0\.0 \(TID 3\) \(executor \d\): TaskResultNotSerializableError: Task result not serializable: the output of partition 0 in stage 0 cannot be copied from the worker thread to the driver \(DataCloneError: .*\)\. Return plain data/);
      expect(sc.executorIds).toEqual(['0', '1']);
    });
  });
});
