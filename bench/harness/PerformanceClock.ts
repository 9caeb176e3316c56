/**
 * The wall clock for real-time runs, at sub-millisecond resolution and reading 0 when the run
 * starts, so arrival times and emission times share one axis. Spark: SystemClock, but on
 * `performance.now()`; bench/ may read the OS clock, src/ may not.
 */
import type { Clock } from '../../src/shared/util/Clock.js';

/** A high-resolution wall clock whose zero is its construction. */
export class PerformanceClock implements Clock {
  readonly #originMs = performance.now();

  getTimeMillis(): number {
    return performance.now() - this.#originMs;
  }

  async waitTillTime(targetMs: number): Promise<number> {
    // setTimeout may fire a fraction of a millisecond early; wait again until the target is reached.
    for (;;) {
      const nowMs = this.getTimeMillis();
      if (nowMs >= targetMs) return nowMs;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.ceil(targetMs - nowMs))));
    }
  }
}
