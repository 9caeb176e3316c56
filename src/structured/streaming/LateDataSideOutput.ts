/**
 * A side output of the rows a watermark dropped: each late row with its event time and the
 * watermark that dropped it, as Flink's `sideOutputLateData` offers. Beyond Spark: Spark only
 * counts them (stateOperators[].numRowsDroppedByWatermark).
 *
 * Event time: a row is reported when a stateful operator drops it as older than the late-events
 * watermark. For an aggregation the report is per input row and window (a sliding-window row
 * dropped from two windows is reported twice); Spark's dropped-row count is per late key after
 * partial aggregation, so the two numbers can differ.
 */
import type { Row } from '../DataFrame.js';

/** One dropped row. */
export interface LateRow {
  /** The operator that dropped it (`stateStoreSave`, `dedupe`, `symmetricHashJoin`, ...). */
  readonly operatorName: string;
  readonly batchId: number;
  /** The row as the operator read it, columns by name (only the columns the query still needs there). */
  readonly row: Row;
  /** The event time that made it late: epoch ms, or the `{start, end}` window or session. */
  readonly eventTime: number | { readonly start: number; readonly end: number };
  /** The watermark it was compared with (epoch ms). */
  readonly watermarkMs: number;
}

/**
 * Collects late rows of the queries whose watermark it is attached to.
 *
 * @example
 * const late = new LateDataSideOutput();
 * const counts = events.withWatermark('eventTime', '10 seconds', { lateData: late })
 *   .groupBy(window('eventTime', '5 seconds')).count();
 * // ... after a batch:
 * late.rows;   // [{ operatorName: 'stateStoreSave', row: {...}, eventTime: {start, end}, watermarkMs, batchId }]
 */
export class LateDataSideOutput {
  readonly #rows: LateRow[] = [];
  readonly #listeners = new Set<(row: LateRow) => void>();

  /** Every late row reported so far, in the order reported. */
  get rows(): readonly LateRow[] {
    return this.#rows;
  }

  /** Calls `listener` for each late row from now on; returns a function that stops it. */
  onLateRow(listener: (row: LateRow) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Forgets the rows reported so far. */
  clear(): void {
    this.#rows.length = 0;
  }

  /** Reports a late row (called by the stateful operators). */
  report(row: LateRow): void {
    this.#rows.push(row);
    for (const listener of this.#listeners) listener(row);
  }
}
