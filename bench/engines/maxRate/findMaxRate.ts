/**
 * The search behind `compare --find-max-rate`: raise the input rate until an engine falls behind,
 * then narrow down between the last rate it sustained and the first it did not. Each trial is a
 * short real-time run; the number of trials is bounded. No Spark counterpart: the Yahoo benchmark's
 * authors searched for the highest sustainable throughput by hand, the same way.
 */

/** What a real trial measured besides its verdict: the points of the rate curves. */
export interface TrialMeasured {
  /** Records in the trial. */
  readonly records: number;
  /** Records per second from the first arrival to the last output row (below the offered rate once the engine falls behind). */
  readonly achievedPerSec: number;
  /** Result latency percentiles, ms (arrival to output for a stateless query); null when no row came out right. */
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly maxMs: number | null;
  /**
   * The same latency counted from each row's last input's scheduled arrival, not its delivery:
   * it adds how late the feed delivered (coordinated omission: a driver that shares the event
   * loop with the engine waits for it). Null when no row came out right.
   */
  readonly fromScheduleP50Ms: number | null;
  readonly fromScheduleP99Ms: number | null;
  /** How late the feed delivered each arrival group after its scheduled time, ms; null when nothing was delivered. */
  readonly feedLatenessP50Ms: number | null;
  readonly feedLatenessP99Ms: number | null;
  readonly feedLatenessMaxMs: number | null;
  /** Rows of the exact answer the engine got right, and how many there are. */
  readonly rowsRight: number;
  readonly rowsExpected: number;
}

/** What one trial at one rate found. */
export interface RateTrial {
  /** The offered rate, records per second. */
  readonly ratePerSec: number;
  readonly isSustained: boolean;
  /** Why the engine fell behind (or "kept up"), with the figure that decided it. */
  readonly reason: string;
  /** Throughput and latency of the trial; absent for trials that measure nothing (tests' fakes). */
  readonly measured?: TrialMeasured;
}

/** How to search. */
export interface FindMaxRateOptions {
  /** The first rate tried, records per second. */
  readonly startRatePerSec: number;
  /** Each growth step multiplies the rate by this (default 2). */
  readonly growthFactor?: number;
  /** At most this many growth trials (default 6). */
  readonly maxGrowthSteps?: number;
  /** Then at most this many bisection trials between the last good and the first bad rate (default 3). */
  readonly maxRefineSteps?: number;
  /** Runs one trial at a rate. */
  readonly trial: (ratePerSec: number) => Promise<RateTrial>;
  /** Told about each trial as it ends. */
  readonly onTrial?: (trial: RateTrial) => void;
}

/** The outcome of a search. */
export interface MaxRateResult {
  /** The highest rate sustained, or null when even the first rate was not. */
  readonly maxSustainedRatePerSec: number | null;
  /** The lowest rate at which the engine fell behind, or null when it kept up at every rate tried. */
  readonly firstFailingRatePerSec: number | null;
  readonly trials: readonly RateTrial[];
}

/**
 * Grows the rate geometrically until a trial fails (or the growth steps run out), then bisects.
 *
 * @example
 * await findMaxRate({ startRatePerSec: 1000, trial: async (r) => ({ ratePerSec: r, isSustained: r <= 5000, reason: '' }) });
 * // { maxSustainedRatePerSec: 4500, firstFailingRatePerSec: 5000... } after 4 growth and 3 refine trials
 */
export async function findMaxRate(options: FindMaxRateOptions): Promise<MaxRateResult> {
  const factor = options.growthFactor ?? 2;
  const trials: RateTrial[] = [];
  const run = async (ratePerSec: number): Promise<RateTrial> => {
    const outcome = await options.trial(Math.round(ratePerSec));
    trials.push(outcome);
    options.onTrial?.(outcome);
    return outcome;
  };
  let good: number | null = null;
  let bad: number | null = null;
  let rate = options.startRatePerSec;
  for (let step = 0; step < (options.maxGrowthSteps ?? 6); step++, rate *= factor) {
    const outcome = await run(rate);
    if (!outcome.isSustained) {
      bad = outcome.ratePerSec;
      break;
    }
    good = outcome.ratePerSec;
  }
  if (bad !== null && good !== null) {
    for (let step = 0; step < (options.maxRefineSteps ?? 3); step++) {
      const middle = Math.round((good + bad) / 2);
      if (middle === good || middle === bad) break;
      const outcome = await run(middle);
      if (outcome.isSustained) good = outcome.ratePerSec;
      else bad = outcome.ratePerSec;
    }
  }
  return { maxSustainedRatePerSec: good, firstFailingRatePerSec: bad, trials };
}
