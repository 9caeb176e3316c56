/**
 * When the real-time driver actually delivered each arrival time's records, kept per arrival group
 * in two typed arrays sized before the run. It replaces a WeakMap with an entry per record: that
 * table doubled its storage while the run went on (at ~175k, 350k and 700k records) and each
 * rehash blocked the event loop, 25, 65-100 and 160-200 ms, the engine's batch timer and the
 * feed with it, so the batch due then went out that much late in every engine's run. No Spark
 * counterpart: the harness's own bookkeeping.
 */

import { LatencyHistogram } from './LatencyHistogram.js';
import type { LatencySummary } from './LatencyHistogram.js';

/** Delivery times by scheduled arrival time; the driver fills it in schedule order. */
export class DeliveryLog {
  readonly #arrivalMs: Float64Array;
  readonly #deliveredMs: Float64Array;

  /**
   * `arrivalTimesMs`: the distinct arrival times of the run's groups, ascending. `deliveredMs`:
   * where delivery times are written, one per group, NaN until delivered (a driver thread's
   * ArrivalBoard writes them itself); by default an array of the log's own.
   */
  constructor(arrivalTimesMs: ArrayLike<number>, deliveredMs?: Float64Array) {
    this.#arrivalMs = Float64Array.from(arrivalTimesMs);
    if (deliveredMs && deliveredMs.length !== this.#arrivalMs.length) {
      throw new Error(`DeliveryLog: ${deliveredMs.length} delivery slots for ${this.#arrivalMs.length} arrival groups`);
    }
    this.#deliveredMs = deliveredMs ?? new Float64Array(this.#arrivalMs.length).fill(NaN);
  }

  /** Notes that group `index` (the records arriving at `arrivalTimesMs[index]`) was delivered at `deliveredMs`. */
  delivered(index: number, deliveredMs: number): void {
    this.#deliveredMs[index] = deliveredMs;
  }

  /**
   * When the records scheduled at `arrivalTimeMs` were delivered, or undefined when none were
   * scheduled then or they were not delivered (a virtual run fills no log).
   *
   * @example
   * const log = new DeliveryLog([0, 5]);
   * log.delivered(1, 7.5);
   * log.deliveredAtMs(5); // 7.5
   * log.deliveredAtMs(0); // undefined
   */
  deliveredAtMs(arrivalTimeMs: number): number | undefined {
    let low = 0;
    let high = this.#arrivalMs.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const at = this.#arrivalMs[mid] as number;
      if (at < arrivalTimeMs) low = mid + 1;
      else if (at > arrivalTimeMs) high = mid - 1;
      else {
        const delivered = this.#deliveredMs[mid] as number;
        return Number.isNaN(delivered) ? undefined : delivered;
      }
    }
    return undefined;
  }

  /**
   * How late the feed delivered, per arrival group: delivery time minus scheduled arrival time
   * (ms; groups not delivered are left out), or null when none was delivered. A driver that shares
   * the event loop with the engine delivers late whenever the engine, the collector or GC holds the
   * loop; latency counted from delivery then hides that wait (coordinated omission), so the run
   * reports this next to it.
   *
   * @example
   * const log = new DeliveryLog([0, 5]);
   * log.delivered(0, 1); log.delivered(1, 9);
   * log.lateness(); // { count: 2, minMs: 1, maxMs: 4, ... }
   */
  lateness(): LatencySummary | null {
    const histogram = new LatencyHistogram();
    for (let index = 0; index < this.#arrivalMs.length; index++) {
      const delivered = this.#deliveredMs[index] as number;
      if (!Number.isNaN(delivered)) histogram.record(delivered - (this.#arrivalMs[index] as number));
    }
    return histogram.summary();
  }
}
