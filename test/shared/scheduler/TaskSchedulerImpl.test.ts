/**
 * White-box tests of the task scheduler, after Spark's TaskSchedulerImplSuite and
 * TaskSetManagerSuite: fake executors hold each launched attempt until the test ends it, and a
 * fake DAG scheduler records what reaches it. Nothing runs; every step is explicit.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ListenerBus, ManualClock, SparkContext, type SparkListenerEvent } from '../../../src/index.js';
import { TaskSchedulerImpl, emptyTaskMetrics, type DAGScheduler, type Executor, type Task, type TaskAttempt, type TaskOutcome, type TaskSet } from '../../../src/testing.js';

/** An executor whose attempts wait until the test ends them. */
class FakeExecutor implements Executor {
  readonly blockManager = undefined;
  isAlive = true;
  readonly running = new Map<number, { attempt: TaskAttempt; end: (outcome: TaskOutcome) => void }>();
  constructor(
    readonly id: string,
    readonly slots: number,
  ) {}
  launch(attempt: TaskAttempt): Promise<TaskOutcome> {
    return new Promise((end) => this.running.set(attempt.taskId, { attempt, end }));
  }
  hasBlock(): boolean {
    return false;
  }
  removeRdd(): void {}
  removeBroadcast(): void {}
  kill(): void {
    this.isAlive = false;
    for (const { end } of this.running.values()) end({ status: 'executorLost', executorId: this.id, metrics: emptyTaskMetrics() });
    this.running.clear();
  }
  async stop(): Promise<void> {}
  /** Ends the attempt of `partition` running here. */
  finish(partition: number, outcome: TaskOutcome): void {
    const entry = [...this.running.values()].find((r) => r.attempt.task.partition === partition);
    if (!entry) throw new Error(`no attempt of partition ${partition} on executor ${this.id}`);
    this.running.delete(entry.attempt.taskId);
    entry.end(outcome);
  }
  /** [partition, attemptNumber] of every attempt running here. */
  get attempts(): [number, number][] {
    return [...this.running.values()].map((r) => [r.attempt.task.partition, r.attempt.attemptNumber]);
  }
}

const success: TaskOutcome = { status: 'success', value: 1, metrics: emptyTaskMetrics(), blocksStored: [] };
const failure = (message: string): TaskOutcome => ({ status: 'failed', error: new Error(message), metrics: emptyTaskMetrics() });
const settle = () => new Promise<void>((resolve) => queueMicrotask(() => queueMicrotask(resolve)));

const sc = new SparkContext({ master: 'local' });
afterAll(() => sc.stop());
const rdd = sc.parallelize([1, 2, 3], 3);
const taskSet = (stageId: number, partitions: number[], preferred: string[][] = []): TaskSet => ({
  stageId,
  stageAttempt: 0,
  jobId: 0,
  tasks: partitions.map((partition, i): Task => ({ kind: 'result', stageId, stageAttempt: 0, partition, outputId: i, rdd, func: () => 0, preferredLocations: preferred[i] ?? [] })),
});

let scheduler: TaskSchedulerImpl;
let events: SparkListenerEvent[];
let dagCalls: string[];
let a: FakeExecutor;
let b: FakeExecutor;

beforeEach(() => {
  const bus = new ListenerBus();
  events = [];
  dagCalls = [];
  bus.events$.subscribe((e) => events.push(e));
  scheduler = new TaskSchedulerImpl(2, bus, new ManualClock(0));
  scheduler.dagScheduler = {
    taskEnded: (task: Task, executorId: string, outcome: TaskOutcome) => dagCalls.push(`end ${task.partition} ${outcome.status} on ${executorId}`),
    taskSetFailed: (ts: TaskSet, reason: string) => dagCalls.push(`failed ${ts.stageId}: ${reason}`),
    executorLost: (executorId: string) => dagCalls.push(`lost ${executorId}`),
  } as unknown as DAGScheduler;
  a = new FakeExecutor('a', 1);
  b = new FakeExecutor('b', 1);
  scheduler.addExecutor(a);
  scheduler.addExecutor(b);
});

