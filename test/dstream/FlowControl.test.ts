/**
 * Backpressure (spark.streaming.backpressure.enabled with the PID rate estimator and
 * spark.streaming.receiver.maxRate) and the StreamingListener's BatchInfo delays.
 * PIDRateEstimatorSuite's cases are mirrored as data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { IllegalArgumentError, ManualClock, PIDRateEstimator, Receiver, Seconds, SparkContext, StreamingContext, settle, type BatchInfo } from '../../src/index.js';

class PushReceiver extends Receiver<number> {
  onStart(): void {}
  onStop(): void {}
}

const contexts: StreamingContext[] = [];
afterEach(async () => {
  for (const ssc of contexts.splice(0)) await ssc.stop();
});

describe('PIDRateEstimatorSuite', () => {
  const series = (p: PIDRateEstimator, times: number[], elements: number[], proc: number[], sched: number[]) => times.map((t, i) => p.compute(t, elements[i], proc[i], sched[i]));
  const tab = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

  it('PIDRateEstimatorSuite: estimator checks ranges', () => {
    for (const [interval, p, i, d, min] of [[0, 1, 2, 3, 10], [100, -1, 2, 3, 10], [100, 0, -1, 3, 10], [100, 0, 0, -1, 10], [100, 0, 0, 0, 0], [100, 0, 0, 0, -10]]) {
      expect(() => new PIDRateEstimator(interval, { proportional: p, integral: i, derivative: d, minRate: min })).toThrow(IllegalArgumentError);
    }
  });

  it('PIDRateEstimatorSuite: first estimate is None, the second is 1000 records/s', () => {
    const p = new PIDRateEstimator(20, { proportional: 1, integral: 0, derivative: 0, minRate: 10 });
    expect(p.compute(0, 10, 10, 0)).toBeUndefined();
    expect(p.compute(10, 10, 10, 0)).toBe(1000);
    expect(p.compute(10, 10, 10, 0)).toBeUndefined();
  });

  it('PIDRateEstimatorSuite: no estimate without records or without processing delay', () => {
    const p = new PIDRateEstimator(20, { proportional: 1, integral: 0, derivative: 0, minRate: 10 });
    p.compute(0, 10, 10, 0);
    expect([p.compute(10, 0, 10, 0), p.compute(20, -10, 10, 0), p.compute(30, 10, 0, 0), p.compute(40, 10, -10, 0)]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('PIDRateEstimatorSuite: estimate is never less than min rate', () => {
    const p = new PIDRateEstimator(20, { proportional: 1, integral: 1, derivative: 0, minRate: 5 });
    const res = series(p, tab(50, (x) => x * 20), tab(50, () => 1), tab(50, () => 20), tab(50, () => 100));
    expect(res).toEqual([undefined, ...tab(49, () => 5)]);
  });

  it('PIDRateEstimatorSuite: with no accumulated or positive error, |I| > 0, follow the processing speed', () => {
    const p = new PIDRateEstimator(20, { proportional: 1, integral: 1, derivative: 0, minRate: 10 });
    const res = series(p, tab(50, (x) => x * 20), tab(50, (x) => (x + 1) * 20), tab(50, () => 20), tab(50, () => 0));
    expect(res).toEqual([undefined, ...tab(49, (x) => (x + 2) * 1000)]);
  });

  it('PIDRateEstimatorSuite: with no accumulated but some positive error, |I| > 0, follow the processing speed', () => {
    const p = new PIDRateEstimator(20, { proportional: 1, integral: 1, derivative: 0, minRate: 10 });
    const res = series(p, tab(50, (x) => x * 20), tab(50, (x) => (50 - x) * 20), tab(50, () => 20), tab(50, () => 0));
    expect(res).toEqual([undefined, ...tab(49, (x) => (49 - x) * 1000)]);
  });
});

/**
 * A receiver fed 300 records per second while every batch takes 1500 ms to process (its output
 * operation waits on the clock), so batches queue up behind each other.
 */
