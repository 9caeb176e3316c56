/**
 * The Yahoo Streaming Benchmark as a Structured Streaming query: filter views, stream-static join
 * with the ad -> campaign table, count per campaign per 10 s event-time window, in update mode.
 * Spark: Databricks' Structured Streaming port of the benchmark (2017).
 */
import { col, count, StructType, window } from '../../../src/structured/index.js';
import type { Row } from '../../../src/structured/index.js';
import { campaignTable } from '../../workloads/yahoo.js';
import type { YahooEvent, YahooParams } from '../../workloads/yahoo.js';
import { END_MARKER_KEY, intervalText, windowOf } from './StructuredPipeline.js';
import type { StructuredPipeline } from './StructuredPipeline.js';

/** The yahoo workload as a streaming query. */
export const yahooStructured: StructuredPipeline<YahooParams> = {
  summary: "events.where(event_type = 'view').join(static campaigns, ad_id).withWatermark.groupBy(window(event_time, W), campaign_id).count()",
  inputs: {
    '': {
      // The columns are fields of the event object itself, so the event goes in as it is (a
      // MemoryStream reads the schema's fields of each object and ignores the others).
      schema: new StructType().add('ad_id', 'string').add('event_type', 'string').add('event_time', 'timestamp'),
      toRow: (event: YahooEvent) => event as unknown as Row,
      endMarker: (maxEventTimeMs) => ({ ad_id: END_MARKER_KEY, event_type: 'view', event_time: maxEventTimeMs }),
    },
  },
  outputMode: 'update',
  needsEndMarker: false,
  build({ spark, input, params, watermark }) {
    const campaigns = spark.createDataFrame(
      [...campaignTable(params).campaignOfAd].map(([adId, campaignId]) => ({ ad_id: adId, campaign_id: campaignId })),
      new StructType().add('ad_id', 'string').add('campaign_id', 'string'),
    );
    return input()
      .where(col('event_type').equalTo('view'))
      .join(campaigns, 'ad_id')
      .withWatermark('event_time', watermark)
      .groupBy(window('event_time', intervalText(params.windowMs)), col('campaign_id'))
      .agg(count('*').alias('count'));
  },
  toResultRow: (row) => ({ ...windowOf(row), key: row['campaign_id'] as string, values: { count: Number(row['count']) } }),
};
