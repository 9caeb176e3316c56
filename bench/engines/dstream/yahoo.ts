/**
 * The Yahoo Streaming Benchmark as a Spark Streaming program: keep views, look the campaign up in
 * a broadcast copy of the static ad -> campaign table (the benchmark's DStream port looks it up in
 * Redis per partition), count per campaign over tumbling windows of arrival time. Spark: the
 * benchmark's spark-dstream job (yahoo/streaming-benchmarks, AdvertisingSpark.scala).
 */
import { bind } from '../../../src/shared/index.js';
import type { Broadcast } from '../../../src/shared/index.js';
import { campaignTable } from '../../workloads/yahoo.js';
import type { YahooEvent, YahooParams } from '../../workloads/yahoo.js';
import { arrivalWindowRows, windowCheck } from './arrivalWindows.js';
import { ceilToMultiple } from './DStreamPipeline.js';
import type { DStreamPipeline } from './DStreamPipeline.js';

function campaignOfView(event: YahooEvent, env: { table: Broadcast<ReadonlyMap<string, string>> }): [string, number][] {
  const campaignId = env.table.value.get(event.ad_id);
  return campaignId === undefined ? [] : [[campaignId, 1]];
}

/** The yahoo workload on DStreams. */
export const yahooDStream: DStreamPipeline<YahooParams> = {
  summary: 'events.filter(view).flatMap(broadcast ad -> campaign lookup).reduceByKeyAndWindow(+, W, W): views per campaign per window of arrival',
  check: (params, batchIntervalMs) => windowCheck(params.windowMs, batchIntervalMs),
  build({ ssc, params, input }) {
    // A Map, not an object with 1000 uuid keys: the perf bench's lookup was 8.0% of its profile
    // with the object and 3.9% with a Map (BENCHMARKS.md, "DStream engine: profile").
    const table = ssc.sparkContext.broadcast(campaignTable(params).campaignOfAd);
    const pairs = input<YahooEvent>()
      .filter((event) => event.event_type === 'view')
      .flatMap(bind(campaignOfView, { table }));
    return { rows: arrivalWindowRows(pairs, (a, b) => a + b, (count) => ({ count }), params.windowMs) };
  },
  finalBatchTimeMs: (lastDataBatchMs, params) => ceilToMultiple(lastDataBatchMs, params.windowMs),
  heldMs: () => 0,
};
