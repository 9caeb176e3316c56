/**
 * A fixed max-rate search for the report tests (no real time): structured keeps up to 20k/s and
 * falls behind at 40k/s, continuous keeps up at every rate tried, dstream is unsupported.
 */
import type { RateTrial, TrialMeasured } from '../../bench/engines/maxRate/findMaxRate.js';
import type { MaxRateReport } from '../../bench/engines/maxRate/runFindMaxRate.js';

/** A trial's figures: 1000 records, 500 rows all right, every arrival group delivered `lateMs` late. */
export const measured = (achievedPerSec: number, p50Ms: number | null, p99Ms: number | null, lateMs = 0): TrialMeasured => ({
  records: 1000, achievedPerSec, p50Ms, p99Ms, maxMs: p99Ms, rowsRight: 500, rowsExpected: 500,
  fromScheduleP50Ms: p50Ms === null ? null : p50Ms + lateMs, fromScheduleP99Ms: p99Ms === null ? null : p99Ms + lateMs,
  feedLatenessP50Ms: lateMs, feedLatenessP99Ms: lateMs, feedLatenessMaxMs: lateMs,
});
/** One trial. */
export const trial = (ratePerSec: number, isSustained: boolean, m?: TrialMeasured): RateTrial => ({ ratePerSec, isSustained, reason: isSustained ? 'kept up' : 'behind', ...(m ? { measured: m } : {}) });

/** The search. */
export const REPORT: MaxRateReport = {
  schemaVersion: 1,
  workload: 'filter',
  stepDurationMs: 1000,
  batchIntervalMs: 100,
  engines: [
    {
      engine: 'structured',
      batchIntervalMs: 100,
      result: {
        maxSustainedRatePerSec: 20_000,
        firstFailingRatePerSec: 40_000,
        trials: [trial(10_000, true, measured(9000, 55, 110)), trial(20_000, true, measured(18_000, 60, 118)), trial(40_000, false, measured(25_000, 300, 900, 120))],
      },
    },
    {
      engine: 'continuous',
      batchIntervalMs: 100,
      result: { maxSustainedRatePerSec: 40_000, firstFailingRatePerSec: null, trials: [trial(10_000, true, measured(9900, 0.03, 0.2)), trial(40_000, true, measured(39_000, 0.04, 0.5))] },
    },
    { engine: 'dstream', batchIntervalMs: 100, unsupported: 'no query for workload "filter"' },
  ],
};

