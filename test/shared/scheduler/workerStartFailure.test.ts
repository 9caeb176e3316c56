import { describe, expect, it } from 'vitest';
import { registerExecutorModule, SparkContext } from '../../../src/index.js';

// Registered for this file's process only (vitest runs each file in its own fork).
registerExecutorModule(new URL('../../support/brokenExecutorModule.ts', import.meta.url));

const cause =
  'the worker executors of master local-workers[1] failed to start 3 times in a row (spark.deploy.maxExecutorRetries); ' +
  'most recent: worker thread failed: Error: broken executor module: thrown at import. ' +
  'A worker thread dies while loading when workerMain.ts or a module registered with registerExecutorModule throws at import: ' +
  'fix that module (or run on local[N]), then create a new SparkContext; this one no longer starts executors.';

describe('worker executors that die while loading', () => {
  it('are replaced spark.deploy.maxExecutorRetries times, then the job fails naming the reason instead of waiting forever', async () => {
    const sc = new SparkContext({ master: 'local-workers[1]', conf: { 'spark.deploy.maxExecutorRetries': '3' } });
    const removed: string[] = [];
    sc.listenerBus.events$.subscribe((e) => {
      if (e.type === 'executorRemoved') removed.push(e.executorId);
    });
    try {
      // The job fails with the cause: as 'Job 0 cancelled because <cause>' when it was submitted
      // before the third thread died, as the cause itself when the threads died first.
      await expect(sc.parallelize([1, 2, 3], 1).collect()).rejects.toThrow(cause);
      expect(sc.executorIds).toEqual([]);
      expect(removed).toEqual(['0', '1', '2']);
      // Every later job fails at once with the same error, rather than waiting for executors.
      await expect(sc.parallelize([1], 1).count()).rejects.toMatchObject({ errorClass: 'EXECUTORS_FAILED_TO_START', message: cause });
    } finally {
      await sc.stop();
    }
  });
});
