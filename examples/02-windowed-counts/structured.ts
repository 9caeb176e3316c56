/**
 * Windowed counts with Structured Streaming: views per page in 4-second windows every 2 seconds
 * of event time, each window printed once, when the watermark says it is complete.
 *
 * Spark's own example: examples/.../sql/streaming/StructuredNetworkWordCountWindowed.scala.
 * Run: npm run example -- windowed-counts
 */
import { col, count, ManualClock, MemoryStream, SparkContext, SparkSession, StructType, Trigger, window } from 'twinstream';
import { BatchSummaryPrinter } from '../shared/BatchSummaryPrinter.js';
import { consoleTo, type Print } from '../shared/print.js';
import { runWhenMain } from '../shared/runWhenMain.js';
import { TriggerDriver } from '../shared/TriggerDriver.js';
import { VIEWS_BY_SECOND } from './events.js';

export async function run(print: Print): Promise<void> {
  const clock = new ManualClock();
  const sc = new SparkContext({ master: 'local[2]', appName: 'windowed-counts', clock });
  const spark = SparkSession.builder().sparkContext(sc).config('spark.sql.shuffle.partitions', 2).getOrCreate();
  const driver = TriggerDriver.attach(spark, clock);
  // After each batch, one line from its progress report: when it ran and the watermark it used.
  spark.streams.addListener(new BatchSummaryPrinter(print));
  const views = new MemoryStream(new StructType().add('page', 'string').add('eventTime', 'timestamp'));

  const counts = views
    .toDF(spark)
    // Views may be up to 1 s late; a window is final once the newest event time seen is 1 s past its end.
    .withWatermark('eventTime', '1 second')
    // The windows come from the data: each view counts in the two 4 s windows around its eventTime.
    .groupBy(window(col('eventTime'), '4 seconds', '2 seconds'), col('page'))
    .agg(count('*').alias('views'));

  // Append mode: a window's row is written once, when the watermark passes the window's end.
  const query = counts.writeStream
    .outputMode('append')
    .format('console')
    .option('truncate', false)
    .consoleOutput(consoleTo(print))
    .trigger(Trigger.ProcessingTime('1 second'))
    .start();
  try {
    await driver.settle();
    for (const arrivals of VIEWS_BY_SECOND) {
      if (arrivals.length > 0) views.addData(...arrivals.map((v) => ({ page: v.page, eventTime: v.eventTimeMs })));
      await driver.advance(1000);
    }
  } finally {
    await query.stop();
    await sc.stop();
  }
}

runWhenMain(import.meta.url, run);
