/**
 * Word count with Structured Streaming, twice: counts of each micro-batch on its own
 * (foreachBatch), then running totals of the whole stream (complete mode).
 *
 * Spark's own example: examples/.../sql/streaming/StructuredNetworkWordCount.scala.
 * Run: npm run example -- word-count
 */
import { col, explode, ManualClock, MemoryStream, SparkContext, SparkSession, split, StructType, Trigger } from 'twinstream';
import type { DataFrame, DataStreamWriter } from 'twinstream';
import { consoleTo, linesTo, type Print } from '../shared/print.js';
import { runWhenMain } from '../shared/runWhenMain.js';
import { TriggerDriver } from '../shared/TriggerDriver.js';
import { LINES_BY_SECOND } from './events.js';

export async function run(print: Print): Promise<void> {
  print('foreachBatch: each micro-batch counted on its own');
  await countWords((words) =>
    // A groupBy on a stream always counts the whole stream; to count one batch alone, take the
    // batch as the ordinary DataFrame foreachBatch hands over.
    words.writeStream.foreachBatch(async (batch, batchId) => {
      print(`Batch: ${batchId}`);
      await batch.groupBy('word').count().orderBy('word').show(20, true, linesTo(print));
    }),
  );

  print('complete mode: running totals');
  await countWords((words) =>
    // The result table is the count over everything so far; complete mode prints all of it each batch.
    words.groupBy('word').count().orderBy('word').writeStream.outputMode('complete').format('console').consoleOutput(consoleTo(print)),
  );
}

/** Starts the query `write` builds over a stream of words and feeds it LINES_BY_SECOND, one second at a time. */
async function countWords(write: (words: DataFrame) => DataStreamWriter): Promise<void> {
  // Processing time comes from a ManualClock that this program moves, so every run prints the same.
  const clock = new ManualClock();
  const sc = new SparkContext({ master: 'local[2]', appName: 'word-count', clock });
  const spark = SparkSession.builder().sparkContext(sc).config('spark.sql.shuffle.partitions', 2).getOrCreate();
  const driver = TriggerDriver.attach(spark, clock);

  const lines = new MemoryStream<string>(new StructType().add('value', 'string'));
  const words = lines.toDF(spark).select(explode(split(col('value'), ' ')).alias('word'));
  // A micro-batch every second, with what arrived during it (as the DStream's 1-second batches).
  const query = write(words).trigger(Trigger.ProcessingTime('1 second')).start();
  try {
    await driver.settle(); // the first trigger runs at once, at time 0, and finds nothing
    for (const arrivals of LINES_BY_SECOND) {
      // What arrives during a second is read by the trigger at the end of it. A second without
      // lines adds nothing, as a quiet Kafka topic would, so that trigger runs no batch.
      if (arrivals.length > 0) lines.addData(...arrivals);
      await driver.advance(1000);
    }
  } finally {
    await query.stop();
    await sc.stop();
  }
}

runWhenMain(import.meta.url, run);
