/**
 * A span of processing time in milliseconds. Spark: streaming/.../Duration.scala.
 *
 * Batch intervals, window lengths, slide intervals and checkpoint intervals are Durations, and
 * most of the engine's validation is "is this a multiple of that".
 */
import { IllegalArgumentError } from '../shared/index.js';

/**
 * An immutable length of time, in whole milliseconds.
 *
 * @example
 * Seconds(2).isMultipleOf(Milliseconds(500)); // true
 * Seconds(1).plus(Milliseconds(200)).toString(); // "1200 ms"
 */
export class Duration {
  constructor(readonly milliseconds: number) {
    if (!Number.isSafeInteger(milliseconds)) {
      throw new IllegalArgumentError('INVALID_DURATION', `A Duration must be a whole number of milliseconds, but got ${milliseconds}. Round it, e.g. Milliseconds(${Math.round(milliseconds)}).`);
    }
  }

  plus(that: Duration): Duration {
    return new Duration(this.milliseconds + that.milliseconds);
  }

  minus(that: Duration): Duration {
    return new Duration(this.milliseconds - that.milliseconds);
  }

  times(factor: number): Duration {
    return new Duration(this.milliseconds * factor);
  }

  /** How many times `that` fits in this duration, as a fraction (Spark's `Duration./`). */
  div(that: Duration): number {
    return this.milliseconds / that.milliseconds;
  }

  /** True when this duration is a whole number of `that` (Spark: zero is a multiple of nothing but zero is allowed). */
  isMultipleOf(that: Duration): boolean {
    return that.milliseconds !== 0 && this.milliseconds % that.milliseconds === 0;
  }

  isZero(): boolean {
    return this.milliseconds === 0;
  }

  less(that: Duration): boolean {
    return this.milliseconds < that.milliseconds;
  }

  lessEq(that: Duration): boolean {
    return this.milliseconds <= that.milliseconds;
  }

  greater(that: Duration): boolean {
    return this.milliseconds > that.milliseconds;
  }

  equals(that: Duration | undefined): boolean {
    return that !== undefined && this.milliseconds === that.milliseconds;
  }

  /** Spark's rendering, used in every message: `2000 ms`. */
  toString(): string {
    return `${this.milliseconds} ms`;
  }

  toJSON(): number {
    return this.milliseconds;
  }
}

/** A Duration of `ms` milliseconds. */
export function Milliseconds(ms: number): Duration {
  return new Duration(ms);
}

/** A Duration of `seconds` seconds. */
export function Seconds(seconds: number): Duration {
  return new Duration(Math.round(seconds * 1000));
}

/** A Duration of `minutes` minutes. */
export function Minutes(minutes: number): Duration {
  return new Duration(Math.round(minutes * 60_000));
}
