/**
 * Windowed counts with DStreams: views per page over the last 4 seconds, every 2 seconds, kept
 * up to date incrementally with reduceByKeyAndWindow and an inverse function.
 *
 * Run: npm run example -- windowed-counts
 */
import { ManualClock, PartitionedLog, Seconds, SparkContext, StreamingContext } from 'twinstream';
import { advanceBatches } from 'twinstream/testing';
import { linesTo, type Print } from '../shared/print.js';
import { runWhenMain } from '../shared/runWhenMain.js';
import { ScratchSpace } from '../shared/ScratchSpace.js';
import { VIEWS_BY_SECOND, type PageView } from './events.js';

export async function run(print: Print): Promise<void> {
  const scratch = new ScratchSpace();
  const clock = new ManualClock();
  const sc = new SparkContext({ master: 'local[2]', appName: 'windowed-counts', clock });
  const ssc = new StreamingContext(sc, Seconds(1), { printSink: linesTo(print) });
  // The inverse form keeps the previous window's counts as state, so it needs a checkpoint.
  ssc.checkpoint(scratch.dir('checkpoint'));
  const log = PartitionedLog.open(scratch.dir('log'));
  log.createTopic('views', 1);
  const views = ssc.directLogStream<PageView>(log, ['views'], { startingOffsets: 'earliest' });

  // Every 2 s, the window (t - 4 s, t] of batches: the counts of the previous window, plus the
  // 2 s that entered it, minus the 2 s that left it. The window is one of batch times: it holds
  // what *arrived* in it, and a view's own eventTimeMs plays no part.
  views
    .map((v) => [v.page, 1] as [string, number])
    .reduceByKeyAndWindow(
      (a, b) => a + b, // add the batches entering the window
      (a, b) => a - b, // subtract the batches leaving it
      Seconds(4),
      Seconds(2),
    )
    .transform((rdd) => rdd.sortByKey(true, 1))
    .print();

  ssc.start();
  try {
    for (const arrivals of VIEWS_BY_SECOND) {
      log.append('views', 0, arrivals);
      await advanceBatches(ssc, 1);
    }
  } finally {
    await ssc.stop();
    scratch.remove();
  }
}

runWhenMain(import.meta.url, run);
