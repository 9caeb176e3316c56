/**
 * The state curve records, per batch, the state rows the batch wrote (keys touched) next to the
 * whole state, and tells each batch as it ends (the suite's progress bar for long runs). By
 * default its heap figures come from a second run of the same query, so the timed run collects
 * nothing itself; the state store's times are the query's own progress figures (SystemClock).
 */
import { describe, expect, it } from 'vitest';
import { curveSection } from '../../../bench/perf/longRunTables.js';
import { curveRecordsPerSec, stateCurve } from '../../../bench/perf/stateCurve.js';
import type { CurvePoint, StateCurve } from '../../../bench/perf/stateCurve.js';

describe('stateCurve', () => {
  // 10 keys, 10 ms per event: each batch of 1000 events is one 10-second window of 10 keys.
  const sizes = { events: 4000, batchSize: 1000, keys: 10, msPerEvent: 10 };

  it('reports keys touched per batch and the total state, with and without a watermark', async () => {
    const seen: number[] = [];
    const withWatermark = await stateCurve({ ...sizes, withWatermark: true, onBatch: (p: CurvePoint) => seen.push(p.events) });
    expect(seen).toEqual([1000, 2000, 3000, 4000]);
    expect(withWatermark.options).toEqual({ ...sizes, withWatermark: true });
    expect(withWatermark.points.map((p) => [p.rowsUpdated, p.stateRows])).toEqual([[10, 10], [10, 20], [10, 20], [10, 20]]);
    const without = await stateCurve({ ...sizes, withWatermark: false });
    expect(without.points.map((p) => [p.rowsUpdated, p.stateRows])).toEqual([[10, 10], [10, 20], [10, 30], [10, 40]]);
    const batchMs = without.points.reduce((sum, p) => sum + p.batchMs, 0);
    expect(curveRecordsPerSec(without)).toBeCloseTo(4_000_000 / batchMs, 6);
  }, 60_000);

  it('runs the warm-up unmeasured: the curve, its progress and its state start with the timed run', async () => {
    const seen: number[] = [];
    const warmed = await stateCurve({ ...sizes, withWatermark: false, heapMeasure: 'none', warmUpEvents: 3000, onBatch: (p: CurvePoint) => seen.push(p.events) });
    expect(seen).toEqual([1000, 2000, 3000, 4000]);
    expect(warmed.points.map((p) => [p.rowsUpdated, p.stateRows])).toEqual([[10, 10], [10, 20], [10, 30], [10, 40]]);
    expect(warmed.options.warmUpEvents).toBe(3000);
  }, 60_000);

  it('takes the heap from a second run unless told to measure in the timed run, and the store times from the query progress', async () => {
    const twoRuns = await stateCurve({ ...sizes, withWatermark: true });
    expect(twoRuns.heapFrom).toBe('second run');
    // Clock milliseconds (Date.now): a batch of 1000 events may read 0, never below, and every point has them.
    expect(twoRuns.points.every((p) => p.store !== undefined && p.store.updatesMs >= 0 && p.store.removalsMs >= 0 && p.store.commitMs >= 0)).toBe(true);
    const oneRun = await stateCurve({ ...sizes, withWatermark: true, heapMeasure: 'full' });
    expect(oneRun.heapFrom).toBe('timed run');
    // On a ManualClock the engine's timings read 0: the points carry none.
    const manual = await stateCurve({ ...sizes, withWatermark: true, heapMeasure: 'none', clock: 'manual' });
    expect(manual.points.some((p) => p.store !== undefined)).toBe(false);
  }, 60_000);

  it('tabulates the state store time per 1,000 keys touched next to the total state', () => {
    const point = (events: number, stateRows: number, updatesMs: number): CurvePoint => ({
      events, batchMs: 100, heapMb: 200, stateRows, rowsUpdated: 10_000, store: { updatesMs, removalsMs: 0, commitMs: 5 },
    });
    const curve: StateCurve = {
      options: { ...sizes, events: 2_000_000, batchSize: 1_000_000, withWatermark: false }, heapFrom: 'second run',
      points: [point(1_000_000, 10_000, 15), point(2_000_000, 20_000, 25)], thirdsRecordsPerSec: [1e7, 1e7, 1e7],
    };
    const lines = curveSection([curve]);
    expect(lines[0]).toContain("State store ms per 1,000 keys touched (the query's allUpdatesTimeMs, allRemovalsTimeMs and commitTimeMs): 2.00 over the first tenth, 3.00 over the last tenth.");
    expect(lines[0]).toContain('Batch times, state store times and records/s come from a run in which only V8 collects; heap (after two full collections at the end of every batch) from a second run of the same query and data.');
    expect(lines.slice(2, 6)).toEqual([
      '| events | batch ms | heap MB | state rows (total) | rows updated (keys touched) | ms per 1k keys touched | store updates ms | store removals ms | store commit ms | store ms per 1k keys touched |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      '| 1,000,000 | 100 | 200.0 | 10,000 | 10,000 | 10.0 | 15.0 | 0.0 | 5.0 | 2.00 |',
      '| 2,000,000 | 100 | 200.0 | 20,000 | 10,000 | 10.0 | 25.0 | 0.0 | 5.0 | 3.00 |',
    ]);
  });
});
