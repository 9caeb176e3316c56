/**
 * Enrichment with Structured Streaming, as in the Yahoo Streaming Benchmark's Structured
 * version: keep the views, join them with the static campaign table, and count views per
 * campaign per 10-second window of event time. The counts live in the query's state, so each
 * printed row is the window's count so far, not one batch's share of it.
 *
 * Run: npm run example -- enrichment
 */
import { col, count, ManualClock, MemoryStream, SparkContext, SparkSession, StructType, Trigger, window } from 'twinstream';
import { consoleTo, type Print } from '../shared/print.js';
import { runWhenMain } from '../shared/runWhenMain.js';
import { TriggerDriver } from '../shared/TriggerDriver.js';
import { AD_EVENTS_PER_BATCH, BATCH_MS, CAMPAIGN_OF_AD } from './events.js';

export async function run(print: Print): Promise<void> {
  const clock = new ManualClock();
  const sc = new SparkContext({ master: 'local[2]', appName: 'enrichment', clock });
  const spark = SparkSession.builder().sparkContext(sc).config('spark.sql.shuffle.partitions', 2).getOrCreate();
  const driver = TriggerDriver.attach(spark, clock);
  const events = new MemoryStream(new StructType().add('ad_id', 'string').add('event_type', 'string').add('event_time', 'timestamp'));

  // The static table is an ordinary DataFrame.
  const campaigns = spark.createDataFrame(
    CAMPAIGN_OF_AD.map(({ adId, campaignId }) => ({ ad_id: adId, campaign_id: campaignId })),
    new StructType().add('ad_id', 'string').add('campaign_id', 'string'),
  );

  const viewsPerCampaign = events
    .toDF(spark)
    .where(col('event_type').equalTo('view'))
    // A stream-static join is a plain join: every micro-batch is joined with the table.
    .join(campaigns, 'ad_id')
    .withWatermark('event_time', '5 seconds')
    .groupBy(window(col('event_time'), '10 seconds'), col('campaign_id'))
    .agg(count('*').alias('views'));

  // Update mode: each batch prints the windows whose count changed, with the count so far.
  const query = viewsPerCampaign.writeStream
    .outputMode('update')
    .format('console')
    .option('truncate', false)
    .consoleOutput(consoleTo(print))
    .trigger(Trigger.ProcessingTime(BATCH_MS))
    .start();
  try {
    await driver.settle();
    for (const arrivals of AD_EVENTS_PER_BATCH) {
      if (arrivals.length > 0) events.addData(...arrivals.map((e) => ({ ad_id: e.adId, event_type: e.eventType, event_time: e.eventTimeMs })));
      await driver.advance(BATCH_MS);
    }
  } finally {
    await query.stop();
    await sc.stop();
  }
}

runWhenMain(import.meta.url, run);
