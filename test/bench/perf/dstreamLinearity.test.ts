/**
 * The DStream linearity run counts every record once (whole windows, batches prepared by index
 * because the window computes them when it closes), times each window, reports progress over all
 * measured runs, and pools the runs: every event over every timed millisecond.
 */
import { describe, expect, it } from 'vitest';
import { dstreamLinearity, dstreamLinearityInterleaved } from '../../../bench/perf/dstreamLinearity.js';
import { dstreamLinearitySection } from '../../../bench/perf/longRunTables.js';

describe('dstreamLinearity', () => {
  it('counts every record in whole windows of every run and reports progress as a share of the size', async () => {
    const seen: number[] = [];
    const run = await dstreamLinearity({
      events: 25_000, batchSize: 1000, keys: 10, windowBatches: 10, warmUpMs: 0, minRuns: 2, minEventsMeasured: 0, onBatch: (n) => seen.push(n),
    });
    expect(run.runs).toBe(2);
    expect(run.counted).toBe(25_000);
    expect(run.windows).toBe(6);
    expect(run.runRecordsPerSec).toHaveLength(2);
    // 30 batches per run (three whole windows); the second run's progress starts at half the size.
    expect(seen).toHaveLength(60);
    expect([seen[0], seen[24], seen[29], seen[30], seen[59]]).toEqual([500, 12_500, 12_500, 13_000, 25_000]);
    expect(run.options).toEqual({ events: 25_000, batchSize: 1000, keys: 10, windowBatches: 10, warmUpMs: 0, minRuns: 2, minEventsMeasured: 0 });
    expect(run.recordsPerSec).toBeCloseTo((2 * 25_000 * 1000) / run.totalBatchMs, 6);
    expect(run.thirdsRecordsPerSec).toHaveLength(3);
  }, 30_000);

  it('measures at least minRuns runs and at least minEventsMeasured events', async () => {
    const sizes = { events: 10_000, batchSize: 1000, keys: 10, windowBatches: 10, warmUpMs: 0 };
    expect((await dstreamLinearity({ ...sizes, minRuns: 1, minEventsMeasured: 30_000 })).runs).toBe(3);
    expect((await dstreamLinearity({ ...sizes, minRuns: 2, minEventsMeasured: 10_000 })).runs).toBe(2);
  }, 30_000);

  it('interleaves the runs of several sizes and pools each size on its own', async () => {
    const seen: number[] = [];
    const runs = await dstreamLinearityInterleaved([10_000, 20_000], {
      batchSize: 1000, keys: 10, windowBatches: 10, warmUpMs: 0, minRuns: 2, minEventsMeasured: 40_000, onBatch: (n) => seen.push(n),
    });
    expect(runs.map((r) => [r.options.events, r.runs, r.windows, r.counted])).toEqual([[10_000, 4, 4, 10_000], [20_000, 2, 4, 20_000]]);
    // 4 runs of 10 batches and 2 of 20, told as a share of 30,000 events.
    expect(seen).toHaveLength(80);
    expect(seen[seen.length - 1]).toBe(30_000);
    expect(seen.every((n, i) => i === 0 || n >= (seen[i - 1] as number))).toBe(true);
  }, 30_000);

  it('tabulates each size with its runs, the pooled rate, per CPU-second, and states the method', () => {
    const lines = dstreamLinearitySection([1_000_000, 10_000_000].map((events, i) => ({
      options: { events, batchSize: 100_000, keys: 1000, windowBatches: 10 }, runs: i === 0 ? 10 : 3, runRecordsPerSec: i === 0 ? [2e6, 1e6] : [1e6, 1e6, 1e6], warmUpMs: 2100 + i * 100,
      windows: i === 0 ? 10 : 30, totalBatchMs: 10_000 * (i + 1), maxWindowMs: 300, recordsPerSec: 1e6 * (1 - i / 10), recordsPerCpuSec: 2e6, thirdsRecordsPerSec: [1e6, 9e5, 8e5], counted: events,
    })));
    expect(lines[0]).toContain('Each size after an unmeasured warm-up of 2.1-2.2 s (whole 1M-event runs, as Spark\'s Benchmark warms up for 2 s), then measured over several runs');
    expect(lines.slice(2)).toEqual([
      '| events | runs | windows | batch time s | records/s | records per CPU-second | x the first size | longest window ms | each run\'s records/s | records/s per third of the windows | counted |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|',
      '| 1,000,000 | 10 | 10 | 10.0 | 1,000,000 | 2,000,000 | 1.00 | 300 | 2,000,000, 1,000,000 | 1,000,000, 900,000, 800,000 | 1,000,000 |',
      '| 10,000,000 | 3 | 30 | 20.0 | 900,000 | 2,000,000 | 0.90 | 300 | 1,000,000, 1,000,000, 1,000,000 | 1,000,000, 900,000, 800,000 | 10,000,000 |',
      '',
    ]);
  });
});
