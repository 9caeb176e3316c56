import { describe, expect, it } from 'vitest';
import { DeliveryLog } from '../../bench/harness/DeliveryLog.js';
import { formatDurationMs, parseDurationMs } from '../../bench/harness/durations.js';
import { LatencyHistogram } from '../../bench/harness/LatencyHistogram.js';
import { parseLateness, sampleDelayMs } from '../../bench/harness/lateness.js';
import { createProgress } from '../../bench/harness/progress.js';
import { BenchRandom, zipfSampler } from '../../bench/harness/random.js';
import { niceBucketMs, TimeSeries } from '../../bench/harness/TimeSeries.js';
import { watermarksAtArrival, windowStartOf } from '../../bench/oracle/watermarks.js';

describe('durations', () => {
  it('reads ms, s, m and h, and 0 alone', () => {
    expect(['500ms', '2s', '1.5s', '1m', '1h', '0'].map(parseDurationMs)).toEqual([500, 2000, 1500, 60_000, 3_600_000, 0]);
    expect(['500', '2 s', 's', '-1s', '1d'].map(parseDurationMs)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('writes the largest whole unit', () => {
    expect([0, 1500, 2000, 60_000, 5_400_000, 7_200_000].map(formatDurationMs)).toEqual(['0', '1500ms', '2s', '1m', '90m', '2h']);
  });
});

describe('lateness specs', () => {
  it('parses each distribution and the late share', () => {
    expect(parseLateness('none')).toEqual({ distribution: { kind: 'none' }, lateShare: 0 });
    expect(parseLateness('uniform:2s')).toEqual({ distribution: { kind: 'uniform', maxMs: 2000 }, lateShare: 0 });
    expect(parseLateness('exponential:300ms,late=2%')).toEqual({ distribution: { kind: 'exponential', meanMs: 300 }, lateShare: 0.02 });
    expect(parseLateness('stragglers:200ms')).toEqual({ distribution: { kind: 'stragglers', meanMs: 200, share: 0.05 }, lateShare: 0 });
    expect(parseLateness('stragglers:200ms:10%')).toEqual({ distribution: { kind: 'stragglers', meanMs: 200, share: 0.1 }, lateShare: 0 });
  });

  it('bounds uniform delays and gives stragglers a heavy tail', () => {
    const random = new BenchRandom(5);
    const context = { watermarkMs: 1000, windowMs: 5000 };
    const uniform = Array.from({ length: 2000 }, () => sampleDelayMs(parseLateness('uniform:100ms'), random, context));
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniform)).toBeLessThanOrEqual(100);
    const stragglers = Array.from({ length: 2000 }, () => sampleDelayMs(parseLateness('stragglers:100ms:10%'), random, context));
    expect(stragglers.filter((d) => d >= 1000).length).toBeGreaterThan(150);
    expect(Math.max(...stragglers)).toBeLessThanOrEqual(100_000);
  });
});

describe('BenchRandom', () => {
  it('repeats its sequence for a seed and stays in range', () => {
    const a = new BenchRandom(42);
    const b = new BenchRandom(42);
    const values = Array.from({ length: 100 }, () => a.next());
    expect(values).toEqual(Array.from({ length: 100 }, () => b.next()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new BenchRandom(43).next()).not.toBe(values[0]);
  });

  it('samples rank 0 most often under a Zipf sampler', () => {
    const random = new BenchRandom(1);
    const next = zipfSampler(10, 1.1);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 10_000; i++) counts[next(random)] += 1;
    expect(counts[0]).toBeGreaterThan(counts[1]);
    expect(counts[1]).toBeGreaterThan(counts[9]);
  });
});

describe('LatencyHistogram', () => {
  it('keeps count, min, max and mean exact and percentiles within 1/64', () => {
    const histogram = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) histogram.record(i);
    const summary = histogram.summary();
    expect(summary).toMatchObject({ count: 1000, minMs: 1, maxMs: 1000, meanMs: 500.5 });
    for (const [percent, exact] of [[50, 500], [95, 950], [99, 990]] as const) {
      expect(Math.abs(histogram.percentile(percent) - exact) / exact).toBeLessThan(1 / 64);
    }
  });

  it('resolves microseconds, treats negative latencies as zero and is empty without data', () => {
    const histogram = new LatencyHistogram();
    expect(histogram.summary()).toBeNull();
    histogram.record(0.012);
    histogram.record(-3);
    expect(histogram.percentile(100)).toBe(0.012);
    expect(histogram.percentile(50)).toBe(0);
  });
});

describe('watermarks and windows', () => {
  it('gives each record the watermark of the records that arrived before it', () => {
    const events = [
      { eventTimeMs: 100, arrivalTimeMs: 100 },
      { eventTimeMs: 500, arrivalTimeMs: 600 },
      { eventTimeMs: 50, arrivalTimeMs: 600 },
      { eventTimeMs: 700, arrivalTimeMs: 700 },
    ];
    expect([...watermarksAtArrival(events, 100)]).toEqual([-Infinity, 0, 0, 400]);
  });

  it('assigns tumbling windows from 0, negative times included', () => {
    expect([0, 999, 1000, -1].map((t) => windowStartOf(t, 1000))).toEqual([0, 0, 1000, -1000]);
  });
});

describe('DeliveryLog', () => {
  it('finds each arrival group\'s delivery time, and nothing for a time not scheduled or not delivered', () => {
    const log = new DeliveryLog([0, 3, 3.5, 10, 250]);
    log.delivered(0, 1.25);
    log.delivered(2, 4);
    log.delivered(4, 262.5);
    expect([0, 3.5, 250].map((ms) => log.deliveredAtMs(ms))).toEqual([1.25, 4, 262.5]);
    expect([3, 10, 1, 251, -1].map((ms) => log.deliveredAtMs(ms))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(new DeliveryLog([]).deliveredAtMs(0)).toBeUndefined();
  });
});

describe('TimeSeries', () => {
  it('buckets events and rows and fills empty buckets', () => {
    const series = new TimeSeries(100);
    series.addEvents(5, 3);
    series.addRow(250);
    expect(series.points()).toEqual([
      { processingTimeMs: 0, events: 3, rows: 0 },
      { processingTimeMs: 100, events: 0, rows: 0 },
      { processingTimeMs: 200, events: 0, rows: 1 },
    ]);
    expect([niceBucketMs(100), niceBucketMs(25_000), niceBucketMs(60_000)]).toEqual([1, 500, 1000]);
  });
});

describe('progress bar', () => {
  it('draws on a terminal only when the percentage changes, and ends the line', () => {
    const writes: string[] = [];
    const bar = createProgress('run', 200, { isTTY: true, columns: 43, write: (text: string) => writes.push(text) });
    bar.update(1);
    bar.update(2);
    bar.update(100);
    bar.finish();
    expect(writes).toEqual([
      '\rrun [----------]   0% 1/200',
      '\rrun [----------]   1% 2/200',
      '\rrun [#####-----]  50% 100/200',
      '\rrun [##########] 100% 200/200',
      '\n',
    ]);
  });

  it('stays silent when stderr is not a terminal', () => {
    const writes: string[] = [];
    const bar = createProgress('run', 10, { isTTY: false, write: (text: string) => writes.push(text) });
    bar.update(5);
    bar.finish();
    expect(writes).toEqual([]);
  });
});
