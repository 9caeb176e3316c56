/**
 * Decides whether an engine kept up in one real-time trial: every micro-batch took at most the
 * batch interval, and the run ended no later than its structural finish (last arrival plus what
 * the model itself waits: window ends, triggers, timeouts) plus a slack. No Spark counterpart; the
 * criteria are Spark's guide's: "the batch processing time should be less than the batch interval".
 */
import type { RateTrial, TrialMeasured } from './findMaxRate.js';

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
  /** Throughput and latency, passed on to the trial for reports. */
  readonly measured?: TrialMeasured;
}

/** The verdict on one trial, with the figure that decided it (and the figures measured, when given). */
export function judgeTrial(figures: TrialFigures): RateTrial {
  const { ratePerSec } = figures;
  const measured = figures.measured ? { measured: figures.measured } : {};
  if (figures.status !== 'ok') return { ratePerSec, isSustained: false, reason: `run ${figures.status}: ${figures.error ?? ''}`, ...measured };
  if (figures.maxBatchMs !== null && figures.maxBatchMs > figures.batchIntervalMs) {
    return { ratePerSec, isSustained: false, reason: `a batch took ${Math.round(figures.maxBatchMs)} ms, more than the ${figures.batchIntervalMs} ms interval`, ...measured };
  }
  if (figures.endLagMs > figures.allowedEndLagMs) {
    return { ratePerSec, isSustained: false, reason: `finished ${Math.round(figures.endLagMs)} ms after the last arrival, more than the ${Math.round(figures.allowedEndLagMs)} ms the model needs`, ...measured };
  }
  return { ratePerSec, isSustained: true, reason: `kept up (longest batch ${figures.maxBatchMs === null ? '-' : `${Math.round(figures.maxBatchMs)} ms`}, ended ${Math.round(figures.endLagMs)} ms after the last arrival)`, ...measured };
}
