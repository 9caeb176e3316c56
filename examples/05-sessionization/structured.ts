/**
 * Sessionization with Structured Streaming: session_window groups each user's clicks into
 * sessions that end after a 5 s gap of *event* time, merging a late click into the session it
 * belongs to; append mode prints a session once the watermark has passed its end.
 *
 * Spark's own example: examples/.../sql/streaming/StructuredSessionization.scala.
 * Run: npm run example -- sessionization
 */
import { col, count, ManualClock, MemoryStream, session_window, SparkContext, SparkSession, StructType, Trigger } from 'twinstream';
import { BatchSummaryPrinter } from '../shared/BatchSummaryPrinter.js';
import { consoleTo, type Print } from '../shared/print.js';
import { runWhenMain } from '../shared/runWhenMain.js';
import { TriggerDriver } from '../shared/TriggerDriver.js';
import { BATCH_MS, CLICKS_PER_BATCH, SESSION_GAP_MS } from './events.js';

export async function run(print: Print): Promise<void> {
  const clock = new ManualClock();
  const sc = new SparkContext({ master: 'local[2]', appName: 'sessionization', clock });
  const spark = SparkSession.builder().sparkContext(sc).config('spark.sql.shuffle.partitions', 2).getOrCreate();
  const driver = TriggerDriver.attach(spark, clock);
  spark.streams.addListener(new BatchSummaryPrinter(print));
  const clicks = new MemoryStream(new StructType().add('user', 'string').add('eventTime', 'timestamp'));

  const sessions = clicks
    .toDF(spark)
    // Clicks may arrive up to 2 s after newer ones; a session is final once the watermark passes its end.
    .withWatermark('eventTime', '2 seconds')
    // A session is [first click, last click + gap); a click within the gap extends it, and a
    // late click that falls between two sessions merges them.
    .groupBy(session_window(col('eventTime'), `${SESSION_GAP_MS} milliseconds`), col('user'))
    .agg(count('*').alias('clicks'));

  // Append mode: each session once, when it can no longer change (Spark has no update mode here).
  const query = sessions.writeStream
    .outputMode('append')
    .format('console')
    .option('truncate', false)
    .consoleOutput(consoleTo(print))
    .trigger(Trigger.ProcessingTime(BATCH_MS))
    .start();
  try {
    await driver.settle();
    for (const arrivals of CLICKS_PER_BATCH) {
      if (arrivals.length > 0) clicks.addData(...arrivals.map((c) => ({ user: c.user, eventTime: c.eventTimeMs })));
      await driver.advance(BATCH_MS);
    }
  } finally {
    await query.stop();
    await sc.stop();
  }
}

runWhenMain(import.meta.url, run);
