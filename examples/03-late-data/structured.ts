/**
 * Late data with Structured Streaming: clicks counted per 10-second window of event time, with a
 * 5-second watermark, once in append mode and once in update mode. A late click still counts in
 * the window it happened in, unless the watermark has passed that window: then it is dropped.
 *
 * Run: npm run example -- late-data
 */
import { col, count, ManualClock, MemoryStream, SparkContext, SparkSession, StructType, Trigger, window } from 'twinstream';
import { BatchSummaryPrinter } from '../shared/BatchSummaryPrinter.js';
import { consoleTo, type Print } from '../shared/print.js';
import { runWhenMain } from '../shared/runWhenMain.js';
import { TriggerDriver } from '../shared/TriggerDriver.js';
import { BATCH_MS, CLICKS_PER_BATCH } from './events.js';

export async function run(print: Print): Promise<void> {
  print('append mode: each window once, when the watermark has passed its end');
  await countClicks(print, 'append');
  print('update mode: every window whose count changed, at each batch');
  await countClicks(print, 'update');
}

async function countClicks(print: Print, outputMode: 'append' | 'update'): Promise<void> {
  const clock = new ManualClock();
  const sc = new SparkContext({ master: 'local[2]', appName: 'late-data', clock });
  const spark = SparkSession.builder().sparkContext(sc).config('spark.sql.shuffle.partitions', 2).getOrCreate();
  const driver = TriggerDriver.attach(spark, clock);
  spark.streams.addListener(new BatchSummaryPrinter(print));
  const clicks = new MemoryStream(new StructType().add('id', 'string').add('eventTime', 'timestamp'));

  const counts = clicks
    .toDF(spark)
    // The watermark trails the newest event time seen by 5 s. A window whose end it has passed
    // is final: its state is dropped, and so is any click for it that arrives later.
    .withWatermark('eventTime', '5 seconds')
    .groupBy(window(col('eventTime'), '10 seconds'))
    .agg(count('*').alias('clicks'));

  const query = counts.writeStream
    .outputMode(outputMode)
    .format('console')
    .option('truncate', false)
    .consoleOutput(consoleTo(print))
    .trigger(Trigger.ProcessingTime(BATCH_MS))
    .start();
  try {
    await driver.settle();
    for (const arrivals of CLICKS_PER_BATCH) {
      if (arrivals.length > 0) clicks.addData(...arrivals.map((c) => ({ id: c.id, eventTime: c.eventTimeMs })));
      await driver.advance(BATCH_MS);
    }
  } finally {
    await query.stop();
    await sc.stop();
  }
}

runWhenMain(import.meta.url, run);
