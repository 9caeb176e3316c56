/**
 * The input of the sessionization example, identical for both engines: clicks of three users.
 * u2's second click happened at 6 s but reaches the engine only at 11 s (a phone that was
 * offline). Batches are 2 s long and run until 24 s.
 */
import { arrivalsPerBatch, type Arrival } from '../shared/arrivals.js';

/** A click: who, when it happened, when it reached the engine (ms since the start). */
export interface Click extends Arrival {
  readonly user: string;
  readonly eventTimeMs: number;
}

const click = (user: string, eventTimeMs: number, arrivalMs: number): Click => ({ user, eventTimeMs, arrivalMs });

/** In order of arrival. */
export const CLICKS: readonly Click[] = [
  click('u1', 1_000, 1_200),
  click('u1', 2_000, 2_200),
  click('u2', 3_000, 3_100),
  click('u1', 4_000, 4_500),
  click('u2', 6_000, 11_000), // 5 s late
  click('u1', 12_000, 12_300),
  click('u1', 13_000, 13_500),
  click('u3', 20_000, 20_000),
];

export const BATCH_MS = 2_000;

/** A session ends after 5 s without a click. */
export const SESSION_GAP_MS = 5_000;

/** The clicks of each 2 s batch, up to 24 s. */
export const CLICKS_PER_BATCH: readonly (readonly Click[])[] = arrivalsPerBatch(CLICKS, BATCH_MS, 24_000);
