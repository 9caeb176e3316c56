/**
 * The ad join as a Structured Streaming query: both streams watermarked, joined on the impression
 * id with the time bound `clickTime >= impressionTime AND clickTime <= impressionTime + bound`,
 * in append mode; the bound lets the join drop buffered impressions once the clicks' watermark
 * passes them. Spark: the stream-stream join example of the streaming guide, StreamingJoinSuite.
 */
import { col, StructType, timestamp_add } from '../../../src/structured/index.js';
import type { AdJoinParams, Click, Impression } from '../../workloads/ad-join.js';
import { END_MARKER_KEY } from './StructuredPipeline.js';
import type { StructuredPipeline } from './StructuredPipeline.js';

/** The ad-join workload as a streaming query. */
export const adJoinStructured: StructuredPipeline<AdJoinParams> = {
  summary: 'impressions.withWatermark.join(clicks.withWatermark, id = clickImpressionId AND clickTime BETWEEN impressionTime AND impressionTime + bound)',
  inputs: {
    impressions: {
      schema: new StructType().add('impressionId', 'string').add('impressionTime', 'timestamp'),
      toRow: (impression: Impression) => ({ impressionId: impression.impressionId, impressionTime: impression.eventTimeMs }),
      endMarker: (maxEventTimeMs) => ({ impressionId: END_MARKER_KEY, impressionTime: maxEventTimeMs }),
    },
    clicks: {
      schema: new StructType().add('clickImpressionId', 'string').add('clickTime', 'timestamp'),
      toRow: (click: Click) => ({ clickImpressionId: click.impressionId, clickTime: click.eventTimeMs }),
      endMarker: (maxEventTimeMs) => ({ clickImpressionId: END_MARKER_KEY, clickTime: maxEventTimeMs }),
    },
  },
  outputMode: 'append',
  requires: ['streamStreamJoin'],
  needsEndMarker: true,
  build({ input, params, watermark }) {
    const impressions = input('impressions').withWatermark('impressionTime', watermark);
    const clicks = input('clicks').withWatermark('clickTime', watermark);
    return impressions.join(
      clicks,
      col('impressionId')
        .equalTo(col('clickImpressionId'))
        .and(col('clickTime').geq(col('impressionTime')))
        .and(col('clickTime').leq(timestamp_add('millisecond', params.boundMs, 'impressionTime'))),
    );
  },
  toResultRow(row) {
    if (row['impressionId'] === END_MARKER_KEY) return undefined;
    return { windowStartMs: Number(row['impressionTime']), windowEndMs: Number(row['clickTime']), key: row['impressionId'] as string, values: { count: 1 } };
  },
};
