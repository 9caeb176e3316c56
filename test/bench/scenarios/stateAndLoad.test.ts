/**
 * Scenarios 6 and 7 (state-growth, spike) on their manual clocks, figures asserted exactly (the
 * measured wall times are left out of the figures), and scenario 8's registration.
 */
import { describe, expect, it } from 'vitest';
import { failures } from '../../../bench/scenarios/failures.js';
import { spike } from '../../../bench/scenarios/spike.js';
import { stateGrowth } from '../../../bench/scenarios/state-growth.js';

describe('scenario state-growth', () => {
  it('state is bounded only with a watermark (Structured) or a timeout (mapWithState)', async () => {
    const { figures } = await stateGrowth.run();
    expect(figures['finalStateRows']).toEqual({
      'dropDuplicates-no-watermark': 4500,
      'dropDuplicates-watermark': 100,
      dropDuplicatesWithinWatermark: 201,
      'dstream-updateStateByKey': 4500,
      'dstream-mapWithState': 303,
      'windows-watermark': 5,
      'windows-no-watermark': 90,
    });
    const engines = figures['engines'] as Record<string, { rowsCorrect: number; rowsExpected: number; emissions: number; peakStateEntries: number }>;
    for (const name of ['dropDuplicates-no-watermark', 'dropDuplicates-watermark', 'dropDuplicatesWithinWatermark', 'dstream-updateStateByKey', 'dstream-mapWithState']) {
      expect(engines[name]).toMatchObject({ rowsExpected: 4500, rowsCorrect: 4500, emissions: 4500 });
    }
    expect(engines['dstream-mapWithState']?.peakStateEntries).toBe(759);
  }, 120_000);
});

describe('scenario spike', () => {
  it('DStream scheduling delay grows without backpressure; Structured batches grow, and stay within a trigger with maxOffsetsPerTrigger', async () => {
    const { figures } = await spike.run();
    expect(figures['dstream']).toEqual({
      dstream: { batches: 40, maxSchedulingDelayMs: 8000, maxRecordsPerBatch: 900, maxReceiverLagMs: null, lastBatchTimeMs: 40_000 },
      'dstream-backpressure': { batches: 41, maxSchedulingDelayMs: 2, maxRecordsPerBatch: 501, maxReceiverLagMs: 8002, lastBatchTimeMs: 41_000 },
    });
    expect(figures['structured']).toEqual({
      structured: { batches: 20, maxBatchRows: 4126, maxBatchDurationMs: 8252, maxBacklogRows: 4126, lastBatchEndMs: 41_102 },
      'structured-maxOffsets': { batches: 41, maxBatchRows: 500, maxBatchDurationMs: 1000, maxBacklogRows: 4500, lastBatchEndMs: 42_000 },
    });
    const engines = figures['engines'] as Record<string, { rowsCorrect: number }>;
    // Backpressure holds records in the receiver; DStreams then count them in the window they were processed in.
    expect(Object.fromEntries(Object.entries(engines).map(([n, f]) => [n, f.rowsCorrect]))).toEqual({ dstream: 200, 'dstream-backpressure': 50, structured: 200, 'structured-maxOffsets': 200 });
  }, 60_000);
});

describe('scenario failures', () => {
  it('is registered and available (its runs are tested in test/faults/FailuresScenario.test.ts)', () => {
    expect(failures.name).toBe('failures');
    expect(failures.unavailableReason).toBeUndefined();
  });
});
