/**
 * Decides whether an engine kept up in one real-time trial: every micro-batch took at most the
 * batch interval, the run ended no later than its structural finish (last arrival plus what the
 * model itself waits: window ends, triggers, timeouts) plus a slack, the engine's throughput came
 * close to the offered rate, and the feed delivered on schedule. No Spark counterpart; the first
 * criterion is Spark's guide's: "the batch processing time should be less than the batch interval".
 */
import type { RateTrial, TrialMeasured } from './findMaxRate.js';

/**
 * The least share of the offered rate an engine must reach to be judged keeping up. The end-lag
 * check alone lets a trial pass at about 80% of the offered rate (its slack is a quarter of the
 * trial); 95% leaves room for the first batch's planning and the last batch's processing in a
 * 1.5 s trial, not for a backlog.
 */
export const MIN_ACHIEVED_FRACTION = 0.95;

/** What one trial measured. */
export interface TrialFigures {
  readonly ratePerSec: number;
  /** ok, failed or unsupported. */
  readonly status: string;
  readonly error?: string;
  /** The longest batch, real milliseconds (null for record-at-a-time runners). */
  readonly maxBatchMs: number | null;
  readonly batchIntervalMs: number;
  /** Real time from the last arrival to the end of the run (its last output row, in a max-rate trial). */
  readonly endLagMs: number;
  /** How long the model itself may take after the last arrival. */
  readonly allowedEndLagMs: number;
  /**
   * Records per second the engine got through: records over the time from the first arrival to
   * the last output row, less what the model itself waits after the last arrival with no work to
   * do (DStream: to the final batch's time, the batch after the last records' actual delivery;
   * Structured: one trigger; record at a time: nothing).
   * Compared with the offered rate ({@link MIN_ACHIEVED_FRACTION}); undefined: not checked (tests' fakes).
   */
  readonly keptUpPerSec?: number;
  /**
   * The feed's p99 lateness, ms (how late the driver delivered arrival groups); it must stay
   * below one batch interval, or the engine was handed its input late and latency counted from
   * delivery understates the wait. Undefined or null: not checked.
   */
  readonly feedLatenessP99Ms?: number | null;
  /** Throughput and latency, passed on to the trial for reports. */
  readonly measured?: TrialMeasured;
}

/** The verdict on one trial, with the figure that decided it (and the figures measured, when given). */
export function judgeTrial(figures: TrialFigures): RateTrial {
  const { ratePerSec } = figures;
  const measured = figures.measured ? { measured: figures.measured } : {};
  const behind = (reason: string): RateTrial => ({ ratePerSec, isSustained: false, reason, ...measured });
  if (figures.status !== 'ok') return behind(`run ${figures.status}: ${figures.error ?? ''}`);
  if (figures.maxBatchMs !== null && figures.maxBatchMs > figures.batchIntervalMs) {
    return behind(`a batch took ${Math.round(figures.maxBatchMs)} ms, more than the ${figures.batchIntervalMs} ms interval`);
  }
  if (figures.endLagMs > figures.allowedEndLagMs) {
    return behind(`finished ${Math.round(figures.endLagMs)} ms after the last arrival, more than the ${Math.round(figures.allowedEndLagMs)} ms the model needs`);
  }
  if (figures.keptUpPerSec !== undefined && figures.keptUpPerSec < MIN_ACHIEVED_FRACTION * ratePerSec) {
    const percent = Math.round((100 * figures.keptUpPerSec) / ratePerSec);
    return behind(`achieved ${Math.round(figures.keptUpPerSec)}/s, ${percent}% of the offered ${ratePerSec}/s, less than ${Math.round(MIN_ACHIEVED_FRACTION * 100)}%`);
  }
  const lateness = figures.feedLatenessP99Ms ?? null;
  if (lateness !== null && lateness >= figures.batchIntervalMs) {
    return behind(`the feed delivered p99 ${Math.round(lateness)} ms late, not less than the ${figures.batchIntervalMs} ms interval`);
  }
  const kept = figures.keptUpPerSec === undefined ? '' : `, ${Math.round((100 * figures.keptUpPerSec) / ratePerSec)}% of the offered rate`;
  const late = lateness === null ? '' : `, feed p99 ${lateness.toFixed(1)} ms late`;
  return { ratePerSec, isSustained: true, reason: `kept up (longest batch ${figures.maxBatchMs === null ? '-' : `${Math.round(figures.maxBatchMs)} ms`}, ended ${Math.round(figures.endLagMs)} ms after the last arrival${kept}${late})`, ...measured };
}
