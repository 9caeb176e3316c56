/**
 * The input of the late-data example, identical for both engines: ten clicks, some arriving long
 * after they happened. Times are ms since the start; batches are 5 s long and run until 45 s.
 */
import { arrivalsPerBatch, type Arrival } from '../shared/arrivals.js';

/** A click: its id, when it happened and when it reached the engine. */
export interface Click extends Arrival {
  readonly id: string;
  readonly eventTimeMs: number;
}

const click = (id: string, eventTimeMs: number, arrivalMs: number): Click => ({ id, eventTimeMs, arrivalMs });

/** In order of arrival. */
export const CLICKS: readonly Click[] = [
  click('c1', 2_000, 3_000),
  click('c2', 4_000, 4_000),
  click('c3', 7_000, 8_000),
  click('c4', 12_000, 13_000),
  click('c5', 6_000, 14_000), //  8 s late
  click('c6', 16_000, 18_000),
  click('c7', 23_000, 24_000),
  click('c8', 9_000, 27_000), //  18 s late: its window [0 s, 10 s) was already closed
  click('c9', 14_000, 28_000), // 14 s late, but its window [10 s, 20 s) is still open
  click('c10', 31_000, 33_000),
];

export const BATCH_MS = 5_000;

/** The clicks of each 5 s batch, up to 45 s. */
export const CLICKS_PER_BATCH: readonly (readonly Click[])[] = arrivalsPerBatch(CLICKS, BATCH_MS, 45_000);
