/**
 * Triggers and the executors that run batches on them (Spark's ProcessingTimeExecutorSuite), on a
 * ManualClock: every batch time is exact.
 */
import { describe, expect, it } from 'vitest';
import { IllegalArgumentError } from '../../../../src/shared/errors.js';
import { ManualClock, settle } from '../../../../src/shared/util/Clock.js';
import { OutputMode } from '../../../../src/structured/streaming/OutputMode.js';
import { describeTrigger, parseIntervalMs, Trigger } from '../../../../src/structured/streaming/Trigger.js';
import {
  MultiBatchExecutor,
  ProcessingTimeExecutor,
  SingleBatchExecutor,
  triggerExecutorFor,
} from '../../../../src/structured/streaming/runtime/TriggerExecutor.js';
import { caught } from '../support.js';

/** Runs `done` to completion, moving the clock to each time the executor waits for. */
async function driveClock(clock: ManualClock, done: Promise<void>): Promise<void> {
  let finished = false;
  void done.then(() => (finished = true));
  for (let step = 0; step < 100 && !finished; step++) {
    await settle();
    const next = clock.nextWaiterTimeMs();
    if (next !== undefined) clock.setTime(next);
  }
  await done;
}

describe('Trigger', () => {
  it('builds Spark\'s triggers from milliseconds or interval strings', () => {
    expect(Trigger.ProcessingTime(500)).toEqual({ kind: 'ProcessingTime', intervalMs: 500 });
    expect(Trigger.ProcessingTime('10 seconds')).toEqual({ kind: 'ProcessingTime', intervalMs: 10_000 });
    expect(Trigger.ProcessingTime('interval 1 minute 30 seconds')).toEqual({ kind: 'ProcessingTime', intervalMs: 90_000 });
    expect(Trigger.Once()).toEqual({ kind: 'Once' });
    expect(Trigger.AvailableNow()).toEqual({ kind: 'AvailableNow' });
    expect(Trigger.Continuous('1 second')).toEqual({ kind: 'Continuous', intervalMs: 1000 });
    expect(Trigger.Default()).toEqual({ kind: 'ProcessingTime', intervalMs: 0 });
    expect([Trigger.ProcessingTime(10_000), Trigger.Once(), Trigger.AvailableNow(), Trigger.Continuous(1000)].map(describeTrigger))
      .toEqual(['ProcessingTimeTrigger(10000)', 'OneTimeTrigger', 'AvailableNowTrigger', 'ContinuousTrigger(1000)']);
  });

  it('parses every unit, plural or singular, and drops sub-millisecond remainders', () => {
    expect(parseIntervalMs('1 week')).toBe(604_800_000);
    expect(parseIntervalMs('2 DAYS 1 hour')).toBe(176_400_000);
    expect(parseIntervalMs('1.5 seconds')).toBe(1500);
    expect(parseIntervalMs('250 milliseconds 1500 microseconds')).toBe(251);
  });

  it('refuses negative, month and unparsable intervals with Spark\'s messages', () => {
    const negative = caught(() => Trigger.ProcessingTime(-1));
    expect(negative).toBeInstanceOf(IllegalArgumentError);
    expect(negative.message).toBe('the interval of trigger should not be negative (got -1 ms). Use 0 to run batches back to back.');
    expect(caught(() => Trigger.ProcessingTime('-5 seconds')).message).toContain('should not be negative (got -5000 ms)');
    expect(caught(() => Trigger.ProcessingTime('1 month')).message).toBe(
      'Doesn\'t support month or year interval: 1 month. A month has no fixed number of milliseconds; use days or weeks.',
    );
    expect(caught(() => Trigger.Continuous('10')).message).toContain('Cannot parse the interval \'10\'');
    expect(caught(() => Trigger.ProcessingTime('ten seconds')).errorClass).toBe('INVALID_TRIGGER_INTERVAL');
    expect(caught(() => Trigger.ProcessingTime('10 fortnights')).errorClass).toBe('INVALID_TRIGGER_INTERVAL');
  });
});

describe('OutputMode', () => {
  it('has Spark\'s names and parses them case-insensitively', () => {
    expect([OutputMode.Append(), OutputMode.Update(), OutputMode.Complete()]).toEqual(['Append', 'Update', 'Complete']);
    expect(OutputMode.fromString('COMPLETE')).toBe('Complete');
    expect(caught(() => OutputMode.fromString('upsert')).message).toBe(
      'Unknown output mode upsert. Accepted output modes are \'append\', \'complete\', \'update\'',
    );
  });
});

