/**
 * The max-rate search with a fake engine of known capacity (no real time): geometric growth until
 * the first failure, then bisection, within the step bounds; and the verdict on one trial.
 */
import { describe, expect, it } from 'vitest';
import { findMaxRate } from '../../../bench/engines/maxRate/findMaxRate.js';
import type { RateTrial } from '../../../bench/engines/maxRate/findMaxRate.js';
import { judgeTrial } from '../../../bench/engines/maxRate/judgeTrial.js';
import { trialSlackMs } from '../../../bench/engines/maxRate/rateTrial.js';

const engineOfCapacity = (capacityPerSec: number) => async (ratePerSec: number): Promise<RateTrial> => ({
  ratePerSec,
  isSustained: ratePerSec <= capacityPerSec,
  reason: ratePerSec <= capacityPerSec ? 'kept up' : 'behind',
});

describe('findMaxRate', () => {
  it('doubles until the engine falls behind, then bisects between the last good and the first bad rate', async () => {
    const seen: number[] = [];
    const result = await findMaxRate({ startRatePerSec: 1000, trial: engineOfCapacity(5000), onTrial: (t) => seen.push(t.ratePerSec) });
    expect(seen).toEqual([1000, 2000, 4000, 8000, 6000, 5000, 5500]);
    expect(result).toMatchObject({ maxSustainedRatePerSec: 5000, firstFailingRatePerSec: 5500 });
    expect(result.trials).toHaveLength(7);
  });

  it('stops growing after maxGrowthSteps when the engine keeps up at every rate', async () => {
    const result = await findMaxRate({ startRatePerSec: 1000, maxGrowthSteps: 4, trial: engineOfCapacity(1e9) });
    expect(result.trials.map((t) => t.ratePerSec)).toEqual([1000, 2000, 4000, 8000]);
    expect(result).toMatchObject({ maxSustainedRatePerSec: 8000, firstFailingRatePerSec: null });
  });

  it('reports no sustained rate when the first rate already fails, without bisecting', async () => {
    const result = await findMaxRate({ startRatePerSec: 1000, trial: engineOfCapacity(500) });
    expect(result).toEqual({ maxSustainedRatePerSec: null, firstFailingRatePerSec: 1000, trials: [{ ratePerSec: 1000, isSustained: false, reason: 'behind' }] });
  });

  it('bisects at most maxRefineSteps times and never retries a rate', async () => {
    const result = await findMaxRate({ startRatePerSec: 10, growthFactor: 10, maxRefineSteps: 2, trial: engineOfCapacity(420) });
    expect(result.trials.map((t) => t.ratePerSec)).toEqual([10, 100, 1000, 550, 325]);
    expect(result).toMatchObject({ maxSustainedRatePerSec: 325, firstFailingRatePerSec: 550 });
  });
});

describe('judgeTrial', () => {
  const base = { ratePerSec: 4000, status: 'ok', maxBatchMs: 400, batchIntervalMs: 1000, endLagMs: 1200, allowedEndLagMs: 1500 };

  it('sustained when every batch fits the interval and the run ends in time', () => {
    expect(judgeTrial(base)).toEqual({ ratePerSec: 4000, isSustained: true, reason: 'kept up (longest batch 400 ms, ended 1200 ms after the last arrival)' });
  });

  it('behind when a batch takes longer than the interval', () => {
    expect(judgeTrial({ ...base, maxBatchMs: 1350 })).toEqual({ ratePerSec: 4000, isSustained: false, reason: 'a batch took 1350 ms, more than the 1000 ms interval' });
  });

  it('behind when the run ends later than the model needs (output lag grew)', () => {
    expect(judgeTrial({ ...base, maxBatchMs: null, endLagMs: 2600 })).toEqual({ ratePerSec: 4000, isSustained: false, reason: 'finished 2600 ms after the last arrival, more than the 1500 ms the model needs' });
  });

  it('behind when the engine got through only 80% of the offered rate, though it ended within the slack', () => {
    expect(judgeTrial({ ...base, keptUpPerSec: 3200, feedLatenessP99Ms: 1 })).toEqual({
      ratePerSec: 4000, isSustained: false, reason: 'achieved 3200/s, 80% of the offered 4000/s, less than 95%',
    });
  });

  it('behind when the feed delivered p99 one batch interval late or more', () => {
    expect(judgeTrial({ ...base, keptUpPerSec: 4000, feedLatenessP99Ms: 1000 })).toEqual({
      ratePerSec: 4000, isSustained: false, reason: 'the feed delivered p99 1000 ms late, not less than the 1000 ms interval',
    });
  });

  it('sustained at 95% of the offered rate with the feed on time, and says so', () => {
    expect(judgeTrial({ ...base, keptUpPerSec: 3800, feedLatenessP99Ms: 0.42 })).toEqual({
      ratePerSec: 4000, isSustained: true, reason: 'kept up (longest batch 400 ms, ended 1200 ms after the last arrival, 95% of the offered rate, feed p99 0.4 ms late)',
    });
  });

  it('behind when the run failed', () => {
    expect(judgeTrial({ ...base, status: 'failed', error: 'state store corrupt' }).reason).toBe('run failed: state store corrupt');
  });
});

describe('trialSlackMs', () => {
  it('is a quarter of the trial, between 250 and 500 ms', () => {
    expect([500, 1000, 1500, 2000, 3000].map(trialSlackMs)).toEqual([250, 250, 375, 500, 500]);
  });
});
