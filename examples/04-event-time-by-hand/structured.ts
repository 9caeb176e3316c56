/**
 * Event time with Structured Streaming: the same counts per 10-second window of event time as
 * the DStream version builds by hand, in three lines. The watermark also bounds the state: a
 * window it has passed is final and leaves the state store.
 *
 * Run: npm run example -- event-time-by-hand
 */
import { col, ManualClock, MemoryStream, SparkContext, SparkSession, StructType, Trigger, window } from 'twinstream';
import { BatchSummaryPrinter } from '../shared/BatchSummaryPrinter.js';
import { consoleTo, type Print } from '../shared/print.js';
import { runWhenMain } from '../shared/runWhenMain.js';
import { TriggerDriver } from '../shared/TriggerDriver.js';
import { BATCH_MS, CLICKS_PER_BATCH } from './events.js';

export async function run(print: Print): Promise<void> {
  const clock = new ManualClock();
  const sc = new SparkContext({ master: 'local[2]', appName: 'event-time-by-hand', clock });
  const spark = SparkSession.builder().sparkContext(sc).config('spark.sql.shuffle.partitions', 2).getOrCreate();
  const driver = TriggerDriver.attach(spark, clock);
  // The `>` line after each batch shows how many windows the state store holds.
  spark.streams.addListener(new BatchSummaryPrinter(print));
  const clicks = new MemoryStream(new StructType().add('id', 'string').add('eventTime', 'timestamp'));

  const windowCounts = clicks.toDF(spark)
    .withWatermark('eventTime', '5 seconds')
    .groupBy(window(col('eventTime'), '10 seconds'))
    .count();

  // Update mode: the windows whose count changed in this batch (the DStream prints them all).
  const query = windowCounts.writeStream
    .outputMode('update')
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
