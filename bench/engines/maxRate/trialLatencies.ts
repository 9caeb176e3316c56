/**
 * One trial's latency figures as text for the bench's scripts: latency from delivery, from the
 * scheduled arrival, and the feed's lateness that separates the two. No Spark counterpart.
 */
import type { TrialMeasured } from './findMaxRate.js';

const ms = (x: number | null | undefined): string => (x === null || x === undefined ? '-' : x.toFixed(2));

/**
 * @example
 * trialLatencies(trial.measured);
 * // 'p50/p99/max 53.50/98.82/110.20 ms from delivery, p50/p99 54.53/102.91 ms from schedule, feed late p50/p99/max 0.60/4.19/8.09 ms'
 */
export function trialLatencies(m: TrialMeasured | undefined): string {
  return `p50/p99/max ${ms(m?.p50Ms)}/${ms(m?.p99Ms)}/${ms(m?.maxMs)} ms from delivery, `
    + `p50/p99 ${ms(m?.fromScheduleP50Ms)}/${ms(m?.fromScheduleP99Ms)} ms from schedule, `
    + `feed late p50/p99/max ${ms(m?.feedLatenessP50Ms)}/${ms(m?.feedLatenessP99Ms)}/${ms(m?.feedLatenessMaxMs)} ms`;
}