async function runSlowBatches(conf: Record<string, string>) {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext(new SparkContext({ master: 'local[2]', clock, conf }), Seconds(1));
  contexts.push(ssc);
  const batches: BatchInfo[] = [];
  const rates: number[] = [];
  const events: string[] = [];
  ssc.scheduler.listenerBus.events$.subscribe((e) => {
    if ('batchInfo' in e && e.batchInfo.batchTime.milliseconds <= 2000) events.push(`${e.type} ${e.batchInfo.batchTime} at ${clock.getTimeMillis()}`);
  });
  ssc.addStreamingListener({
    onBatchCompleted: (e) => void batches.push(e.batchInfo),
    onReceiverRateUpdated: (e) => void rates.push(Math.round(e.rateLimit)),
  });
  const receiver = new PushReceiver();
  ssc.receiverStream(receiver).foreachRDD(async (rdd) => {
    await rdd.count();
    await clock.waitTillTime(clock.getTimeMillis() + 1500);
  });
  ssc.start();
  let next = 0;
  for (let step = 0; step < 24; step++) {
    for (let i = 0; i < 150; i++) void receiver.store(next++);
    clock.advance(500);
    for (let i = 0; i < 30; i++) await settle();
  }
  return { batches, rates, events };
}

describe('StreamingListener', () => {
  it('reports each batch\'s records, scheduling delay, processing delay and total delay on the clock', async () => {
    const { batches } = await runSlowBatches({});
    const view = batches.slice(0, 4).map((b) => [b.batchTime.milliseconds, b.numRecords, b.submissionTimeMs, b.schedulingDelayMs, b.processingDelayMs, b.totalDelayMs]);
    // Batch n is submitted at n s but starts when batch n-1 ends: the queue grows 500 ms a batch.
    expect(view).toEqual([
      [1000, 300, 1000, 0, 1500, 1500],
      [2000, 300, 2000, 500, 1500, 2000],
      [3000, 300, 3000, 1000, 1500, 2500],
      [4000, 300, 4000, 1500, 1500, 3000],
    ]);
    expect(batches[0].outputOperationInfos.get(0)).toMatchObject({ id: 0, name: 'foreachRDD', startTimeMs: 1000, endTimeMs: 2500, failureReason: undefined });
  });

  it('posts batch submitted, started and completed events in order, each at its clock time', async () => {
    const { events } = await runSlowBatches({});
    expect(events).toEqual([
      'batchSubmitted 1000 ms at 1000',
      'batchStarted 1000 ms at 1000',
      'batchSubmitted 2000 ms at 2000',
      'batchCompleted 1000 ms at 2500',
      'batchStarted 2000 ms at 2500',
      'batchCompleted 2000 ms at 4000',
    ]);
  });
});

describe('backpressure', () => {
  it('slows a receiver down when batches take longer than the batch interval', async () => {
    const { batches, rates } = await runSlowBatches({ 'spark.streaming.backpressure.enabled': 'true', 'spark.streaming.backpressure.pid.minRate': '10' });
    // Batch 2 ends at 4000 with 300 records in 1500 ms (200/s) after waiting 500 ms: the PID
    // estimator asks for 200 - 0.2 * 500 * 200 / 1000 = 180/s, and lower as the queue grows.
    expect(rates).toEqual([180, 160, 140, 72, 60, 45]);
    expect(batches.map((b) => b.numRecords)).toEqual([300, 300, 300, 300, 180, 180, 170]);
  });

  it('never lets the rate exceed spark.streaming.receiver.maxRate', async () => {
    const { batches, rates } = await runSlowBatches({ 'spark.streaming.backpressure.enabled': 'true', 'spark.streaming.receiver.maxRate': '100' });
    expect(batches.slice(1).every((b) => b.numRecords <= 100)).toBe(true);
    expect(rates.every((r) => r <= 100)).toBe(true);
  });

  it('without backpressure the receiver keeps its pace and the queue grows', async () => {
    const { batches, rates } = await runSlowBatches({});
    expect(rates).toEqual([]);
    expect(batches.slice(1).map((b) => b.numRecords)).toEqual(batches.slice(1).map(() => 300));
  });
});
