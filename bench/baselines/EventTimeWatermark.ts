/**
 * The watermark of a record-at-a-time pipeline: the largest event time seen minus the delay,
 * advanced after every record. Spark: sql/.../streaming/WatermarkTracker.scala, which advances the
 * same value once per micro-batch instead.
 */

/** Tracks `max(eventTimeMs) - delayMs`; `-Infinity` until the first record. */
export class EventTimeWatermark {
  #maxEventTimeMs = -Infinity;

  constructor(readonly delayMs: number) {}

  /** The current watermark. Records whose window (or interval) ends at or before it are late. */
  get currentMs(): number {
    return this.#maxEventTimeMs - this.delayMs;
  }

  /** Takes one record's event time; true when the watermark moved. */
  observe(eventTimeMs: number): boolean {
    if (eventTimeMs <= this.#maxEventTimeMs) return false;
    this.#maxEventTimeMs = eventTimeMs;
    return true;
  }

  /** Moves the watermark past every event time: the end of the input closes everything. */
  close(): void {
    this.#maxEventTimeMs = Infinity;
  }
}
