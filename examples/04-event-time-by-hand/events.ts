/**
 * The input of the event-time-by-hand example: the same ten clicks as example 3 (late data), so
 * the results can be read against that example's.
 */
export { BATCH_MS, CLICKS_PER_BATCH, type Click } from '../03-late-data/events.js';
