/**
 * A half-open range of offsets in one topic-partition: what one batch reads from the log.
 * Spark: connector/kafka-0-10/.../OffsetRange.scala (DStreams) and KafkaOffsetRange
 * (Structured Streaming).
 */
import { IllegalArgumentError } from '../errors.js';

/**
 * The records of `topic` partition `partition` at offsets [fromOffset, untilOffset).
 * All fields, `count` included, are plain data, so a range survives postMessage and JSON.
 *
 * @example
 * const range = new OffsetRange('events', 0, 100, 150);   // range.count === 50
 * log.readRange(range);
 */
export class OffsetRange {
  /** How many records the range holds: untilOffset - fromOffset. */
  readonly count: number;

  /** @throws IllegalArgumentError unless 0 <= fromOffset <= untilOffset are integers and partition >= 0 */
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly fromOffset: number,
    readonly untilOffset: number,
  ) {
    const valid = Number.isSafeInteger(partition) && partition >= 0
      && Number.isSafeInteger(fromOffset) && Number.isSafeInteger(untilOffset)
      && fromOffset >= 0 && fromOffset <= untilOffset;
    if (!valid) {
      throw new IllegalArgumentError('LOG_INVALID_OFFSET_RANGE', `Invalid offset range [${fromOffset}, ${untilOffset}) `
        + `for topic "${topic}" partition ${partition}: the partition must be a non-negative integer and the offsets `
        + 'integers with 0 <= fromOffset <= untilOffset.');
    }
    this.count = untilOffset - fromOffset;
  }

  /** Spark's rendering: `OffsetRange(topic: 'events', partition: 0, range: [100 -> 150])`. */
  toString(): string {
    return `OffsetRange(topic: '${this.topic}', partition: ${this.partition}, `
      + `range: [${this.fromOffset} -> ${this.untilOffset}])`;
  }
}
