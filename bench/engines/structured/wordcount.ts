/**
 * Word count as a Structured Streaming query: split lines into words, count per word per
 * tumbling event-time window, with a watermark, in update mode. Spark: the
 * StructuredNetworkWordCountWindowed example.
 */
import { col, count, explode, split, StructType, window } from '../../../src/structured/index.js';
import type { WordcountEvent, WordcountParams } from '../../workloads/wordcount.js';
import { END_MARKER_KEY, intervalText, windowOf } from './StructuredPipeline.js';
import type { StructuredPipeline } from './StructuredPipeline.js';

/** The wordcount workload as a streaming query. */
export const wordcountStructured: StructuredPipeline<WordcountParams> = {
  summary: "lines.select(explode(split(line, ' ')) as word, eventTime).withWatermark.groupBy(window(eventTime, W), word).count()",
  inputs: {
    '': {
      schema: new StructType().add('line', 'string').add('eventTime', 'timestamp'),
      toRow: (event: WordcountEvent) => ({ line: event.line, eventTime: event.eventTimeMs }),
      endMarker: (maxEventTimeMs) => ({ line: END_MARKER_KEY, eventTime: maxEventTimeMs }),
    },
  },
  outputMode: 'update',
  needsEndMarker: false,
  build({ input, params, watermark }) {
    return input()
      .select(explode(split(col('line'), ' ')).alias('word'), col('eventTime'))
      .withWatermark('eventTime', watermark)
      .groupBy(window('eventTime', intervalText(params.windowMs)), col('word'))
      .agg(count('*').alias('count'));
  },
  toResultRow: (row) => (row['word'] === END_MARKER_KEY ? undefined : { ...windowOf(row), key: row['word'] as string, values: { count: Number(row['count']) } }),
};
