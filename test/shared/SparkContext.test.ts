/**
 * SparkContext: master URLs, the executors each one creates, and a stopped context's error.
 */
import { describe, expect, it } from 'vitest';
import { IllegalArgumentError, IllegalStateError, SparkContext, parseMasterURL } from '../../src/index.js';

describe('master URLs', () => {
  it.each([
    ['local', { kind: 'inline', executors: 1, slotsPerExecutor: 1 }],
    ['local[3]', { kind: 'inline', executors: 1, slotsPerExecutor: 3 }],
    ['local[2, 5]', { kind: 'inline', executors: 1, slotsPerExecutor: 2, maxFailures: 5 }],
    ['local-cluster[2,1]', { kind: 'inline', executors: 2, slotsPerExecutor: 1 }],
    ['local-cluster[3, 2, 1024]', { kind: 'inline', executors: 3, slotsPerExecutor: 2 }],
    ['local-workers[2]', { kind: 'worker', executors: 2, slotsPerExecutor: 1 }],
  ])('parses %s', (master, layout) => {
    expect(parseMasterURL(master)).toEqual(layout);
  });

  it('parses local[*] as one slot per core', () => {
    expect(parseMasterURL('local[*]').slotsPerExecutor).toBeGreaterThanOrEqual(1);
  });

  it.each(['yarn', 'local[two]', 'local[]', 'spark://host:7077', 'local-workers'])('rejects %s, listing the valid forms', (master) => {
    expect(() => new SparkContext({ master })).toThrow(IllegalArgumentError);
    expect(() => new SparkContext({ master })).toThrow(
      `Could not parse Master URL: '${master}'. Use local, local[N], local[*], local[N, maxFailures], local-cluster[E, C] or local-workers[N].`,
    );
  });

  it('rejects a master with no task slots', () => {
    expect(() => new SparkContext({ master: 'local[0]' })).toThrow("Master URL 'local[0]' asks for no task slots; use at least 1, e.g. local[2].");
    expect(() => parseMasterURL('local[0]')).toThrow(expect.objectContaining({ errorClass: 'INVALID_MASTER_URL' }));
  });
});

describe('executors per master', () => {
  it.each([
    ['local', ['driver'], 1],
    ['local[4]', ['driver'], 4],
    ['local-cluster[2,1]', ['0', '1'], 2],
    ['local-cluster[2,3]', ['0', '1'], 6],
    ['local-workers[2]', ['0', '1'], 2],
  ])('%s has executors %j and defaultParallelism %i', async (master, ids, parallelism) => {
    const sc = new SparkContext({ master });
    try {
      expect(sc.executorIds).toEqual(ids);
      expect(sc.defaultParallelism).toBe(parallelism);
      expect(await sc.parallelize([1, 2, 3]).map((x) => x * 2).collect()).toEqual([2, 4, 6]);
    } finally {
      await sc.stop();
    }
  });

  it('takes spark.default.parallelism from the conf', async () => {
    const sc = new SparkContext({ master: 'local[2]', conf: { 'spark.default.parallelism': 5 } });
    expect(sc.parallelize([1]).getNumPartitions()).toBe(5);
    await sc.stop();
  });

  it('takes master and app name from the conf when not given', async () => {
    const sc = new SparkContext({ conf: { 'spark.master': 'local[3]', 'spark.app.name': 'from-conf' } });
    expect([sc.master, sc.appName, sc.defaultParallelism]).toEqual(['local[3]', 'from-conf', 3]);
    await sc.stop();
  });
});

describe('a stopped context', () => {
  it('fails the jobs still running when it stops', async () => {
    const sc = new SparkContext({ master: 'local-workers[1]' });
    let stopped: Promise<void> | undefined;
    sc.listenerBus.addListener({ onTaskStart: () => (stopped ??= sc.stop()) });
    const running = sc.parallelize([1, 2], 2).map((x) => x + 1).collect();
    await expect(running).rejects.toThrow(/^Job 0 cancelled because SparkContext was shut down$/);
    await expect(running).rejects.toMatchObject({ errorClass: 'JOB_CANCELLED' });
    await stopped;
    expect(() => sc.parallelize([1], 1)).toThrow('Cannot call methods on a stopped SparkContext');
  });

  it('refuses new RDDs and jobs, naming the app and master', async () => {
    const sc = new SparkContext({ master: 'local', appName: 'done' });
    const rdd = sc.parallelize([1]);
    await sc.stop();
    expect(sc.isStopped).toBe(true);
    const message = 'Cannot call methods on a stopped SparkContext (app "done", master local). Create a new SparkContext.';
    expect(() => sc.parallelize([1])).toThrow(IllegalStateError);
    expect(() => sc.parallelize([1])).toThrow(message);
    await expect(rdd.collect()).rejects.toThrow(message);
    await sc.stop();
  });
});
