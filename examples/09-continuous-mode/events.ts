/**
 * The input of the continuous-mode example, identical for every query: temperature readings,
 * each with the moment it reaches the engine (ms since the start). Readings above 30 °C are alerts.
 */
import type { Arrival } from '../shared/arrivals.js';

/** A temperature reading and when it arrives. */
export interface Reading extends Arrival {
  readonly sensor: string;
  readonly celsius: number;
}

const reading = (sensor: string, celsius: number, arrivalMs: number): Reading => ({ sensor, celsius, arrivalMs });

/** In order of arrival. */
export const READINGS: readonly Reading[] = [
  reading('s1', 21.0, 150),
  reading('s2', 31.5, 420),
  reading('s1', 22.4, 980),
  reading('s3', 35.2, 1_300),
  reading('s2', 29.9, 1_750),
  reading('s1', 30.6, 2_050),
];

export const ALERT_ABOVE_CELSIUS = 30;

/** The micro-batch queries run 1 s batches; the continuous query checkpoints every 1 s. */
export const INTERVAL_MS = 1_000;

/** How long every query runs. */
export const UNTIL_MS = 3_000;
