/**
 * Processing time, behind one seam. Spark: core/.../util/Clock.scala (SystemClock, ManualClock).
 *
 * This is the only file in src/ that reads the OS clock or starts a timer: every timer in both
 * engines waits on a Clock, so a ManualClock makes every run exact and repeatable.
 */

/** A source of processing time that can also wait for a future reading. */
export interface Clock {
  /** The current processing time, in milliseconds. */
  getTimeMillis(): number;
  /** Resolves when the clock reads at least `targetMs`; yields the reading at that moment. */
  waitTillTime(targetMs: number): Promise<number>;
}

/** The wall clock. Waiting is a real timer. */
export class SystemClock implements Clock {
  getTimeMillis(): number {
    return Date.now();
  }

  waitTillTime(targetMs: number): Promise<number> {
    const remainingMs = targetMs - Date.now();
    if (remainingMs <= 0) return Promise.resolve(Date.now());
    return new Promise((resolve) => {
      setTimeout(() => resolve(Date.now()), remainingMs);
    });
  }
}

interface Waiter {
  readonly targetMs: number;
  readonly resolve: (readingMs: number) => void;
}

/**
 * A clock that moves only when told to. Waiters whose target is reached are resolved in target
 * order, so a test sees batches in time order however far it advances at once.
 *
 * @example
 * const clock = new ManualClock(0);
 * const due = clock.waitTillTime(1000);
 * clock.advance(1000); // `due` resolves with 1000
 */
export class ManualClock implements Clock {
  #timeMs: number;
  #waiters: Waiter[] = [];

  constructor(startTimeMs = 0) {
    this.#timeMs = startTimeMs;
  }

  getTimeMillis(): number {
    return this.#timeMs;
  }

  waitTillTime(targetMs: number): Promise<number> {
    if (targetMs <= this.#timeMs) return Promise.resolve(this.#timeMs);
    return new Promise((resolve) => {
      this.#waiters.push({ targetMs, resolve });
      this.#waiters.sort((a, b) => a.targetMs - b.targetMs);
    });
  }

  /** Moves time forward by `deltaMs` and wakes every waiter that is now due. */
  advance(deltaMs: number): void {
    if (deltaMs < 0) throw new RangeError(`ManualClock cannot move backwards: advance(${deltaMs})`);
    this.setTime(this.#timeMs + deltaMs);
  }

  /** Sets the time; it never moves backwards, as a processing-time clock cannot. */
  setTime(timeMs: number): void {
    if (timeMs < this.#timeMs) {
      throw new RangeError(`ManualClock cannot move backwards: from ${this.#timeMs} to ${timeMs}`);
    }
    this.#timeMs = timeMs;
    const due = this.#waiters.filter((w) => w.targetMs <= timeMs);
    this.#waiters = this.#waiters.filter((w) => w.targetMs > timeMs);
    for (const waiter of due) waiter.resolve(timeMs);
  }

  /** True while some timer waits on this clock: a test advances only once the engine is blocked. */
  isWaiting(): boolean {
    return this.#waiters.length > 0;
  }

  /** The earliest time a waiter is due, or undefined when nobody waits. */
  nextWaiterTimeMs(): number | undefined {
    return this.#waiters[0]?.targetMs;
  }
}

/**
 * Lets every pending promise callback run. Engines on a ManualClock do their work in microtasks
 * and I/O callbacks; `settle` is how a driver waits for them without reading the wall clock.
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
