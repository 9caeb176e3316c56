/**
 * Late data with DStreams: clicks counted per 10-second window. A DStream window holds what
 * *arrived* in it, so a late click is counted in the window of its arrival, next to clicks that
 * happened much later. Keying the counts by the event-time window (the naive fix) only shows
 * the problem: one event-time window comes out in several pieces.
 *
 * Run: npm run example -- late-data
 */
import { ManualClock, PartitionedLog, Seconds, SparkContext, StreamingContext } from 'twinstream';
import { advanceBatches } from 'twinstream/testing';
import { linesTo, type Print } from '../shared/print.js';
import { runWhenMain } from '../shared/runWhenMain.js';
import { ScratchSpace } from '../shared/ScratchSpace.js';
import { CLICKS_PER_BATCH, type Click } from './events.js';

export async function run(print: Print): Promise<void> {
  const scratch = new ScratchSpace();
  const clock = new ManualClock();
  const sc = new SparkContext({ master: 'local[2]', appName: 'late-data', clock });
  const ssc = new StreamingContext(sc, Seconds(5), { printSink: linesTo(print) });
  const log = PartitionedLog.open(scratch.dir('log'));
  log.createTopic('clicks', 1);
  const clicks = ssc.directLogStream<Click>(log, ['clicks'], { startingOffsets: 'earliest' });

  clicks
    // The label of the click's event-time window, e.g. '0-10s'...
    .map((click) => [eventTimeWindow(click.eventTimeMs), 1] as [string, number])
    // ...but the counting happens in windows of arrival: (t - 10 s, t], every 10 s.
    .reduceByKeyAndWindow((a, b) => a + b, Seconds(10), Seconds(10))
    .transform((rdd) => rdd.sortByKey(true, 1))
    .print();

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

/** The 10 s event-time window of a time: 12000 -> '10-20s'. */
function eventTimeWindow(eventTimeMs: number): string {
  const startS = Math.floor(eventTimeMs / 10_000) * 10;
  return `${startS}-${startS + 10}s`;
}

runWhenMain(import.meta.url, run);
