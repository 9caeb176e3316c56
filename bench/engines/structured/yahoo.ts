/**
 * The Yahoo Streaming Benchmark as a Structured Streaming query: filter views, stream-static join
 * with the ad -> campaign table, count per campaign per 10 s event-time window, in update mode.
 * Spark: Databricks' Structured Streaming port of the benchmark (2017).
 */
import { col, count, StructType, window } from '../../../src/structured/index.js';
import { campaignTable } from '../../workloads/yahoo.js';
import type { YahooEvent, YahooParams } from '../../workloads/yahoo.js';
import { END_MARKER_KEY, intervalText, windowOf } from './StructuredPipeline.js';
import type { StructuredPipeline } from './StructuredPipeline.js';

/** The yahoo workload as a streaming query. */
export const yahooStructured: StructuredPipeline<YahooParams> = {
  summary: "events.where(event_type = 'view').join(static campaigns, ad_id).withWatermark.groupBy(window(eventTime, W), campaign_id).count()",
  inputs: {
    '': {
      schema: new StructType().add('ad_id', 'string').add('event_type', 'string').add('eventTime', 'timestamp'),
      toRow: (event: YahooEvent) => ({ ad_id: event.ad_id, event_type: event.event_type, eventTime: event.event_time }),
      endMarker: (maxEventTimeMs) => ({ ad_id: END_MARKER_KEY, event_type: 'view', eventTime: maxEventTimeMs }),
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
      .withWatermark('eventTime', watermark)
      .groupBy(window('eventTime', intervalText(params.windowMs)), col('campaign_id'))
      .agg(count('*').alias('count'));
  },
  toResultRow: (row) => ({ ...windowOf(row), key: row['campaign_id'] as string, values: { count: Number(row['count']) } }),
};
