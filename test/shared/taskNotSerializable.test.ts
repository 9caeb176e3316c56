/**
 * Functions shipped to worker executors must be self-contained. A function that captures an outer
 * variable fails the job before any task runs (Spark's "Task not serializable" at submission),
 * naming the variable and the fix; values reach workers through bind and sc.broadcast.
 */
import { describe, expect, it } from 'vitest';
import { Broadcast, SparkException, bind, type SparkListenerEvent } from '../../src/index.js';
import { useSparkContext } from '../support/sparkContexts.js';

describe('shipping functions to local-workers[2]', () => {
  const sc = useSparkContext('local-workers[2]');

  /** Runs `job` and returns its error and every event posted while it ran. */
  async function failingJob(job: () => Promise<unknown>): Promise<{ error: unknown; events: SparkListenerEvent[] }> {
    const events: SparkListenerEvent[] = [];
    const subscription = sc().listenerBus.events$.subscribe((e) => events.push(e));
    try {
      await job();
      throw new Error('the job should have failed');
    } catch (error) {
      return { error, events };
    } finally {
      subscription.unsubscribe();
    }
  }

  it('rejects a map that captures an outer variable before any task starts', async () => {
    const factor = 3;
    const { error, events } = await failingJob(() => sc().parallelize([1, 2], 2).map((x) => x * factor).collect());
    expect(error).toBeInstanceOf(SparkException);
    expect(error).toMatchObject({ errorClass: 'TASK_NOT_SERIALIZABLE' });
    const message = (error as Error).message;
    expect(message).toContain('Task not serializable');
    expect(message).toContain('captures the outer variable "factor", which does not exist on a worker thread.');
    expect(message).toContain('bind((x, env) => x * env.factor, { factor })');
    expect(message).toContain('sc.broadcast(value)');
    expect(events.filter((e) => e.type === 'taskStart')).toEqual([]);
    expect(events.filter((e) => e.type === 'jobStart')).toEqual([]);
  });

  it('checks every branch of a union and the map side of every shuffle', async () => {
    const offset = 1;
    const clean = sc().parallelize([1], 1);
    const dirty = sc().parallelize([2], 1).map((x) => x + offset);
    const union = await failingJob(() => clean.union(dirty).collect());
    expect((union.error as Error).message).toContain('"offset"');
    expect(union.events.filter((e) => e.type === 'taskStart')).toEqual([]);
    const shuffled = await failingJob(() => dirty.map((x) => [x, 1] as [number, number]).reduceByKey((a, b) => a + b).collect());
    expect(shuffled.error).toMatchObject({ errorClass: 'TASK_NOT_SERIALIZABLE' });
    expect(shuffled.events.filter((e) => e.type === 'taskStart')).toEqual([]);
  });

  it('rejects a captured reducer in an action', async () => {
    const limit = 10;
    const { error, events } = await failingJob(() => sc().parallelize([1, 2], 2).reduce((a, b) => Math.min(a + b, limit)));
    expect((error as Error).message).toContain('"limit"');
    expect(events.filter((e) => e.type === 'taskStart')).toEqual([]);
  });

  it('ships native global functions by name: String, Math.abs, JSON.stringify', async () => {
    const rdd = sc().parallelize([-1, 2, -3], 2);
    expect(await rdd.map(String).collect()).toEqual(['-1', '2', '-3']);
    expect(await rdd.map(Math.abs).reduce(Math.max)).toBe(3);
    expect(await sc().parallelize([[1, 'a']], 1).map(JSON.stringify).collect()).toEqual(['[1,"a"]']);
  });

  it('runs the same function once its value is bound', async () => {
    const factor = 3;
    const rdd = sc().parallelize([1, 2], 2).map(bind((x: number, env: { factor: number }) => x * env.factor, { factor }));
    expect(await rdd.collect()).toEqual([3, 6]);
  });

  it('reads a broadcast value passed through bind on the workers', async () => {
    const names = sc().broadcast({ 1: 'one', 2: 'two' } as Record<number, string>);
    const named = sc()
      .parallelize([1, 2, 1], 2)
      .map(bind((x: number, env: { names: Broadcast<Record<number, string>> }) => env.names.value[x], { names }));
    expect(await named.collect()).toEqual(['one', 'two', 'one']);
    expect(await named.map((s) => s.length).reduce((a, b) => a + b)).toBe(9);
  });

  it('sends a broadcast to each worker once and serves every later task and job from its copy', async () => {
    const offsets = sc().broadcast([100, 200, 300, 400]);
    const addOffset = bind((x: number, env: { offsets: Broadcast<number[]> }) => x + env.offsets.value[x], { offsets });
    expect(await sc().parallelize([0, 1, 2, 3], 4).map(addOffset).collect()).toEqual([100, 201, 302, 403]);
    expect(await sc().parallelize([3, 2, 1, 0], 4).map(addOffset).collect()).toEqual([403, 302, 201, 100]);
  });

  it('aborts at once, without retries, when a task cannot be posted to the worker', async () => {
    class Holder {
      readonly inner = { f: () => 1 };
    }
    const { error, events } = await failingJob(() => sc().parallelize([1], 1).map(bind((x: number, env: { holder: Holder }) => x + (env.holder ? 1 : 0), { holder: new Holder() })).collect());
    expect(error).toMatchObject({ errorClass: 'JOB_ABORTED' });
    expect((error as Error).message).toMatch(/^Job aborted due to stage failure: Failed to serialize task \d+, not attempting to retry it\. Exception during serialization: DataCloneError: .+ could not be cloned\.$/);
    expect((error as Error).cause).toMatchObject({ errorClass: 'TASK_NOT_SERIALIZABLE' });
    expect(events.filter((e) => e.type === 'taskEnd')).toHaveLength(1);
  });

  it('ships long parallelized slices of plain rows as they are, and still ships rows that are functions', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ id: i, tags: [`t${i % 3}`], nested: { score: i / 2 } }));
    expect(await sc().parallelize(rows, 2).map((r) => r.id + r.nested.score).reduce((a, b) => a + b)).toBe(749250);
    const functions = Array.from({ length: 100 }, () => (x: number) => x + 1);
    expect(await sc().parallelize(functions, 2).map((f) => f(1)).reduce((a, b) => a + b)).toBe(200);
  });

  it('fails a task whose slice hides a function among plain rows with Spark\'s serialization message, without retries', async () => {
    const rows: unknown[] = Array.from({ length: 1000 }, (_, i) => ({ id: i }));
    rows[500] = { id: 500, f: () => 1 };
    const { error } = await failingJob(() => sc().parallelize(rows, 1).count());
    expect(error).toMatchObject({ errorClass: 'JOB_ABORTED' });
    expect((error as Error).message).toMatch(/^Job aborted due to stage failure: Failed to serialize task \d+, not attempting to retry it\. Exception during serialization: DataCloneError: .+ could not be cloned\.$/);
  });

  it('ships functions held in a bound env, and checks them too', async () => {
    const double = (x: number) => x * 2;
    const applied = sc().parallelize([1, 2], 1).map(bind((x: number, env: { f: (x: number) => number }) => env.f(x), { f: double }));
    expect(await applied.collect()).toEqual([2, 4]);
    const base = 100;
    const { error, events } = await failingJob(() => sc().parallelize([1], 1).map(bind((x: number, env: { f: (x: number) => number }) => env.f(x), { f: (x: number) => x + base })).collect());
    expect(error).toMatchObject({ errorClass: 'TASK_NOT_SERIALIZABLE' });
    expect((error as Error).message).toContain('"base"');
    expect(events.filter((e) => e.type === 'taskStart')).toEqual([]);
  });
});

describe('inline executors run capturing functions', () => {
  const sc = useSparkContext('local[2]');

  it('lets local[2] capture outer variables, as nothing leaves the thread', async () => {
    const factor = 3;
    expect(await sc().parallelize([1, 2], 2).map((x) => x * factor).collect()).toEqual([3, 6]);
  });

  it('throws when a destroyed broadcast is read', async () => {
    const b = sc().broadcast(5);
    expect(b.value).toBe(5);
    b.destroy();
    expect(b.isValid).toBe(false);
    expect(() => b.value).toThrow('Attempted to use Broadcast(');
    expect(() => b.value).toThrow(expect.objectContaining({ errorClass: 'BROADCAST_DESTROYED' }));
  });
});
