/**
 * Holds a receiver back to a number of records per second, waiting on the context's clock.
 * Spark: streaming/.../receiver/RateLimiter.scala (Guava's RateLimiter inside).
 *
 * Each record takes the next free slot, 1000 / rate ms after the previous one; storing a record
 * whose slot is in the future waits until the clock reaches it. So at 10 records/s, records stored
 * at once at time 0 get slots 0, 100, 200, ... and a batch at 1000 holds those of slots 0 to 1000.
 */
import type { Clock } from '../../../shared/index.js';

/** A rate limit that can change while the receiver runs (backpressure). */
export class RateLimiter {
  #nextFreeMs = Number.NEGATIVE_INFINITY;
  #rate: number;

  /** @param maxRate records per second; Infinity (or <= 0) for no limit. */
  constructor(
    readonly clock: Clock,
    readonly maxRate: number,
    initialRate = maxRate,
  ) {
    this.#rate = normalise(initialRate);
  }

  /** The current limit in records per second (Infinity when unlimited). */
  getCurrentLimit(): number {
    return this.#rate;
  }

  /** Spark's updateRate: a positive rate, capped by maxRate when there is one. */
  updateRate(newRate: number): void {
    if (!(newRate > 0)) return;
    this.#rate = Math.min(newRate, normalise(this.maxRate));
  }

  /** Resolves when the next record may be stored. */
  waitToPush(): Promise<void> | undefined {
    if (!Number.isFinite(this.#rate)) return undefined;
    const nowMs = this.clock.getTimeMillis();
    const slotMs = Math.max(nowMs, this.#nextFreeMs);
    this.#nextFreeMs = slotMs + 1000 / this.#rate;
    if (slotMs <= nowMs) return undefined;
    return this.clock.waitTillTime(Math.ceil(slotMs)).then(() => undefined);
  }
}

function normalise(rate: number): number {
  return rate > 0 ? rate : Number.POSITIVE_INFINITY;
}
