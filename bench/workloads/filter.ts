/**
 * A stateless filter: records with an id and a value, the query keeps those whose value is below
 * a threshold and passes each one through. No window, key or state, so it is the one workload
 * continuous mode can run, and a row's result latency is exactly its record's arrival-to-output
 * time. Spark: the stateless queries of the Structured Streaming guide's continuous-processing
 * section (`selectExpr(...).where(...)` from a source to a sink).
 */
import { parseLateness, scheduleArrivals } from '../harness/lateness.js';
import { BenchRandom } from '../harness/random.js';
import { compareWithOracle } from '../oracle/compareWithOracle.js';
import { OracleTable } from '../oracle/OracleTable.js';
import type { ResultRow } from '../oracle/ResultRow.js';
import { eventTimeAt } from './Workload.js';
import type { BaseParams, BenchEvent, Workload } from './Workload.js';

/** Parameters of the filter workload. */
export interface FilterParams extends BaseParams {
  /** Values are uniform in 0..99; records with a value below this are kept (0-100: the share kept, in percent). */
  readonly keepBelow: number;
}

/** One record. */
export interface FilterEvent extends BenchEvent {
  /** Position in the input, unique: the key of the record's output row. */
  readonly id: number;
  /** Uniform in 0..99. */
  readonly value: number;
}

/** Rows are grouped into seconds of event time for the per-window report; the grouping is not a window of the query. */
const REPORT_BUCKET_MS = 1000;

/**
 * The output row of a kept record: keyed by its id, in the second of event time that holds it,
 * with `count` 1 (so dropped and duplicated records are counted) and its value.
 */
export function filterRowOf(id: number, value: number, eventTimeMs: number): ResultRow {
  const windowStartMs = Math.floor(eventTimeMs / REPORT_BUCKET_MS) * REPORT_BUCKET_MS;
  // The same text as String(id), made outside V8's number-to-string cache: String(id) kept its
  // 16k recent strings (~360 KB) alive, and every scavenge of a real-time run copied them again.
  return { windowStartMs, windowEndMs: windowStartMs + REPORT_BUCKET_MS, key: JSON.stringify(id), values: { count: 1, value } };
}

/** Keeps records with value < keepBelow; rows are `{ count: 1, value }` keyed by record id. */
export const filter: Workload<FilterParams, FilterEvent> = {
  name: 'filter',
  description: 'records with a value in 0..99; a stateless filter keeps those below a threshold (no window, no state)',
  semantics:
    'Every record whose value is below keepBelow is output once, unchanged: a row per kept record, keyed by its id. ' +
    'Rows are grouped into seconds of event time only for the per-window report. Nothing is late: the query has no watermark.',
  defaultSeed: 8,
  defaults: {
    events: 20_000,
    ratePerSec: 1000,
    lateness: 'none',
    watermarkMs: 0,
    keepBelow: 50,
  },
  paramDocs: {
    events: 'number of records',
    ratePerSec: 'records per second of event time',
    lateness: 'arrival delay spec (see --lateness)',
    watermarkMs: 'unused: the query holds no state',
    keepBelow: 'records with a value below this (0-100) are kept',
  },
  streams: ['records'],

  generate(params, seed) {
    const random = new BenchRandom(seed);
    const events: FilterEvent[] = new Array(params.events);
    for (let id = 0; id < params.events; id++) {
      const eventTimeMs = eventTimeAt(id, params.ratePerSec);
      events[id] = { eventTimeMs, arrivalTimeMs: eventTimeMs, id, value: random.int(100) };
    }
    // "late=" delays records past the watermark plus two report seconds: nothing is dropped, they are only delayed.
    return scheduleArrivals(events, parseLateness(params.lateness), random, { watermarkMs: params.watermarkMs, windowMs: REPORT_BUCKET_MS });
  },

  oracle(events, params) {
    const table = new OracleTable(() => ({ value: 0 }), (kept) => ({ count: 1, value: kept.value }));
    for (const event of events) {
      if (event.value >= params.keepBelow) continue;
      const row = filterRowOf(event.id, event.value, event.eventTimeMs);
      table.add(row.windowStartMs, row.windowEndMs, row.key, event, false).value = event.value;
    }
    return table.answer();
  },

  compare(oracle, emitted) {
    return compareWithOracle(oracle, emitted);
  },
};