describe('ProcessingTimeExecutor', () => {
  it('computes the next batch time as the next multiple of the interval', () => {
    const executor = new ProcessingTimeExecutor(100, new ManualClock());
    expect(executor.nextBatchTime(0)).toBe(100);
    expect(executor.nextBatchTime(executor.nextBatchTime(0))).toBe(200);
    expect(executor.nextBatchTime(99)).toBe(100);
    expect(executor.nextBatchTime(150)).toBe(200);
    expect(new ProcessingTimeExecutor(0, new ManualClock()).nextBatchTime(123)).toBe(123);
  });

  it('runs the first batch at once, then at every multiple of the interval', async () => {
    const clock = new ManualClock(50);
    const executor = new ProcessingTimeExecutor(100, clock);
    const batchTimes: number[] = [];
    const done = executor.execute(() => {
      batchTimes.push(clock.getTimeMillis());
      return batchTimes.length < 4;
    });
    await driveClock(clock, done);
    expect(batchTimes).toEqual([50, 100, 200, 300]);
    expect(executor.fallingBehind).toEqual([]);
  });

  it('runs the next batch at once after a batch that overran, and records it as falling behind', async () => {
    const clock = new ManualClock(0);
    const seen: unknown[] = [];
    const executor = new ProcessingTimeExecutor(100, clock, { onFallingBehind: (e) => seen.push(e) });
    const batchTimes: number[] = [];
    const done = executor.execute(() => {
      const nowMs = clock.getTimeMillis();
      batchTimes.push(nowMs);
      if (nowMs === 100) clock.advance(250); // the batch started at 100 ends at 350
      return batchTimes.length < 5;
    });
    await driveClock(clock, done);
    expect(batchTimes).toEqual([0, 100, 350, 400, 500]);
    expect(executor.fallingBehind).toEqual([{ batchStartMs: 100, elapsedMs: 250, intervalMs: 100 }]);
    expect(seen).toEqual(executor.fallingBehind);
  });

  it('does not count a batch that took exactly the interval as falling behind', async () => {
    const clock = new ManualClock(0);
    const executor = new ProcessingTimeExecutor(100, clock);
    const batchTimes: number[] = [];
    const done = executor.execute(() => {
      batchTimes.push(clock.getTimeMillis());
      clock.advance(100);
      return batchTimes.length < 3;
    });
    await driveClock(clock, done);
    expect(batchTimes).toEqual([0, 100, 200]);
    expect(executor.fallingBehind).toEqual([]);
  });

  it('stops while waiting for the next batch time', async () => {
    const clock = new ManualClock(0);
    const executor = new ProcessingTimeExecutor(1000, clock);
    let batches = 0;
    const done = executor.execute(() => {
      batches++;
      return true;
    });
    await settle();
    expect(clock.isWaiting()).toBe(true);
    executor.stop();
    await done;
    expect(batches).toBe(1);
    expect(clock.getTimeMillis()).toBe(0);
  });

  it('runs batches back to back with a zero interval until the runner says stop', async () => {
    const clock = new ManualClock(7);
    const executor = new ProcessingTimeExecutor(0, clock);
    let batches = 0;
    await executor.execute(async () => ++batches < 3);
    expect(batches).toBe(3);
    expect(clock.isWaiting()).toBe(false);
  });
});

describe('SingleBatchExecutor and MultiBatchExecutor', () => {
  it('Once runs exactly one batch; AvailableNow runs until the runner has nothing left', async () => {
    let once = 0;
    await new SingleBatchExecutor().execute(() => {
      once++;
      return true;
    });
    expect(once).toBe(1);
    let available = 3;
    const ran: number[] = [];
    await new MultiBatchExecutor().execute(async () => {
      ran.push(available);
      return --available > 0;
    });
    expect(ran).toEqual([3, 2, 1]);
  });

  it('picks the executor of each trigger', () => {
    const clock = new ManualClock();
    expect(triggerExecutorFor(Trigger.ProcessingTime(10), clock)).toBeInstanceOf(ProcessingTimeExecutor);
    expect(triggerExecutorFor(Trigger.Once(), clock)).toBeInstanceOf(SingleBatchExecutor);
    expect(triggerExecutorFor(Trigger.AvailableNow(), clock)).toBeInstanceOf(MultiBatchExecutor);
  });
});
