/**
 * The input of the stream-stream join example, identical for both engines: ad impressions and
 * the clicks on them, two streams. Impression i3 reaches the engine after its click, and click
 * k2 arrives 9 s after it happened. Batches are 2 s long and run until 30 s.
 */
import { arrivalsPerBatch, type Arrival } from '../shared/arrivals.js';

/** An ad shown to someone: its id, when it was shown and when the record arrived (ms). */
export interface Impression extends Arrival {
  readonly impressionId: string;
  readonly eventTimeMs: number;
}

/** A click on an impression. */
export interface Click extends Arrival {
  readonly clickId: string;
  readonly impressionId: string;
  readonly eventTimeMs: number;
}

const impression = (impressionId: string, eventTimeMs: number, arrivalMs: number): Impression => ({ impressionId, eventTimeMs, arrivalMs });
const click = (clickId: string, impressionId: string, eventTimeMs: number, arrivalMs: number): Click => ({ clickId, impressionId, eventTimeMs, arrivalMs });

export const IMPRESSIONS: readonly Impression[] = [
  impression('i1', 1_000, 1_200),
  impression('i2', 2_000, 2_300),
  impression('i4', 8_000, 8_200),
  impression('i3', 5_000, 11_000), // 6 s late: after its click k3
  impression('i5', 20_000, 20_500),
];

export const CLICKS: readonly Click[] = [
  click('k1', 'i1', 3_000, 3_400),
  click('k3', 'i3', 7_000, 7_500),
  click('k2', 'i2', 4_000, 13_000), // 9 s late
  click('k4', 'i4', 15_000, 15_200),
  click('k5', 'i5', 21_000, 21_500),
];

export const BATCH_MS = 2_000;

/** A click counts for an impression when it comes at most 10 s after it, in event time. */
export const CLICK_WITHIN_MS = 10_000;

const UNTIL_MS = 30_000;

/** Impressions and clicks of each 2 s batch, up to 30 s. */
export const IMPRESSIONS_PER_BATCH: readonly (readonly Impression[])[] = arrivalsPerBatch(IMPRESSIONS, BATCH_MS, UNTIL_MS);
export const CLICKS_PER_BATCH: readonly (readonly Click[])[] = arrivalsPerBatch(CLICKS, BATCH_MS, UNTIL_MS);
