/**
 * Enrichment with DStreams, as in the Yahoo Streaming Benchmark: keep the views, look up each
 * ad's campaign in a static table, and count views per campaign per 10-second window of event
 * time. Each batch counts only its own events; adding the batches' counts up is left to the sink,
 * which increments a counter per campaign and window (the benchmark's Redis).
 *
 * Run: npm run example -- enrichment
 */
import { ManualClock, PartitionedLog, Seconds, SparkContext, StreamingContext } from 'twinstream';
import { advanceBatches } from 'twinstream/testing';
import { linesTo, type Print } from '../shared/print.js';
import { runWhenMain } from '../shared/runWhenMain.js';
import { ScratchSpace } from '../shared/ScratchSpace.js';
import { AD_EVENTS_PER_BATCH, BATCH_MS, CAMPAIGN_OF_AD, type AdEvent } from './events.js';

export async function run(print: Print): Promise<void> {
  const scratch = new ScratchSpace();
  const clock = new ManualClock();
  const sc = new SparkContext({ master: 'local[2]', appName: 'enrichment', clock });
  const ssc = new StreamingContext(sc, Seconds(BATCH_MS / 1000), { printSink: linesTo(print) });
  const log = PartitionedLog.open(scratch.dir('log'));
  log.createTopic('ad-events', 1);
  const events = ssc.directLogStream<AdEvent>(log, ['ad-events'], { startingOffsets: 'earliest' });

  // The static table, as an RDD made once and cached: every batch joins against the same one.
  const campaigns = sc.parallelize(CAMPAIGN_OF_AD.map(({ adId, campaignId }) => [adId, campaignId] as [string, string])).cache();

  const batchCounts = events
    .filter((event) => event.eventType === 'view')
    .map((view) => [view.adId, view.eventTimeMs] as [string, number])
    // A stream-static join is an RDD join inside transform: each batch's RDD against the table.
    // An ad with no campaign (a4) finds no partner and drops out.
    .transform((views) => views.join(campaigns))
    .map(([, [eventTimeMs, campaignId]]) => [`${campaignId} ${windowOf(eventTimeMs)}`, 1] as [string, number])
    .reduceByKey((a, b) => a + b);
  batchCounts.transform((rdd) => rdd.sortByKey(true, 1)).print();

  // The benchmark's sink: a counter per campaign and window in Redis, incremented by every
  // batch (HINCRBY). Here a Map on the driver plays Redis.
  const counters = new Map<string, number>();
  batchCounts.foreachRDD(async (rdd) => {
    for (const [key, views] of await rdd.collect()) counters.set(key, (counters.get(key) ?? 0) + views);
  });

  ssc.start();
  try {
    for (const arrivals of AD_EVENTS_PER_BATCH) {
      log.append('ad-events', 0, arrivals);
      await advanceBatches(ssc, 1);
    }
  } finally {
    await ssc.stop();
    scratch.remove();
  }
  print('The counters after the last batch:');
  for (const key of [...counters.keys()].sort()) print(`${key}: ${counters.get(key)}`);
}

/** The 10 s event-time window of a time: 12000 -> '10-20s'. */
function windowOf(eventTimeMs: number): string {
  const startS = Math.floor(eventTimeMs / 10_000) * 10;
  return `${startS}-${startS + 10}s`;
}

runWhenMain(import.meta.url, run);
