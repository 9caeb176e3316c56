/**
 * The ideal watermark each record meets on arrival: the largest event time that arrived before it,
 * minus the watermark delay. Spark: sql/.../streaming/WatermarkTracker.scala computes the same
 * `max(eventTime) - delay`, but only at the end of each micro-batch, so Spark's watermark lags this
 * one and drops at most as many records.
 */

/**
 * For each record in arrival order, the watermark in force when it arrived (`-Infinity` before any
 * record). Records that arrive in the same millisecond do not advance the watermark for each other,
 * as no engine can tell their order apart.
 */
export function watermarksAtArrival(
  events: readonly { eventTimeMs: number; arrivalTimeMs: number }[],
  watermarkMs: number,
): Float64Array {
  const watermarks = new Float64Array(events.length);
  let maxEventTimeMs = -Infinity;
  let pendingMaxMs = -Infinity;
  let pendingArrivalMs = -Infinity;
  events.forEach((event, index) => {
    if (event.arrivalTimeMs !== pendingArrivalMs) {
      maxEventTimeMs = Math.max(maxEventTimeMs, pendingMaxMs);
      pendingArrivalMs = event.arrivalTimeMs;
    }
    watermarks[index] = maxEventTimeMs - watermarkMs;
    pendingMaxMs = Math.max(pendingMaxMs, event.eventTimeMs);
  });
  return watermarks;
}

/** The start of the tumbling window of `sizeMs` that holds `eventTimeMs` (windows start at 0). */
export function windowStartOf(eventTimeMs: number, sizeMs: number): number {
  return eventTimeMs - (((eventTimeMs % sizeMs) + sizeMs) % sizeMs);
}
