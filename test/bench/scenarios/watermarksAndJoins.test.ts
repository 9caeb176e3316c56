/**
 * Scenarios 4 and 5 (slow-input, join) on their manual clocks, figures asserted exactly.
 */
import { describe, expect, it } from 'vitest';
import { join } from '../../../bench/scenarios/join.js';
import { slowInput } from '../../../bench/scenarios/slow-input.js';

describe('scenario slow-input', () => {
  it('min policy: nothing out during the stall, every reading counted; max policy: output goes on, the stalled readings are dropped', async () => {
    const { figures } = await slowInput.run();
    expect(figures['rowsEmittedDuringStall']).toEqual({ 'structured-min': 0, 'structured-max': 4 });
    expect(figures['stateRowsBeforeStallEnd']).toEqual({ 'structured-min': 5, 'structured-max': 1 });
    const engines = figures['engines'] as Record<string, unknown>;
    expect(engines['structured-min']).toMatchObject({ rowsExpected: 16, rowsCorrect: 16, inputsDropped: 0 });
    expect(engines['structured-max']).toMatchObject({ rowsExpected: 16, rowsCorrect: 14, inputsDropped: 100 });
    expect(engines['dstream']).toMatchObject({ rowsCorrect: 12, inputsMisassigned: 150 });
  }, 60_000);
});

describe('scenario join', () => {
  it('the per-batch DStream join misses clicks of later batches; the stream-stream join keeps bounded state only with the time condition', async () => {
    const { figures, missing } = await join.run();
    expect(missing).toEqual([]);
    const engines = figures['engines'] as Record<string, { rowsCorrect: number; inputsDropped: number; rowsEmitted: number }>;
    expect(Object.fromEntries(Object.entries(engines).map(([n, f]) => [n, [f.rowsCorrect, f.inputsDropped, f.rowsEmitted]]))).toEqual({
      dstream: [21, 353, 21],
      'dstream-windowed': [356, 18, 356],
      'structured-inner': [374, 0, 374],
      'structured-left-outer': [374, 0, 374],
      'structured-no-bound': [374, 0, 396],
    });
    expect(figures['finalStateRows']).toEqual({ dstream: null, 'dstream-windowed': null, 'structured-inner': 2, 'structured-left-outer': 2, 'structured-no-bound': 2001 });
    // A null row waits until the watermark (2 s behind) passes impression time + 10 s, then a trigger or two.
    expect(figures['nullRowDelayMs']).toEqual({ min: 13_260, max: 15_100 });
    expect(figures['leftOuterNullRows']).toBe(1229);
  }, 60_000);
});
