/**
 * Sessionization as a Structured Streaming query: groupBy(session_window(eventTime, gap), userId)
 * .count() with a watermark, in append mode (Spark refuses update mode for session windows): a
 * session is emitted once the watermark passes its end. Spark: the StructuredSessionization
 * example and SessionWindowingSuite.
 */
import { col, count, session_window, StructType } from '../../../src/structured/index.js';
import type { ClickEvent, SessionsParams } from '../../workloads/sessions.js';
import { END_MARKER_KEY, intervalText, windowOf } from './StructuredPipeline.js';
import type { StructuredPipeline } from './StructuredPipeline.js';

/** The sessions workload as a streaming query. */
export const sessionsStructured: StructuredPipeline<SessionsParams> = {
  summary: 'clicks.withWatermark(eventTime).groupBy(session_window(eventTime, gap), userId).count()',
  inputs: {
    '': {
      schema: new StructType().add('userId', 'string').add('eventTime', 'timestamp'),
      toRow: (click: ClickEvent) => ({ userId: click.userId, eventTime: click.eventTimeMs }),
      endMarker: (maxEventTimeMs) => ({ userId: END_MARKER_KEY, eventTime: maxEventTimeMs }),
    },
  },
  outputMode: 'append',
  requires: ['sessionWindowMerge'],
  needsEndMarker: true,
  build({ input, params, watermark }) {
    return input()
      .withWatermark('eventTime', watermark)
      .groupBy(session_window('eventTime', intervalText(params.gapMs)), col('userId'))
      .agg(count('*').alias('count'));
  },
  toResultRow: (row) => (row['userId'] === END_MARKER_KEY ? undefined : { ...windowOf(row, 'session_window'), key: row['userId'] as string, values: { count: Number(row['count']) } }),
};
