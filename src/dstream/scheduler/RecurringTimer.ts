/**
 * Calls a function at every multiple of a period on a Clock. Spark: streaming/.../util/RecurringTimer.scala.
 *
 * Waits with clock.waitTillTime only, so on a ManualClock a test that advances time gets exactly
 * the ticks that are due, in order: advancing 0 -> 3000 with a 1000 ms period runs the callback
 * for 1000, 2000 and 3000, each after the previous one finished.
 */
import type { Clock } from '../../shared/index.js';

/** A timer that ticks at startTime, startTime + period, ... until stopped. */
export class RecurringTimer {
  #nextTimeMs = -1;
  #prevTimeMs = -1;
  #stopped = true;
  /** The callback running now, if any: a graceful stop waits for it, not for the next tick. */
  #current: Promise<void> | undefined;

  constructor(
    readonly clock: Clock,
    readonly periodMs: number,
    readonly callback: (timeMs: number) => void | Promise<void>,
    readonly name: string,
    readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** The first tick after now: with the clock at 0 and a 1000 ms period, 1000 (Spark's worked example). */
  getStartTime(): number {
    return (Math.floor(this.clock.getTimeMillis() / this.periodMs) + 1) * this.periodMs;
  }

  /** The first tick after now on the grid of an earlier start, for a restart from a checkpoint. */
  getRestartTime(originalStartTimeMs: number): number {
    const elapsed = this.clock.getTimeMillis() - originalStartTimeMs;
    return (Math.floor(elapsed / this.periodMs) + 1) * this.periodMs + originalStartTimeMs;
  }

  /** Starts ticking at `startTimeMs`; the first wait is registered before start() returns. */
  start(startTimeMs = this.getStartTime()): number {
    this.#nextTimeMs = startTimeMs;
    this.#stopped = false;
    void this.#run();
    return startTimeMs;
  }

  /**
   * Stops the timer. With `interruptTimer` false the tick in progress finishes first.
   * @returns the time of the last tick that ran.
   */
  async stop(interruptTimer = true): Promise<number> {
    this.#stopped = true;
    if (!interruptTimer) await this.#current;
    return this.#prevTimeMs;
  }

  get isStopped(): boolean {
    return this.#stopped;
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      const timeMs = this.#nextTimeMs;
      await this.clock.waitTillTime(timeMs);
      if (this.#stopped) return;
      this.#current = (async () => {
        try {
          await this.callback(timeMs);
        } catch (error) {
          this.onError(error);
        }
      })();
      await this.#current;
      this.#current = undefined;
      this.#prevTimeMs = timeMs;
      this.#nextTimeMs = timeMs + this.periodMs;
    }
  }
}
