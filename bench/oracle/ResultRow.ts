/**
 * The one row shape every engine, baseline and oracle speaks: a keyed value over an event-time
 * interval. Spark: the rows of a windowed aggregation, `(window.start, window.end, key, aggregates)`.
 */

/**
 * One output row. For tumbling windows the interval is the window; for sessions it is
 * [first event, last event + gap); for the ad join it is [impression time, click time].
 */
export interface ResultRow {
  /** Start of the event-time interval, inclusive. */
  readonly windowStartMs: number;
  /** End of the event-time interval, exclusive for windows and sessions. */
  readonly windowEndMs: number;
  /** The grouping key as text (word, campaign id, sensor id, user id, impression id). */
  readonly key: string;
  /** The aggregates by name, e.g. `{ count: 3 }` or `{ avg: 21.5, max: 24, count: 2 }`. */
  readonly values: Readonly<Record<string, number>>;
}

/**
 * A row of the exact answer, with what latency and lateness accounting need: when its last input
 * arrived and how many of its inputs arrived behind the watermark.
 */
export interface OracleRow extends ResultRow {
  /** Arrival time of the last input that contributes to this row. */
  readonly lastArrivalMs: number;
  /** That last input itself, so a real-time driver can look up when it was actually delivered. */
  readonly lastInput: object;
  /** How many inputs of this row had an event time behind the watermark when they arrived. */
  readonly lateInputs: number;
}

/**
 * The identity of a row: its interval and key. Engines emit a row again when its value changes;
 * the last emission with a given identity is the engine's answer for it.
 */
export function rowIdentity(row: Pick<ResultRow, 'windowStartMs' | 'windowEndMs' | 'key'>): string {
  return `${row.windowStartMs}|${row.windowEndMs}|${row.key}`;
}

/** Orders rows by interval start, then end, then key: the order reports and tests use. */
export function compareRows(a: ResultRow, b: ResultRow): number {
  return a.windowStartMs - b.windowStartMs || a.windowEndMs - b.windowEndMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
