/**
 * The Structured linearity step runs every size several times, interleaved, and pools each size:
 * every event of every run over every timed millisecond; the suite's state step gives the
 * watermark curve the pooled thirds of its size, and the table says how the figures were made.
 */
import { describe, expect, it } from 'vitest';
import { linearitySection } from '../../../bench/perf/longRunTables.js';
import { curveRecordsPerSec } from '../../../bench/perf/stateCurve.js';
import type { CurvePoint, StateCurve } from '../../../bench/perf/stateCurve.js';
import { measureStateStep, stateStepUnits } from '../../../bench/perf/stateCurveProcess.js';
import { runsPerSize } from '../../../bench/perf/interleavedRuns.js';
import { linearityBatches, pooledCurve, stateLinearityInterleaved } from '../../../bench/perf/stateLinearity.js';

// 10 keys, 10 ms per event: each batch of 1000 events is one 10-second window of 10 keys.
const sizes = { batchSize: 1000, keys: 10, msPerEvent: 10 };

describe('stateLinearityInterleaved', () => {
  it('runs each size at least minRuns times and minEventsMeasured events, pooled per size', async () => {
    expect(runsPerSize(2000, { minRuns: 2, minEventsMeasured: 8000 })).toBe(4);
    expect(linearityBatches([2000, 4000], { ...sizes, minRuns: 2, minEventsMeasured: 8000 })).toBe(4 * 2 + 2 * 4);
    const seen: number[] = [];
    const runs = await stateLinearityInterleaved([2000, 4000], { ...sizes, warmUpEvents: 1000, minRuns: 2, minEventsMeasured: 8000, onBatch: (n) => seen.push(n) });
    expect(runs.map((c) => [c.options.events, c.pooled?.runs, c.points.length, c.pooled?.runRecordsPerSec.length, c.pooled?.warmUpEvents])).toEqual([[2000, 4, 8, 4, 1000], [4000, 2, 8, 2, 1000]]);
    expect(seen).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    // Every run's own state: 2 windows of 10 keys at the end of each.
    expect(runs.every((c) => c.points.every((p) => p.stateRows <= 20 && p.rowsUpdated === 10))).toBe(true);
    const [small] = runs as [StateCurve];
    expect(curveRecordsPerSec(small)).toBeCloseTo((4 * 2000 * 1000) / small.pooled!.totalBatchMs, 6);
  }, 60_000);

  it('pools thirds over the runs: each run cut in thirds, the same third of every run together', () => {
    const run = (ms: readonly number[]): StateCurve => ({
      options: { events: 3000, withWatermark: true, ...sizes },
      points: ms.map((batchMs, i): CurvePoint => ({ events: (i + 1) * 1000, batchMs, batchCpuMs: batchMs, heapMb: 1, stateRows: 20, rowsUpdated: 10 })),
      thirdsRecordsPerSec: [0, 0, 0],
    });
    const pooled = pooledCurve([run([1, 2, 4]), run([3, 2, 4])], 0);
    // First thirds: 1 + 3 ms for 2000 events; last thirds: 8 ms for 2000 events.
    expect(pooled.thirdsRecordsPerSec).toEqual([500_000, 500_000, 250_000]);
    expect(pooled.pooled?.runRecordsPerSec).toEqual([3000 * 1000 / 7, 3000 * 1000 / 9]);
    expect(pooled.pooled?.medianBatchMs).toBe(3);
    expect(curveRecordsPerSec(pooled)).toBe(6000 * 1000 / 16);
  });

  it('tabulates pooled sizes with their runs, per CPU-second and the major collections in the timed batches', () => {
    const run = (events: number, ms: number): StateCurve => ({
      options: { events, withWatermark: true, batchSize: 100_000, keys: 1000, msPerEvent: 1 },
      points: Array.from({ length: events / 100_000 }, (_, i): CurvePoint => ({ events: (i + 1) * 100_000, batchMs: ms, batchCpuMs: ms, heapMb: 1, stateRows: 2000, rowsUpdated: 10_000 })),
      thirdsRecordsPerSec: [0, 0, 0],
    });
    const small = pooledCurve([run(1_000_000, 100), run(1_000_000, 100)], 1_000_000, { majorCount: 1, majorMs: 20, incrementalMs: 5, scavengeMs: 100 });
    const large = pooledCurve([run(2_000_000, 125)], 1_000_000);
    const lines = linearitySection([small, large], undefined);
    expect(lines[0]).toContain('After one unmeasured run of 1,000,000 events, each size runs several times');
    expect(lines.slice(2)).toEqual([
      "| events | runs | batches | batch time s | records/s | records per CPU-second | x the 1,000,000 size | median batch ms | longest batch ms | major GCs (main-thread ms) | each run's records/s | state rows at the end |",
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|',
      '| 1,000,000 | 2 | 20 | 2.0 | 1,000,000 | 1,000,000 | 1.00 | 100 | 100 | 1 (25) | 1,000,000, 1,000,000 | 2,000 |',
      '| 2,000,000 | 1 | 20 | 2.5 | 800,000 | 800,000 | 0.80 | 125 | 125 | 0 (0) | 800,000 | 2,000 |',
      '',
    ]);
  });

  it('runs the state step: the linearity sizes pooled, then both curves, the watermark curve with its size\'s pooled thirds', async () => {
    const options = { ...sizes, curveEvents: 3000, warmUpEvents: 1000, linearityEvents: [3000, 1000], minRuns: 2, minEventsMeasured: 0 };
    let units = 0;
    const step = await measureStateStep(options, () => units++);
    expect(units).toBe(stateStepUnits(options));
    expect(step.linearity.map((c) => [c.options.events, c.pooled?.runs])).toEqual([[1000, 2], [3000, 2]]);
    expect(step.curves.map((c) => [c.options.withWatermark, c.heapFrom, c.points.length, c.thirdsRuns])).toEqual([[true, 'second run', 3, 2], [false, 'second run', 3, undefined]]);
    expect(step.curves[0]?.thirdsRecordsPerSec).toEqual(step.linearity[1]?.thirdsRecordsPerSec);
  }, 120_000);
});
