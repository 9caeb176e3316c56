/**
 * The filter workload as a Spark Streaming program: `filter` and `map` to the output row, per
 * batch, with no window and no state, so every row is out with the batch its record arrived in.
 * Spark: a stateless DStream transformation (`stream.filter(...).map(...)`).
 */
import { bind } from '../../../src/shared/index.js';
import type { FilterEvent, FilterParams } from '../../workloads/filter.js';
import type { ResultRow } from '../../oracle/ResultRow.js';
import type { DStreamPipeline } from './DStreamPipeline.js';

// Written out in full (no helper captured) so local-workers[N] can ship it as source text.
function isKept(event: FilterEvent, env: { keepBelow: number }): boolean {
  return event.value < env.keepBelow;
}

/** The same row as the workload's filterRowOf, written out for the same reason. */
function rowOf(event: FilterEvent): ResultRow {
  const windowStartMs = Math.floor(event.eventTimeMs / 1000) * 1000;
  return { windowStartMs, windowEndMs: windowStartMs + 1000, key: String(event.id), values: { count: 1, value: event.value } };
}

/** The filter workload on DStreams. */
export const filterDStream: DStreamPipeline<FilterParams> = {
  summary: 'records.filter(value < keepBelow).map(row): stateless, each batch\'s rows out with the batch',
  check: () => undefined,
  build({ params, input }) {
    return { rows: input<FilterEvent>().filter(bind(isKept, { keepBelow: params.keepBelow })).map(rowOf) };
  },
  finalBatchTimeMs: (lastDataBatchMs) => lastDataBatchMs,
  heldMs: () => 0,
};

