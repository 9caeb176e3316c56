/**
 * Recovery with DStreams: a context checkpoints its graph and pending batches, and after a
 * driver crash StreamingContext.getOrCreate rebuilds it and re-runs the batches that may not have
 * finished, starting with the last checkpointed one. The input (a direct log stream) is re-read
 * exactly, but an output that just appends to a file writes that batch twice: at-least-once.
 *
 * Spark's own example: examples/.../streaming/RecoverableNetworkWordCount.scala.
 * Run: npm run example -- exactly-once-recovery
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock, namedFunction, PartitionedLog, Seconds, SparkContext, StreamingContext } from 'twinstream';
import type { RDD, Time } from 'twinstream';
import { advanceBatches, simulateDriverCrash } from 'twinstream/testing';
import { linesTo, type Print } from '../shared/print.js';
import { runWhenMain } from '../shared/runWhenMain.js';
import { ScratchSpace } from '../shared/ScratchSpace.js';
import { ORDERS_AFTER_RESTART, ORDERS_BEFORE_CRASH } from './events.js';

export async function run(print: Print): Promise<void> {
  const scratch = new ScratchSpace();
  const checkpointDir = join(scratch.dir('checkpoint'), 'orders');
  const outputFile = join(scratch.dir('output'), 'orders.txt');
  const log = PartitionedLog.open(scratch.dir('log'));
  log.createTopic('orders', 1);

  // The sink: append each order of a batch to a file. It does not know about batches, so
  // writing a batch again writes its orders again. The checkpoint saves output functions that
  // use the program's objects by name; the restarted program registers the same name again.
  namedFunction('write-orders', async (rdd: RDD<string>, time: Time) => {
    const orders = await rdd.collect();
    appendFileSync(outputFile, orders.map((order) => `${order} (batch ${time})\n`).join(''));
  });

  // Builds the context the first time; after a crash, getOrCreate rebuilds it from the
  // checkpoint instead and does not call this.
  const createContext = (sc: SparkContext): StreamingContext => {
    const ssc = new StreamingContext(sc, Seconds(1), { printSink: linesTo(print) });
    ssc.checkpoint(checkpointDir);
    const orders = ssc.directLogStream<string>(log, ['orders'], { startingOffsets: 'earliest' });
    orders.print();
    orders.foreachRDD(namedFunction('write-orders'));
    return ssc;
  };
  const startContext = () => {
    const sc = new SparkContext({ master: 'local[2]', appName: 'exactly-once-recovery', clock: new ManualClock() });
    return StreamingContext.getOrCreate(checkpointDir, () => createContext(sc), { sparkContext: sc, printSink: linesTo(print) });
  };

  try {
    print('First run:');
    const first = startContext();
    first.start();
    for (const orders of ORDERS_BEFORE_CRASH) {
      log.append('orders', 0, orders);
      await advanceBatches(first, 1);
    }
    // The driver dies: nothing more is written, and what is on disk stays as it was.
    await simulateDriverCrash(first);
    await first.sparkContext.stop();

    print('Restarted from the checkpoint:');
    const second = startContext();
    second.start();
    // The recovered clock resumes at the last checkpointed batch, 3000 ms, and runs it again.
    await second.scheduler.awaitBatch(3000);
    for (const orders of ORDERS_AFTER_RESTART) {
      log.append('orders', 0, orders);
      await advanceBatches(second, 1);
    }
    await second.stop();

    print('What orders.txt holds:');
    for (const line of existsSync(outputFile) ? readFileSync(outputFile, 'utf8').trimEnd().split('\n') : []) print(line);
  } finally {
    scratch.remove();
  }
}

runWhenMain(import.meta.url, run);
