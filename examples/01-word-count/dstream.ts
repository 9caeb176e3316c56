/**
 * Word count with DStreams, twice: counts of each batch on its own (reduceByKey), then running
 * totals kept as state across batches (updateStateByKey).
 *
 * Spark's own examples: examples/.../streaming/NetworkWordCount.scala and StatefulNetworkWordCount.scala.
 * Run: npm run example -- word-count
 */
import { ManualClock, PartitionedLog, Seconds, SparkContext, StreamingContext } from 'twinstream';
import type { DStream, RDD } from 'twinstream';
import { advanceBatches } from 'twinstream/testing';
import { linesTo, type Print } from '../shared/print.js';
import { runWhenMain } from '../shared/runWhenMain.js';
import { ScratchSpace } from '../shared/ScratchSpace.js';
import { LINES_BY_SECOND } from './events.js';

type WordCounts = DStream<[string, number]>;

export async function run(print: Print): Promise<void> {
  print('reduceByKey: each batch counted on its own');
  await countWords(print, (ones) => ones.reduceByKey((a, b) => a + b));

  print('updateStateByKey: running totals');
  await countWords(print, (ones) =>
    // Called for every word every batch, with that batch's counts (maybe none) and the old total.
    ones.updateStateByKey((counts: number[], total: number | undefined) => counts.reduce((a, b) => a + b, total ?? 0)),
  );
}

/** Runs `count` over the lines, one 1-second batch per element of LINES_BY_SECOND, and prints each batch. */
async function countWords(print: Print, count: (ones: WordCounts) => WordCounts): Promise<void> {
  const scratch = new ScratchSpace();
  // Processing time comes from a ManualClock that this program moves, so every run prints the same.
  const clock = new ManualClock();
  const sc = new SparkContext({ master: 'local[2]', appName: 'word-count', clock });
  const ssc = new StreamingContext(sc, Seconds(1), { printSink: linesTo(print) });
  // State must survive a driver restart, so Spark refuses updateStateByKey without a checkpoint.
  ssc.checkpoint(scratch.dir('checkpoint'));

  // The lines come from a topic of a log on disk (twinstream's Kafka): a checkpointed stream
  // needs an input it can read again after a restart.
  const log = PartitionedLog.open(scratch.dir('log'));
  log.createTopic('lines', 1);
  const lines = ssc.directLogStream<string>(log, ['lines'], { startingOffsets: 'earliest' });

  const ones = lines.flatMap((line) => line.split(' ')).map((word) => [word, 1] as [string, number]);
  count(ones).transform(sortByWord).print();

  ssc.start();
  try {
    for (const arrivals of LINES_BY_SECOND) {
      log.append('lines', 0, arrivals); // what arrives during a second...
      await advanceBatches(ssc, 1); //     ...is the batch at the end of it
    }
  } finally {
    await ssc.stop();
    scratch.remove();
  }
}

/** Sorted by word, so the printout is easy to compare (partitions come back in hash order). */
function sortByWord(rdd: RDD<[string, number]>): RDD<[string, number]> {
  return rdd.sortByKey(true, 1);
}

runWhenMain(import.meta.url, run);
