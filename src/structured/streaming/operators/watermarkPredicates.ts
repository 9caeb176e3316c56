/**
 * The "older than the watermark" test stateful operators apply to event-time values, and a copy
 * helper for state values. Spark: statefulOperators.scala (WatermarkSupport.watermarkExpression).
 *
 * Event time: a plain event-time value is late when `value <= watermark`; a window (or session)
 * struct is late when its end is: `window.end <= watermark`, so a window is final once the
 * watermark reaches its end. A null value is never late (SQL comparison with null is not true).
 */

/** True when an event-time value (epoch ms, or a `{start, end}` struct) is older than the watermark. */
export function isOlderThanWatermark(value: unknown, watermarkMs: number): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'number') return value <= watermarkMs;
  const end = (value as { end?: unknown }).end;
  return typeof end === 'number' && end <= watermarkMs;
}

/**
 * A copy of a state value that can be changed without touching the stored one: the store keeps
 * committed values by reference in the versions it caches, and aggregate buffers may be updated in
 * place.
 */
export function copyJson<T>(value: T): T {
  return value === null || typeof value !== 'object' ? value : structuredClone(value);
}
