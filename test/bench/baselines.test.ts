import { describe, expect, it } from 'vitest';
import { loopRunner } from '../../bench/baselines/loopRunner.js';
import { rxjsRunner } from '../../bench/baselines/rxjsRunner.js';
import { compareEngines } from '../../bench/harness/compareEngines.js';
import { compareRows } from '../../bench/oracle/ResultRow.js';
import type { ResultRow } from '../../bench/oracle/ResultRow.js';
import { WORKLOADS } from '../../bench/workloads/index.js';

const rowsOf = (rows: readonly ResultRow[]) =>
  [...rows].sort(compareRows).map(({ windowStartMs, windowEndMs, key, values }) => ({ windowStartMs, windowEndMs, key, values }));

describe('loop and RxJS baselines', () => {
  for (const workload of WORKLOADS) {
    it(`${workload.name}: both equal the exact answer on in-order input, with zero latency in virtual time`, async () => {
      const params = { ...workload.defaults, events: 3000, lateness: 'none' };
      const { report, outcomes } = await compareEngines({ workload, params, seed: 11, runners: [loopRunner, rxjsRunner], mode: 'virtual', batchIntervalMs: 1000 });
      const oracle = workload.oracle(workload.generate(params, 11), params);
      expect(oracle.rows.length).toBeGreaterThan(0);
      for (const [index, outcome] of outcomes.entries()) {
        const measurement = report.engines[index];
        expect(measurement?.status).toBe('ok');
        expect(rowsOf(outcome.finalRows)).toEqual(rowsOf(oracle.rows));
        expect(measurement?.correctness?.windows.shareExactlyRight).toBe(1);
        expect(measurement?.correctness?.rows.correct).toBe(oracle.rows.length);
        expect(measurement?.latency?.count).toBe(oracle.rows.length);
        // Sessions are final only once the watermark passes their end; the others are exact at once.
        if (workload.name !== 'sessions') expect(measurement?.latency?.maxMs).toBe(0);
      }
    });
  }

  it('sessions: a session is emitted when the watermark passes its end, so latency is gap + watermark delay at most', async () => {
    const workload = WORKLOADS.find((w) => w.name === 'sessions')!;
    const params = { ...workload.defaults, events: 2000, users: 50, lateness: 'none', gapMs: 5000, watermarkMs: 2000 };
    const { report } = await compareEngines({ workload, params, seed: 3, runners: [loopRunner], mode: 'virtual', batchIntervalMs: 1000 });
    const latency = report.engines[0]?.latency;
    expect(latency?.p50Ms).toBeGreaterThanOrEqual(5000);
    // The last sessions close at the end of the input, sooner than the watermark would close them.
    expect(latency?.maxMs).toBeLessThanOrEqual(5000 + 2000 + (1000 * 50) / params.ratePerSec + 1000);
  });

  it('late-sensors: both drop the same readings behind the watermark and report them', async () => {
    const workload = WORKLOADS.find((w) => w.name === 'late-sensors')!;
    const params = { ...workload.defaults, events: 15_000, lateness: 'exponential:200ms,late=3%' };
    const { report, outcomes } = await compareEngines({ workload, params, seed: 5, runners: [loopRunner, rxjsRunner], mode: 'virtual', batchIntervalMs: 1000 });
    const [loop, rxjs] = report.engines;
    expect(rowsOf(outcomes[0]!.finalRows)).toEqual(rowsOf(outcomes[1]!.finalRows));
    expect(loop?.correctness?.late.dropped).toBeGreaterThan(0);
    expect(loop?.correctness?.late.corrected).toBe(0);
    expect(loop?.correctness?.counts.dropped).toBe(loop?.engineDroppedRecords);
    expect(rxjs?.engineDroppedRecords).toBe(loop?.engineDroppedRecords);
    expect(loop?.correctness?.counts.misassigned).toBe(0);
  });

  it('report their state size over time and free state as windows close', async () => {
    const workload = WORKLOADS.find((w) => w.name === 'wordcount')!;
    const params = { ...workload.defaults, events: 5000, windowMs: 1000 };
    const { report } = await compareEngines({ workload, params, seed: 2, runners: [loopRunner, rxjsRunner], mode: 'virtual', batchIntervalMs: 1000 });
    for (const measurement of report.engines) {
      expect(measurement.stateSize.length).toBeGreaterThan(3);
      // With a zero watermark delay only the current window is open: at most one cell per word.
      expect(measurement.peakStateEntries).toBeLessThanOrEqual(params.vocabularySize);
    }
  });
});