describe('TaskSchedulerImpl with fake executors', () => {
  it('fills free slots in task order and launches the rest as slots free up', async () => {
    scheduler.submitTasks(taskSet(0, [0, 1, 2]));
    expect([a.attempts, b.attempts]).toEqual([[[0, 0]], [[1, 0]]]);
    a.finish(0, success);
    await settle();
    expect(a.attempts).toEqual([[2, 0]]);
    expect(dagCalls).toEqual(['end 0 success on a']);
  });

  it('retries a failed task before tasks that never started, with the next attempt number', async () => {
    scheduler.submitTasks(taskSet(0, [0, 1, 2]));
    a.finish(0, failure('boom'));
    await settle();
    expect(a.attempts).toEqual([[0, 1]]);
    expect(dagCalls).toEqual([]);
  });

  it('gives up the task set after maxFailures attempts of one task, and launches nothing more', async () => {
    scheduler.submitTasks(taskSet(3, [0, 1, 2]));
    a.finish(0, failure('first'));
    await settle();
    a.finish(0, failure('second'));
    await settle();
    const tid = (events.filter((e) => e.type === 'taskStart') as Extract<SparkListenerEvent, { type: 'taskStart' }>[]).at(-1)?.taskInfo.taskId;
    expect(dagCalls).toEqual([`failed 3: Task 0 in stage 3.0 failed 2 times, most recent failure: Lost task 0.1 in stage 3.0 (TID ${tid}) (executor a): Error: second`]);
    expect(a.attempts).toEqual([]);
    b.finish(1, failure('ignored'));
    await settle();
    expect(dagCalls).toHaveLength(1);
    expect(b.attempts).toEqual([]);
  });

  it('turns a task set into a zombie on a fetch failure: nothing new launches, late failures are not counted', async () => {
    scheduler.submitTasks(taskSet(0, [0, 1, 2]));
    a.finish(0, { status: 'fetchFailed', shuffleId: 7, mapId: 1, message: 'lost', metrics: emptyTaskMetrics() });
    await settle();
    expect(dagCalls).toEqual(['end 0 fetchFailed on a']);
    expect(a.attempts).toEqual([]);
    b.finish(1, failure('late'));
    await settle();
    expect(dagCalls).toEqual(['end 0 fetchFailed on a']);
    scheduler.submitTasks(taskSet(1, [0]));
    expect(a.attempts.length + b.attempts.length).toBe(1);
  });

  it('requeues the tasks of a lost executor without counting a failure', async () => {
    scheduler.submitTasks(taskSet(0, [0, 1]));
    scheduler.executorLost('a', 'machine gone');
    await settle();
    expect(dagCalls).toEqual(['lost a']);
    expect(events.find((e) => e.type === 'executorRemoved')).toEqual({ type: 'executorRemoved', executorId: 'a', reason: 'machine gone' });
    b.finish(1, success);
    await settle();
    expect(b.attempts).toEqual([[0, 1]]);
    b.finish(0, failure('one real failure'));
    await settle();
    expect(b.attempts).toEqual([[0, 2]]);
    expect(dagCalls.some((c) => c.startsWith('failed'))).toBe(false);
  });

  it('keeps a task for the executor it prefers while that executor lives', async () => {
    scheduler.submitTasks(taskSet(0, [0, 1], [['b'], ['b']]));
    expect([a.attempts, b.attempts]).toEqual([[], [[0, 0]]]);
    b.finish(0, success);
    await settle();
    expect([a.attempts, b.attempts]).toEqual([[], [[1, 0]]]);
    scheduler.executorLost('b', 'gone');
    await settle();
    expect(a.attempts).toEqual([[1, 1]]);
  });
});
