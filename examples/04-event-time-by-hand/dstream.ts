/**
 * Event time by hand with DStreams: counts per 10-second window of *event* time, which the
 * DStream API does not have. Each window becomes a key of updateStateByKey state; a late click
 * finds its window's key and adds to it. What is missing is a watermark: nothing says when a
 * window is complete, so no key is ever removed and the state only grows.
 *
 * Run: npm run example -- event-time-by-hand
 */
import { ManualClock, PartitionedLog, Seconds, SparkContext, StreamingContext } from 'twinstream';
import { advanceBatches } from 'twinstream/testing';
import { linesTo, type Print } from '../shared/print.js';
import { runWhenMain } from '../shared/runWhenMain.js';
import { ScratchSpace } from '../shared/ScratchSpace.js';
import { BATCH_MS, CLICKS_PER_BATCH, type Click } from './events.js';

export async function run(print: Print): Promise<void> {
  const scratch = new ScratchSpace();
  const clock = new ManualClock();
  const sc = new SparkContext({ master: 'local[2]', appName: 'event-time-by-hand', clock });
  const ssc = new StreamingContext(sc, Seconds(BATCH_MS / 1000), { printSink: linesTo(print) });
  ssc.checkpoint(scratch.dir('checkpoint'));
  const log = PartitionedLog.open(scratch.dir('log'));
  log.createTopic('clicks', 1);
  const clicks = ssc.directLogStream<Click>(log, ['clicks'], { startingOffsets: 'earliest' });

  // Functions of a checkpointed stream are saved as source text, so each one is self-contained.
  const windowCounts = clicks
    // 1. Assign each click its event-time window by hand: the key is the window's start in ms.
    .map((click) => [Math.floor(click.eventTimeMs / 10_000) * 10_000, 1] as [number, number])
    // 2. Keep a count per window across batches. A late click adds to its window's count,
    //    however late it is: there is no watermark to say the window is closed.
    .updateStateByKey((ones: number[], count: number | undefined) => ones.length + (count ?? 0))
    // 3. No window is ever complete, so none can be removed (returning undefined would): the
    //    state holds every window ever seen, and updateStateByKey visits all of them every batch.
    .map(([startMs, count]) => [`${startMs / 1000}-${startMs / 1000 + 10}s`, count] as [string, number]);

  windowCounts.transform((rdd) => rdd.sortBy(([window]) => Number(window.split('-')[0]), true, 1)).print();

  ssc.start();
  try {
    for (const arrivals of CLICKS_PER_BATCH) {
      log.append('clicks', 0, arrivals);
      await advanceBatches(ssc, 1);
    }
  } finally {
    await ssc.stop();
    scratch.remove();
  }
}

runWhenMain(import.meta.url, run);
