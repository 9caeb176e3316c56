/**
 * Prints one line after every micro-batch, from the query's own progress report: when it ran,
 * how many rows it read, the watermark it ran with, the rows it dropped as too late and the rows
 * left in its state. Spark reports the same numbers in StreamingQueryProgress.
 */
import { StreamingQueryListener } from 'twinstream';
import type { QueryProgressEvent, StreamingQueryProgress } from 'twinstream';
import type { Print } from './print.js';

/** Seconds since the start, as the examples write times: `4.8 s`. */
export function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

/** `> batch 4 at 7 s: 1 row in, watermark 4.8 s, 0 dropped as too late, 6 state rows` */
export function batchSummary(progress: StreamingQueryProgress): string {
  const rowsIn = progress.sources.reduce((sum, source) => sum + source.numInputRows, 0);
  const parts = [`${rowsIn} row${rowsIn === 1 ? '' : 's'} in`];
  const watermark = progress.eventTime['watermark'];
  if (watermark !== undefined) parts.push(`watermark ${seconds(Date.parse(watermark))}`);
  if (progress.stateOperators.length > 0) {
    const dropped = progress.stateOperators.reduce((sum, op) => sum + op.numRowsDroppedByWatermark, 0);
    const stateRows = progress.stateOperators.reduce((sum, op) => sum + op.numRowsTotal, 0);
    parts.push(`${dropped} dropped as too late`, `${stateRows} state rows`);
  }
  return `> batch ${progress.batchId} at ${seconds(Date.parse(progress.timestamp))}: ${parts.join(', ')}`;
}

/** A listener printing {@link batchSummary} after each batch of every query of the session. */
export class BatchSummaryPrinter extends StreamingQueryListener {
  constructor(private readonly print: Print) {
    super();
  }

  override onQueryProgress(event: QueryProgressEvent): void {
    this.print(batchSummary(event.progress));
  }
}
