/**
 * Where a broadcast's copies live (Spark's BroadcastSuite): unpersist() drops the executors'
 * copies and the next task carries the value again; destroy() drops them everywhere and forbids
 * any later use; the ContextCleaner drops the copies of a Broadcast the driver no longer holds.
 *
 * On local-workers[2] each worker is asked which broadcasts it holds, and the driver counts the
 * values it sent; inline executors hold no copies (their tasks read the driver's object).
 * Collection is forced with a gc exposed at run time (--expose-gc), as in ContextCleaner.test.ts.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Broadcast, SparkContext, bind, settle, type RDD } from '../../src/index.js';
import { broadcastsOnWorkers, type WorkerBroadcasts } from '../../src/testing.js';
import { MASTERS, withSparkContext } from '../support/sparkContexts.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const DESTROYED_MESSAGE = (id: number) =>
  `Attempted to use Broadcast(${id}) after it was destroyed: destroy() releases its value for good. Create a new broadcast with sc.broadcast(value).`;

/** Reads the broadcast in two tasks, one per executor. */
function lookupJob(sc: SparkContext, offsets: Broadcast<number[]>): RDD<number> {
  return sc.parallelize([0, 1], 2).map(bind((x: number, env: { offsets: Broadcast<number[]> }) => x + env.offsets.value[x], { offsets }));
}

/** What every worker of a local-workers[2] context should report; nothing on inline masters. */
function onEveryWorker(master: string, state: WorkerBroadcasts): Map<string, WorkerBroadcasts> {
  return master.startsWith('local-workers') ? new Map([['0', state], ['1', state]]) : new Map();
}

/** The error, or the first of its causes, with `errorClass`. */
function withErrorClass(error: unknown, errorClass: string): Error | undefined {
  for (let e = error; e instanceof Error; e = e.cause) if ((e as { errorClass?: string }).errorClass === errorClass) return e;
  return undefined;
}

describe.each(MASTERS)('Broadcast on %s', (master) => {
  it('unpersist drops the executors\' copies, and the next job receives the value again', () =>
    withSparkContext(master, async (sc) => {
      const offsets = sc.broadcast([100, 200]);
      const job = lookupJob(sc, offsets);
      expect(await job.collect()).toEqual([100, 201]);
      expect(await broadcastsOnWorkers(sc)).toEqual(onEveryWorker(master, { held: [offsets.id], valuesSent: 1 }));

      offsets.unpersist();
      expect(offsets.isValid).toBe(true);
      expect(await broadcastsOnWorkers(sc)).toEqual(onEveryWorker(master, { held: [], valuesSent: 1 }));

      expect(await job.collect()).toEqual([100, 201]);
      expect(await broadcastsOnWorkers(sc)).toEqual(onEveryWorker(master, { held: [offsets.id], valuesSent: 2 }));
      expect(await job.collect()).toEqual([100, 201]);
      expect(await broadcastsOnWorkers(sc)).toEqual(onEveryWorker(master, { held: [offsets.id], valuesSent: 2 }));
    }));

  it('destroy drops the copies everywhere, and every later use fails with BROADCAST_DESTROYED', () =>
    withSparkContext(master, async (sc) => {
      const offsets = sc.broadcast([100, 200]);
      const kept = sc.broadcast([7, 8]);
      const job = lookupJob(sc, offsets);
      expect(await job.collect()).toEqual([100, 201]);
      expect(await lookupJob(sc, kept).collect()).toEqual([7, 9]);

      offsets.destroy();
      expect(offsets.isValid).toBe(false);
      expect(await broadcastsOnWorkers(sc)).toEqual(onEveryWorker(master, { held: [kept.id], valuesSent: 2 }));
      expect(() => offsets.value).toThrow(DESTROYED_MESSAGE(offsets.id));
      expect(() => offsets.unpersist()).toThrow(DESTROYED_MESSAGE(offsets.id));
      expect(() => offsets.destroy()).toThrow(DESTROYED_MESSAGE(offsets.id));

      const error = await job.collect().then(
        () => undefined,
        (e: unknown) => e,
      );
      // Workers fail the job at submission, when the value cannot be shipped; inline tasks fail reading it.
      expect(error).toMatchObject({ errorClass: master.startsWith('local-workers') ? 'BROADCAST_DESTROYED' : 'JOB_ABORTED' });
      const destroyed = withErrorClass(error, 'BROADCAST_DESTROYED');
      expect(destroyed?.message.startsWith(DESTROYED_MESSAGE(offsets.id))).toBe(true);
      expect(await lookupJob(sc, kept).collect()).toEqual([7, 9]);
    }));
});

