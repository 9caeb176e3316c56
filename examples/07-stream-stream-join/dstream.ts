/**
 * Joining impressions with their clicks in DStreams. There is no stream-stream join over time,
 * only the join of two batches; the closest equivalent joins each batch of clicks with a window
 * of the impressions that *arrived* in the last 10 s. A click is lost when its impression
 * arrived more than 10 s before it, or after it.
 *
 * Run: npm run example -- stream-stream-join
 */
import { ManualClock, Milliseconds, PartitionedLog, SparkContext, StreamingContext } from 'twinstream';
import { advanceBatches } from 'twinstream/testing';
import { linesTo, type Print } from '../shared/print.js';
import { runWhenMain } from '../shared/runWhenMain.js';
import { ScratchSpace } from '../shared/ScratchSpace.js';
import { BATCH_MS, CLICK_WITHIN_MS, CLICKS_PER_BATCH, IMPRESSIONS_PER_BATCH, type Click, type Impression } from './events.js';

export async function run(print: Print): Promise<void> {
  const scratch = new ScratchSpace();
  const clock = new ManualClock();
  const sc = new SparkContext({ master: 'local[2]', appName: 'stream-stream-join', clock });
  const ssc = new StreamingContext(sc, Milliseconds(BATCH_MS), { printSink: linesTo(print) });
  const log = PartitionedLog.open(scratch.dir('log'));
  log.createTopic('impressions', 1);
  log.createTopic('clicks', 1);
  const impressions = ssc.directLogStream<Impression>(log, ['impressions'], { startingOffsets: 'earliest' });
  const clicks = ssc.directLogStream<Click>(log, ['clicks'], { startingOffsets: 'earliest' });

  // Impressions are remembered for 10 s of arrival; clicks only for their own batch, so each
  // click meets each impression at most once (windowing both sides would repeat the pairs).
  const recentImpressions = impressions
    .map((i) => [i.impressionId, i.eventTimeMs] as [string, number])
    .window(Milliseconds(CLICK_WITHIN_MS), Milliseconds(BATCH_MS));
  const clicksByImpression = clicks.map((c) => [c.impressionId, `${c.clickId}@${c.eventTimeMs / 1000}s`] as [string, string]);

  recentImpressions
    .join(clicksByImpression)
    .map(([impressionId, [impressionMs, click]]) => `${impressionId}@${impressionMs / 1000}s clicked: ${click}`)
    .print();

  ssc.start();
  try {
    for (const [i, arrivals] of IMPRESSIONS_PER_BATCH.entries()) {
      log.append('impressions', 0, arrivals);
      log.append('clicks', 0, CLICKS_PER_BATCH[i]!);
      await advanceBatches(ssc, 1);
    }
  } finally {
    await ssc.stop();
    scratch.remove();
  }
}

runWhenMain(import.meta.url, run);
