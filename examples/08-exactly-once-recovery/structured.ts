/**
 * Recovery with Structured Streaming: every batch is logged in the checkpoint before it runs
 * (offsets/N) and after its output is written (commits/N). A restart re-runs a batch logged but
 * not committed, with exactly the same offsets, and the file sink, which records the batches it
 * holds in its own log (_spark_metadata), skips one it already wrote: exactly-once.
 *
 * Run: npm run example -- exactly-once-recovery
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileStreamSink, ManualClock, PartitionedLog, SparkContext, SparkSession, Trigger } from 'twinstream';
import { CRASH_AFTER_KEY } from 'twinstream/testing';
import { BatchSummaryPrinter } from '../shared/BatchSummaryPrinter.js';
import type { Print } from '../shared/print.js';
import { runWhenMain } from '../shared/runWhenMain.js';
import { ScratchSpace } from '../shared/ScratchSpace.js';
import { TriggerDriver } from '../shared/TriggerDriver.js';
import { ORDERS_AFTER_RESTART, ORDERS_BEFORE_CRASH } from './events.js';

export async function run(print: Print): Promise<void> {
  const scratch = new ScratchSpace();
  const checkpointDir = scratch.dir('checkpoint');
  const outputDir = scratch.dir('output');
  const log = PartitionedLog.open(scratch.dir('log'));
  log.createTopic('orders', 1);

  const clock = new ManualClock();
  const sc = new SparkContext({ master: 'local[2]', appName: 'exactly-once-recovery', clock });
  const spark = SparkSession.builder().sparkContext(sc).getOrCreate();
  const driver = TriggerDriver.attach(spark, clock);
  spark.streams.addListener(new BatchSummaryPrinter(print));

  // The same query each time: orders from the log into JSON files, checkpointed.
  const startQuery = () =>
    spark.readStream.format('log').option('log', log).option('subscribe', 'orders').option('startingOffsets', 'earliest').load()
      .select('value', 'offset')
      .writeStream.format('json')
      .option('checkpointLocation', checkpointDir)
      .trigger(Trigger.ProcessingTime('1 second'))
      .start(outputDir);
  const listBatches = (dir: string) => readdirSync(dir).filter((name) => /^\d+$/.test(name)).sort().join(' ');

  try {
    print('First run:');
    // A test seam stands in for the crash: the query dies right after the sink has written
    // batch 3 (o4, o5) and before commits/3 records it, the worst moment for a sink.
    spark.conf.set(CRASH_AFTER_KEY, 'sinkWrite:3');
    startQuery();
    // Batch 0 runs at once with no orders: with nothing committed yet, the starting offsets
    // count as new data (Spark's Kafka source does the same).
    await driver.settle();
    try {
      for (const orders of ORDERS_BEFORE_CRASH) {
        log.append('orders', 0, orders);
        await driver.advance(1000);
      }
    } catch (error) {
      const crash = (error as Error).cause as Error;
      print(`The query died: ${crash.message.split('. ')[0]}.`);
    }
    print(`In the checkpoint, offsets: ${listBatches(join(checkpointDir, 'offsets'))}; commits: ${listBatches(join(checkpointDir, 'commits'))}`);
    print(`In the sink's log, _spark_metadata: ${listBatches(join(outputDir, '_spark_metadata'))}`);

    print('Restarted from the checkpoint:');
    spark.conf.unset(CRASH_AFTER_KEY);
    const query = startQuery();
    // The restart runs batch 3 again from offsets/3: the same orders, o4 and o5. The sink finds
    // batch 3 in its log and writes nothing.
    await driver.settle();
    for (const orders of ORDERS_AFTER_RESTART) {
      log.append('orders', 0, orders);
      await driver.advance(1000);
    }
    await query.stop();

    print('What the output directory holds (its committed files, in batch order):');
    for (const file of FileStreamSink.committedFiles(outputDir)) {
      for (const line of readFileSync(new URL(file), 'utf8').trimEnd().split('\n')) print(line);
    }
  } finally {
    await sc.stop();
    scratch.remove();
  }
}

runWhenMain(import.meta.url, run);
