/**
 * Joining impressions with their clicks in Structured Streaming: a stream-stream join keeps both
 * sides in state, so a click finds its impression whichever arrived first. The time bound (a
 * click counts within 10 s after its impression) and the watermarks let the join drop state it
 * can no longer need.
 *
 * Run: npm run example -- stream-stream-join
 */
import { col, ManualClock, MemoryStream, SparkContext, SparkSession, StructType, timestamp_add, Trigger } from 'twinstream';
import { BatchSummaryPrinter } from '../shared/BatchSummaryPrinter.js';
import { consoleTo, type Print } from '../shared/print.js';
import { runWhenMain } from '../shared/runWhenMain.js';
import { TriggerDriver } from '../shared/TriggerDriver.js';
import { BATCH_MS, CLICK_WITHIN_MS, CLICKS_PER_BATCH, IMPRESSIONS_PER_BATCH } from './events.js';

export async function run(print: Print): Promise<void> {
  const clock = new ManualClock();
  const sc = new SparkContext({ master: 'local[2]', appName: 'stream-stream-join', clock });
  const spark = SparkSession.builder().sparkContext(sc).config('spark.sql.shuffle.partitions', 2).getOrCreate();
  const driver = TriggerDriver.attach(spark, clock);
  spark.streams.addListener(new BatchSummaryPrinter(print));
  const impressionInput = new MemoryStream(new StructType().add('impressionId', 'string').add('impressionTime', 'timestamp'));
  const clickInput = new MemoryStream(new StructType().add('clickId', 'string').add('clickImpressionId', 'string').add('clickTime', 'timestamp'));

  // Each side says how late its records may be...
  const impressions = impressionInput.toDF(spark).withWatermark('impressionTime', '5 seconds');
  const clicks = clickInput.toDF(spark).withWatermark('clickTime', '5 seconds');

  // ...and the condition bounds how far apart a matching pair can be in event time. Together they
  // tell the join when a buffered impression can meet no more clicks, and may be dropped.
  const clicked = impressions.join(
    clicks,
    col('clickImpressionId')
      .equalTo(col('impressionId'))
      .and(col('clickTime').geq(col('impressionTime')))
      .and(col('clickTime').leq(timestamp_add('millisecond', CLICK_WITHIN_MS, 'impressionTime'))),
  );

  // Append mode: each matched pair once, as soon as both sides are there.
  const query = clicked
    .select('impressionId', 'impressionTime', 'clickId', 'clickTime')
    .writeStream.outputMode('append')
    .format('console')
    .consoleOutput(consoleTo(print))
    .trigger(Trigger.ProcessingTime(BATCH_MS))
    .start();
  try {
    await driver.settle();
    for (const [i, arrivals] of IMPRESSIONS_PER_BATCH.entries()) {
      if (arrivals.length > 0) impressionInput.addData(...arrivals.map((imp) => ({ impressionId: imp.impressionId, impressionTime: imp.eventTimeMs })));
      const clickArrivals = CLICKS_PER_BATCH[i]!;
      if (clickArrivals.length > 0) clickInput.addData(...clickArrivals.map((c) => ({ clickId: c.clickId, clickImpressionId: c.impressionId, clickTime: c.eventTimeMs })));
      await driver.advance(BATCH_MS);
    }
  } finally {
    await query.stop();
    await sc.stop();
  }
}

runWhenMain(import.meta.url, run);
