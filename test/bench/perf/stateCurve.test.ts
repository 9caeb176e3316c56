/**
 * The state curve records, per batch, the state rows the batch wrote (keys touched) next to the
 * whole state, and tells each batch as it ends (the suite's progress bar for long runs).
 */
import { describe, expect, it } from 'vitest';
import { curveRecordsPerSec, stateCurve } from '../../../bench/perf/stateCurve.js';
import type { CurvePoint } from '../../../bench/perf/stateCurve.js';

describe('stateCurve', () => {
  it('reports keys touched per batch and the total state, with and without a watermark', async () => {
    const seen: number[] = [];
    // 10 keys, 10 ms per event: each batch of 1000 events is one 10-second window of 10 keys.
    const sizes = { events: 4000, batchSize: 1000, keys: 10, msPerEvent: 10 };
    const withWatermark = await stateCurve({ ...sizes, withWatermark: true, onBatch: (p: CurvePoint) => seen.push(p.events) });
    expect(seen).toEqual([1000, 2000, 3000, 4000]);
    expect(withWatermark.options).toEqual({ ...sizes, withWatermark: true });
    expect(withWatermark.points.map((p) => [p.rowsUpdated, p.stateRows])).toEqual([[10, 10], [10, 20], [10, 20], [10, 20]]);
    const without = await stateCurve({ ...sizes, withWatermark: false });
    expect(without.points.map((p) => [p.rowsUpdated, p.stateRows])).toEqual([[10, 10], [10, 20], [10, 30], [10, 40]]);
    const batchMs = without.points.reduce((sum, p) => sum + p.batchMs, 0);
    expect(curveRecordsPerSec(without)).toBeCloseTo(4_000_000 / batchMs, 6);
  }, 60_000);
});
