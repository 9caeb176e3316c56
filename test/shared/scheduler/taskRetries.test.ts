/**
 * Task retries: a failed attempt runs again until spark.task.maxFailures attempts failed, then the
 * job aborts with Spark's message and the original error as its cause.
 */
import { describe, expect, it } from 'vitest';
import { SparkException, type SparkContext } from '../../../src/index.js';
import { EventRecorder } from '../../support/recordEvents.js';
import { MASTERS, withSparkContext } from '../../support/sparkContexts.js';

/** A job with one shuffle, so the result stage is stage 1 as in Spark's numbering. */
const sumsPerKey = (sc: SparkContext) =>
  sc
    .parallelize([1, 2, 3, 4, 5, 6, 7, 8], 2)
    .map((x) => [x % 4, x] as [number, number])
    .reduceByKey((a, b) => a + b, 4);

describe.each(MASTERS)('task retries on %s', (master) => {
  it('retries a failing task and succeeds on the third attempt', async () => {
    await withSparkContext(master, async (sc) => {
      const rdd = sumsPerKey(sc);
      sc.faults.failTask({ partition: 1, failAttemptsBelow: 2 });
      const events = new EventRecorder(sc);
      expect(await rdd.collect()).toEqual([[0, 12], [1, 6], [2, 8], [3, 10]]);
      const ends = events.of('taskEnd').filter((e) => e.taskInfo.index === 1);
      expect(ends.map((e) => [e.stageId, e.taskInfo.attemptNumber, e.reason.kind])).toEqual([
        [0, 0, 'exception'],
        [0, 1, 'exception'],
        [0, 2, 'success'],
        [1, 0, 'exception'],
        [1, 1, 'exception'],
        [1, 2, 'success'],
      ]);
      expect(ends[0].reason).toEqual({ kind: 'exception', description: 'Error: Injected failure in stage 0, partition 1, attempt 0' });
    });
  });

  it('aborts after 4 failures with Spark\'s message and the original error as cause', async () => {
    await withSparkContext(master, async (sc) => {
      const rdd = sumsPerKey(sc).map(([k, v]) => {
        if (k === 3) throw new RangeError(`bad key ${k}`);
        return v;
      });
      const events = new EventRecorder(sc);
      const error = (await rdd.collect().catch((e: unknown) => e)) as SparkException;
      const last = events.of('taskEnd').filter((e) => e.taskInfo.index === 3 && e.stageId === 1).at(-1);
      expect(last?.taskInfo.attemptNumber).toBe(3);
      expect(error).toBeInstanceOf(SparkException);
      expect(error.errorClass).toBe('JOB_ABORTED');
      expect(error.message).toBe(
        `Job aborted due to stage failure: Task 3 in stage 1.0 failed 4 times, most recent failure: ` +
          `Lost task 3.3 in stage 1.0 (TID ${last?.taskInfo.taskId}) (executor ${last?.taskInfo.executorId}): RangeError: bad key 3 (while processing record: [3,10])`,
      );
      // The task's error keeps its class and names the record; on the driver's thread its own cause is the error the function threw.
      expect(error.cause).toBeInstanceOf(RangeError);
      expect((error.cause as Error).message).toBe('bad key 3 (while processing record: [3,10])');
      if (master === 'local[2]') expect(((error.cause as Error).cause as Error).message).toBe('bad key 3');
      expect(events.of('jobEnd')).toEqual([expect.objectContaining({ succeeded: false, error })]);
    });
  });

  it('honours spark.task.maxFailures', async () => {
    await withSparkContext(
      master,
      async (sc) => {
        sc.faults.failTask({ partition: 0, failAttemptsBelow: Infinity, message: 'always' });
        const events = new EventRecorder(sc);
        const error = (await sc.parallelize([1, 2], 2).collect().catch((e: unknown) => e)) as Error;
        expect(error.message).toMatch(/^Job aborted due to stage failure: Task 0 in stage 0\.0 failed 2 times, most recent failure: Lost task 0\.1 in stage 0\.0 \(TID \d+\) \(executor \w+\): Error: always$/);
        expect(events.of('taskEnd').filter((e) => e.taskInfo.index === 0).map((e) => e.taskInfo.attemptNumber)).toEqual([0, 1]);
      },
      { conf: { 'spark.task.maxFailures': 2 } },
    );
  });

  it('runs the next job normally after one aborted', async () => {
    await withSparkContext(master, async (sc) => {
      sc.faults.failTask({ partition: 0, failAttemptsBelow: Infinity });
      await expect(sc.parallelize([1, 2], 2).count()).rejects.toThrow('failed 4 times');
      sc.faults.clear();
      expect(await sc.parallelize([1, 2], 2).count()).toBe(2);
    });
  });
});

describe('local[N, maxFailures]', () => {
  it('takes maxFailures from the master URL, as Spark\'s local[N, F] does', async () => {
    await withSparkContext('local[2, 1]', async (sc) => {
      sc.faults.failTask({ partition: 1 });
      await expect(sc.parallelize([1, 2], 2).count()).rejects.toThrow(
        /^Job aborted due to stage failure: Task 1 in stage 0\.0 failed 1 times, most recent failure: Lost task 1\.0 in stage 0\.0 \(TID \d\) \(executor driver\): Error: Injected failure in stage 0, partition 1, attempt 0$/,
      );
    });
  });
});
