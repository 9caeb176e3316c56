/**
 * Measures on a wall clock how long the engine takes to carry a record from its input to its
 * output. The examples run in virtual time, where the engine's own work takes no time at all;
 * `npm run example` passes a SystemClock so the real cost shows, and the tests pass none so the
 * output stays the same on every run.
 */
import type { Clock } from 'twinstream';

/** Start and stop times per record key, on an optional wall clock. */
export class Stopwatch {
  readonly #startedMs = new Map<string, number>();

  constructor(private readonly wallClock: Clock | undefined) {}

  /** Notes that `key` was handed to the engine now. */
  start(key: string): void {
    if (this.wallClock) this.#startedMs.set(key, this.wallClock.getTimeMillis());
  }

  /** `; N ms on the wall clock` since start(key), or '' without a wall clock. */
  elapsed(key: string): string {
    const startedMs = this.#startedMs.get(key);
    if (!this.wallClock || startedMs === undefined) return '';
    return `; ${this.wallClock.getTimeMillis() - startedMs} ms on the wall clock`;
  }
}
