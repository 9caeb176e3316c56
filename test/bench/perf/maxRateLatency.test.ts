/**
 * Target 5's verdict over several latency runs: the median run by p99 from the scheduled arrival,
 * and the collections counted inside a run's input window. Pure figures, no real time.
 */
import { describe, expect, it } from 'vitest';
import type { RateTrial } from '../../../bench/engines/maxRate/findMaxRate.js';
import { summarizeGcPauses } from '../../../bench/perf/gcPauses.js';
import { judgedP99Ms, medianLatencyRun } from '../../../bench/perf/maxRateLatency.js';

/** A trial whose p99 from the schedule is `p99Ms` (null: no row came out right). */
const trial = (p99Ms: number | null, fromScheduleP99Ms: number | null = p99Ms): { trial: RateTrial } => ({
  trial: {
    ratePerSec: 800_000, isSustained: true, reason: 'kept up',
    measured: {
      records: 10, achievedPerSec: 800_000, p50Ms: 50, p99Ms, maxMs: p99Ms, fromScheduleP50Ms: 50, fromScheduleP99Ms,
      feedLatenessP50Ms: 0, feedLatenessP99Ms: 0, feedLatenessMaxMs: 0, rowsRight: 5, rowsExpected: 5,
    },
  },
});
const p99Of = (run: { trial: RateTrial } | undefined) => run?.trial.measured?.fromScheduleP99Ms;

describe('medianLatencyRun', () => {
  it('picks the middle of three runs by p99, so one stalled run does not decide', () => {
    expect(p99Of(medianLatencyRun([trial(108), trial(230.4), trial(112)]))).toBe(112);
    expect(p99Of(medianLatencyRun([trial(230.4), trial(108), trial(134)]))).toBe(134);
  });

  it('picks the slower of the middle two of an even number of runs', () => {
    expect(p99Of(medianLatencyRun([trial(108), trial(140), trial(112), trial(300)]))).toBe(140);
  });

  it('counts a run without a p99 as the slowest', () => {
    expect(p99Of(medianLatencyRun([trial(null), trial(110), trial(null)]))).toBe(null);
    expect(p99Of(medianLatencyRun([trial(null), trial(110), trial(105)]))).toBe(110);
  });

  it('returns the one run of one, and nothing of none', () => {
    expect(p99Of(medianLatencyRun([trial(99)]))).toBe(99);
    expect(medianLatencyRun([])).toBeUndefined();
  });

  it('judges p99 from the schedule, from delivery only in reports without it', () => {
    expect(judgedP99Ms(trial(100, 125).trial.measured)).toBe(125);
    const old = trial(100).trial.measured!;
    const { fromScheduleP99Ms: _dropped, ...withoutSchedule } = old;
    expect(judgedP99Ms(withoutSchedule as typeof old)).toBe(100);
    expect(judgedP99Ms(undefined)).toBe(null);
  });
});

describe('summarizeGcPauses', () => {
  it('counts the pauses that overlap the window, one that began before it included', () => {
    const pauses = [
      { startMs: 0, durationMs: 5, kind: 'scavenge' as const },
      { startMs: 95, durationMs: 10, kind: 'scavenge' as const },
      { startMs: 150, durationMs: 1.5, kind: 'scavenge' as const },
      { startMs: 180, durationMs: 40, kind: 'mark-compact' as const },
      { startMs: 300, durationMs: 7, kind: 'scavenge' as const },
    ];
    expect(summarizeGcPauses(pauses, 100, 300)).toEqual({ windowMs: 200, count: 3, totalMs: 51.5, longestMs: 40, over2MsCount: 2, kinds: ['scavenge', 'mark-compact'] });
  });

  it('reports an empty window as no pauses', () => {
    expect(summarizeGcPauses([], 0, 0)).toEqual({ windowMs: 0, count: 0, totalMs: 0, longestMs: 0, over2MsCount: 0, kinds: [] });
  });
});
