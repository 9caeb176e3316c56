/**
 * A closed range of batch times [beginTime, endTime]. Spark: streaming/.../Interval.scala.
 *
 * A window ending at t is the interval (t - windowDuration, t], written as
 * [t - windowDuration + parentSlide, t] because only batch times inside it exist.
 */
import type { Duration } from './Duration.js';
import type { Time } from './Time.js';

/** The batch times from `beginTime` to `endTime`, both included. */
export class Interval {
  constructor(
    readonly beginTime: Time,
    readonly endTime: Time,
  ) {}

  /** The same interval moved `duration` earlier. */
  minus(duration: Duration): Interval {
    return new Interval(this.beginTime.minus(duration), this.endTime.minus(duration));
  }

  toString(): string {
    return `[${this.beginTime}, ${this.endTime}]`;
  }
}