/** Collects garbage until `done()` or 20 rounds, letting finalizers run between rounds. */
async function collectUntil(done: () => Promise<boolean>): Promise<boolean> {
  for (let round = 0; round < 20 && !(await done()); round++) {
    gc();
    await settle();
  }
  return done();
}

/** Runs a job reading a new broadcast and returns only its id: nothing here keeps it alive. */
async function runBroadcastJob(sc: SparkContext): Promise<number> {
  const offsets = sc.broadcast([100, 200]);
  expect(await lookupJob(sc, offsets).collect()).toEqual([100, 201]);
  return offsets.id;
}

/** Eight tasks on two workers reading a broadcast only the job holds. */
function runEightTaskJob(sc: SparkContext): Promise<number[]> {
  const offsets = sc.broadcast([100, 200]);
  return sc
    .parallelize([0, 1, 2, 3, 4, 5, 6, 7], 8)
    .map(bind((x: number, env: { offsets: Broadcast<number[]> }) => x + env.offsets.value[x % 2], { offsets }))
    .collect();
}

describe('ContextCleaner and broadcasts', () => {
  const master = 'local-workers[2]';

  it('removes the workers\' copies of a broadcast the driver no longer holds', () =>
    withSparkContext(master, async (sc) => {
      const id = await runBroadcastJob(sc);
      expect(await broadcastsOnWorkers(sc)).toEqual(onEveryWorker(master, { held: [id], valuesSent: 1 }));
      const allGone = async () => [...(await broadcastsOnWorkers(sc)).values()].every((w) => w.held.length === 0);
      expect(await collectUntil(allGone)).toBe(true);
      expect(await broadcastsOnWorkers(sc)).toEqual(onEveryWorker(master, { held: [], valuesSent: 1 }));
    }));

  it('keeps the copies of a broadcast an RDD still reads, so later jobs are not sent it again', () =>
    withSparkContext(master, async (sc) => {
      const job = lookupJob(sc, sc.broadcast([100, 200]));
      expect(await job.collect()).toEqual([100, 201]);
      for (let round = 0; round < 3; round++) {
        gc();
        await settle();
      }
      expect(await broadcastsOnWorkers(sc)).toEqual(onEveryWorker(master, { held: [0], valuesSent: 1 }));
      expect(await job.collect()).toEqual([100, 201]);
      expect(await broadcastsOnWorkers(sc)).toEqual(onEveryWorker(master, { held: [0], valuesSent: 1 }));
    }));

  it('never removes a broadcast while a job reading it has tasks running or queued', () =>
    withSparkContext(master, async (sc) => {
      // A collection at every task start: finalizers get their chance between the tasks of the job.
      const subscription = sc.listenerBus.events$.subscribe((e) => {
        if (e.type === 'taskStart') gc();
      });
      const sums = await runEightTaskJob(sc);
      subscription.unsubscribe();
      expect(sums).toEqual([100, 201, 102, 203, 104, 205, 106, 207]);
      // Each worker received the value once: a removal during the job would have made a later task carry it again.
      const sent = [...(await broadcastsOnWorkers(sc)).values()].map((w) => w.valuesSent);
      expect(sent).toEqual([1, 1]);
    }));
});
