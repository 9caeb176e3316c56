/**
 * The filter workload as a Structured Streaming query: `where(value < keepBelow)` and a
 * projection, in append mode, no watermark and no state. The same query runs in micro-batches
 * (the Structured runner) and record at a time (the continuous runner). Spark: a stateless
 * query of the Structured Streaming guide (`df.select(...).where(...)`), which continuous
 * processing also accepts.
 */
import { col, StructType } from '../../../src/structured/index.js';
import { filterRowOf } from '../../workloads/filter.js';
import type { FilterEvent, FilterParams } from '../../workloads/filter.js';
import type { StructuredPipeline } from './StructuredPipeline.js';

/** The filter workload as a streaming query. */
export const filterStructured: StructuredPipeline<FilterParams> = {
  summary: 'records.where(value < keepBelow).select(id, value, eventTimeMs): stateless',
  inputs: {
    '': {
      schema: new StructType().add('id', 'long').add('value', 'long').add('eventTimeMs', 'long'),
      toRow: (event: FilterEvent) => ({ id: event.id, value: event.value, eventTimeMs: event.eventTimeMs }),
      // Never added: the query holds nothing back, so nothing waits for the end of the input.
      endMarker: (maxEventTimeMs) => ({ id: -1, value: 100, eventTimeMs: maxEventTimeMs }),
    },
  },
  outputMode: 'append',
  needsEndMarker: false,
  build({ input, params }) {
    return input().where(col('value').lt(params.keepBelow)).select(col('id'), col('value'), col('eventTimeMs'));
  },
  toResultRow: (row) => filterRowOf(Number(row['id']), Number(row['value']), Number(row['eventTimeMs'])),
};
