/**
 * The DStream linearity run counts every record once (whole windows, batches prepared by index
 * because the window computes them when it closes), times each window, and reports progress.
 */
import { describe, expect, it } from 'vitest';
import { dstreamLinearity } from '../../../bench/perf/dstreamLinearity.js';

describe('dstreamLinearity', () => {
  it('counts every record in whole windows and reports each batch', async () => {
    const seen: number[] = [];
    const run = await dstreamLinearity({ events: 25_000, batchSize: 1000, keys: 10, windowBatches: 10, onBatch: (n) => seen.push(n) });
    expect(run.counted).toBe(25_000);
    expect(run.windows).toBe(3);
    expect(seen).toHaveLength(30);
    expect(seen.slice(23, 26)).toEqual([24_000, 25_000, 25_000]);
    expect(run.options).toEqual({ events: 25_000, batchSize: 1000, keys: 10, windowBatches: 10 });
    expect(run.recordsPerSec).toBeCloseTo((25_000 * 1000) / run.totalBatchMs, 6);
    expect(run.thirdsRecordsPerSec).toHaveLength(3);
  }, 30_000);
});
