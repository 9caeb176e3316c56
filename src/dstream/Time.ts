/**
 * A point in processing time: the time of a batch. Spark: streaming/.../Time.scala.
 *
 * Batch times are processing times on the StreamingContext's clock, never event times: a batch
 * at time t holds what arrived in (t - batchDuration, t].
 */
import { Duration } from './Duration.js';

/**
 * An immutable batch time in milliseconds on the context's clock.
 *
 * @example
 * new Time(3000).floor(Seconds(2)).milliseconds; // 2000
 */
export class Time {
  constructor(readonly milliseconds: number) {}

  plus(duration: Duration): Time {
    return new Time(this.milliseconds + duration.milliseconds);
  }

  minus(duration: Duration): Time {
    return new Time(this.milliseconds - duration.milliseconds);
  }

  /** The Duration from `earlier` to this time. */
  since(earlier: Time): Duration {
    return new Duration(this.milliseconds - earlier.milliseconds);
  }

  less(that: Time): boolean {
    return this.milliseconds < that.milliseconds;
  }

  lessEq(that: Time): boolean {
    return this.milliseconds <= that.milliseconds;
  }

  greater(that: Time): boolean {
    return this.milliseconds > that.milliseconds;
  }

  greaterEq(that: Time): boolean {
    return this.milliseconds >= that.milliseconds;
  }

  equals(that: Time | undefined): boolean {
    return that !== undefined && this.milliseconds === that.milliseconds;
  }

  /** The latest time <= this one that is zeroTime plus a whole number of `duration`s. */
  floor(duration: Duration, zeroTime = new Time(0)): Time {
    const offset = this.milliseconds - zeroTime.milliseconds;
    return new Time(zeroTime.milliseconds + Math.floor(offset / duration.milliseconds) * duration.milliseconds);
  }

  /** Times from this one up to and excluding `end`, `step` apart (Scala's `until`). */
  until(end: Time, step: Duration): Time[] {
    const out: Time[] = [];
    for (let ms = this.milliseconds; ms < end.milliseconds; ms += step.milliseconds) out.push(new Time(ms));
    return out;
  }

  /** Times from this one up to and including `end`, `step` apart (Scala's `to`). */
  to(end: Time, step: Duration): Time[] {
    const out: Time[] = [];
    for (let ms = this.milliseconds; ms <= end.milliseconds; ms += step.milliseconds) out.push(new Time(ms));
    return out;
  }

  /** Spark's rendering, used in the print() banner: `1000 ms`. */
  toString(): string {
    return `${this.milliseconds} ms`;
  }

  toJSON(): number {
    return this.milliseconds;
  }
}
