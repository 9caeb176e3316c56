/**
 * The yahoo logic on the DStream engine, driven as fast as it goes: a ManualClock moved batch by
 * batch (virtual time), so the wall time measured is the engine's own work. Each batch's events
 * come from an input DStream over the prepared batches (as a log-backed input would hand them
 * over); views are kept, joined to their campaign through a broadcast table, and counted per
 * campaign over tumbling windows of arrival time (= event time here: no lateness).
 * Spark: the benchmark's spark-dstream job (AdvertisingSpark.scala), reduceByKeyAndWindow.
 */
import { InputDStream, ManualClock, Milliseconds, SparkContext, StreamingContext, bind, namedFunction } from '../../src/index.js';
import type { Broadcast, RDD, Time } from '../../src/index.js';
import { advanceBatches } from '../../src/testing.js';
import type { YahooEvent } from '../workloads/yahoo.js';
import { addCount } from './yahooInput.js';
import type { WindowCounts, YahooInput } from './yahooInput.js';

/** Batch i is the i-th prepared array; sliced into `partitions` RDD partitions. */
class PreparedBatchesDStream extends InputDStream<YahooEvent> {
  constructor(ssc: StreamingContext, readonly batches: readonly (readonly YahooEvent[])[], readonly partitions: number) {
    super(ssc);
  }

  compute(validTime: Time): RDD<YahooEvent> {
    const index = validTime.since(this.zeroTime as Time).div(this.slideDuration) - 1;
    const events = (this.batches[index] ?? []) as YahooEvent[];
    this.reportInput(validTime, events.length);
    return this.ssc.sparkContext.parallelize(events, this.partitions);
  }

  describe() {
    return { kind: 'bench.PreparedBatchesDStream', params: { batches: this.batches.length } };
  }
}

function campaignOfView(event: YahooEvent, env: { table: Broadcast<ReadonlyMap<string, string>> }): [string, number] {
  return [env.table.value.get(event.ad_id) as string, 1];
}

/** Runs the yahoo DStream program over every batch on `sc`; returns the windowed counts. */
export async function yahooDStream(sc: SparkContext, input: YahooInput, partitions: number): Promise<WindowCounts> {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext(sc, Milliseconds(input.sizes.batchIntervalMs), { clock });
  const answer: WindowCounts = new Map();
  try {
    const window = Milliseconds(input.sizes.windowMs);
    const table = sc.broadcast(input.table.campaignOfAd);
    const counts = new PreparedBatchesDStream(ssc, input.batches, partitions)
      .filter((event) => event.event_type === 'view')
      .map(bind(campaignOfView, { table }))
      .reduceByKeyAndWindow((a, b) => a + b, window, window, partitions);
    counts.foreachRDD(namedFunction('bench.perf.yahooDStream', async (rdd: RDD<[string, number]>, time: Time) => {
      const startMs = time.milliseconds - input.sizes.windowMs;
      for (const [campaignId, n] of await rdd.collect()) addCount(answer, startMs, campaignId, n);
    }));
    ssc.start();
    await advanceBatches(ssc, input.batches.length);
    return answer;
  } finally {
    await ssc.stop({ stopSparkContext: false });
  }
}
