/**
 * Scenarios 1-3 (out-of-order, append-waits, too-late) on their manual clocks: the figures are
 * deterministic, so each test asserts them exactly.
 */
import { describe, expect, it } from 'vitest';
import { appendWaits } from '../../../bench/scenarios/append-waits.js';
import { outOfOrder } from '../../../bench/scenarios/out-of-order.js';
import { tooLate } from '../../../bench/scenarios/too-late.js';

describe('scenario out-of-order', () => {
  it('DStreams misassign readings that cross a window boundary; Structured is exact in update, append and complete mode', async () => {
    const { figures } = await outOfOrder.run();
    expect(figures['dstream']).toMatchObject({ rowsExpected: 30, rowsCorrect: 0, inputsMisassigned: 219, inputsDropped: 0 });
    for (const mode of ['structured-update', 'structured-append', 'structured-complete']) {
      expect(figures[mode]).toMatchObject({ rowsExpected: 30, rowsCorrect: 30, inputsMisassigned: 0, inputsDropped: 0, engineDroppedRecords: 0 });
    }
    // Update and complete emit a row as soon as it changes; append once, when the watermark passes the window.
    expect(figures['structured-update']).toMatchObject({ latencyP50Ms: 387, latencyMaxMs: 796, emissions: 237 });
    expect(figures['structured-complete']).toMatchObject({ latencyP50Ms: 387, latencyMaxMs: 796, emissions: 614 });
    expect(figures['structured-append']).toMatchObject({ latencyP50Ms: 2343, latencyMaxMs: 3294, emissions: 30 });
  });
});

describe('scenario append-waits', () => {
  it('emits a window watermark delay + two triggers after its end, and never without a batch to apply the watermark', async () => {
    const { figures } = await appendWaits.run();
    expect(figures['delaysAfterWindowEndMs']).toEqual({
      'processing-time': [7000, 7000, null],
      'no-no-data-batches': [7000, null, null],
      once: [null, null, null],
      'available-now': [15_450, 5450, null],
    });
    const engines = figures['engines'] as Record<string, { rowsCorrect: number; rowsEmitted: number }>;
    expect(Object.fromEntries(Object.entries(engines).map(([name, f]) => [name, [f.rowsCorrect, f.rowsEmitted]]))).toEqual({
      'processing-time': [4, 4],
      'no-no-data-batches': [2, 2],
      once: [0, 0],
      'available-now': [4, 4],
    });
  });
});

describe('scenario too-late', () => {
  it('Structured drops and counts the readings behind the watermark; DStreams count them in the window of arrival', async () => {
    const { figures } = await tooLate.run();
    expect(figures['lateReadings']).toBe(263);
    expect(figures['readingsInAnotherWindowOfArrival']).toBe(552);
    const engines = figures['engines'] as Record<string, unknown>;
    expect(engines['structured']).toMatchObject({ inputsDropped: 199, lateInputs: 199, inputsMisassigned: 0, engineDroppedRecords: 142, rowsCorrect: 5 });
    expect(engines['dstream']).toMatchObject({ inputsDropped: 0, inputsMisassigned: 172, engineDroppedRecords: null, rowsCorrect: 0 });
  });
});
