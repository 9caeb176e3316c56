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

/** The id pools a generated yahoo event draws from (the workload's users, pages and ads). */
interface YahooPools {
  readonly users: readonly string[];
  readonly pages: readonly string[];
  readonly adIds: readonly string[];
}

/** What one generated batch partition needs: it is bound to the generator and shipped with it. */
interface GeneratedBatchEnv {
  readonly batch: number;
  readonly partitions: number;
  readonly events: number;
  readonly perBatch: number;
  readonly seed: number;
  readonly pools: Broadcast<YahooPools>;
}

/**
 * The events of one partition of one batch, computed where the task runs (self-contained: it is
 * shipped to worker threads as source text). Partition p of batch b holds a contiguous run of event
 * indices; a mulberry32 generator seeded by the seed and the first index makes it repeatable.
 */
function yahooBatchPartition(partition: number, env: GeneratedBatchEnv): YahooEvent[] {
  const batchStart = env.batch * env.perBatch;
  const first = Math.min(env.events, batchStart + Math.floor((partition * env.perBatch) / env.partitions));
  const until = Math.min(env.events, batchStart + Math.floor(((partition + 1) * env.perBatch) / env.partitions));
  let state = (Math.imul(env.seed, 0x9e3779b1) + first) | 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const { users, pages, adIds } = env.pools.value;
  const adTypes = ['banner', 'modal', 'sponsored-search', 'mail', 'mobile'];
  const eventTypes = ['view', 'click', 'purchase'] as const;
  const ratePerMs = env.perBatch / 1000;
  const out = new Array<YahooEvent>(until - first);
  for (let index = first; index < until; index++) {
    const eventTimeMs = Math.floor(index / ratePerMs);
    out[index - first] = {
      eventTimeMs,
      arrivalTimeMs: eventTimeMs,
      user_id: users[Math.floor(next() * users.length)] as string,
      page_id: pages[Math.floor(next() * pages.length)] as string,
      ad_id: adIds[Math.floor(next() * adIds.length)] as string,
      ad_type: adTypes[Math.floor(next() * adTypes.length)] as string,
      event_type: eventTypes[Math.floor(next() * 3)] as YahooEvent['event_type'],
      event_time: eventTimeMs,
      ip_address: `${Math.floor(next() * 256)}.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}`,
    };
  }
  return out;
}

/**
 * An input whose batch b is generated on the executors (sc.generate), so no event object crosses
 * a thread: the setting in which `local-workers[N]` can beat `local` (design notes, "Crossing
 * threads"). Like a Kafka direct stream, the driver hands out only what to read.
 */
class GeneratedBatchesDStream extends InputDStream<YahooEvent> {
  constructor(ssc: StreamingContext, readonly env: Omit<GeneratedBatchEnv, 'batch'>) {
    super(ssc);
  }

  compute(validTime: Time): RDD<YahooEvent> {
    const batch = validTime.since(this.zeroTime as Time).div(this.slideDuration) - 1;
    this.reportInput(validTime, Math.max(0, Math.min(this.env.perBatch, this.env.events - batch * this.env.perBatch)));
    return this.ssc.sparkContext.generate(this.env.partitions, bind(yahooBatchPartition, { ...this.env, batch }));
  }

  describe() {
    return { kind: 'bench.GeneratedBatchesDStream', params: { seed: this.env.seed } };
  }
}

/** A yahoo run whose events are generated in the tasks, with the exact answer computed once on the driver. */
export interface GeneratedYahoo {
  readonly sizes: YahooInput['sizes'];
  /** Partitions per batch: the events of a partition depend on it, so the answer does too. */
  readonly partitions: number;
  readonly seed: number;
  readonly batches: number;
  readonly pools: YahooPools;
  readonly campaignOfAd: ReadonlyMap<string, string>;
  readonly expected: WindowCounts;
}

/** Prepares a generated yahoo run: the pools and table of `input`, and the answer over the generated events. */
export function generatedYahoo(input: YahooInput, partitions: number, seed = 42): GeneratedYahoo {
  const users = Array.from({ length: input.params.users }, (_, i) => `user-${i}`);
  const pages = Array.from({ length: input.params.pages }, (_, i) => `page-${i}`);
  const pools: YahooPools = { users, pages, adIds: input.table.adIds };
  const perBatch = (input.sizes.ratePerSec * input.sizes.batchIntervalMs) / 1000;
  const batches = Math.ceil(input.sizes.events / perBatch);
  const expected: WindowCounts = new Map();
  const poolsValue = { value: pools } as Broadcast<YahooPools>;
  for (let batch = 0; batch < batches; batch++) {
    for (let partition = 0; partition < partitions; partition++) {
      for (const event of yahooBatchPartition(partition, { batch, partitions, events: input.sizes.events, perBatch, seed, pools: poolsValue })) {
        const campaignId = event.event_type === 'view' ? input.table.campaignOfAd.get(event.ad_id) : undefined;
        if (campaignId !== undefined) addCount(expected, event.event_time - (event.event_time % input.sizes.windowMs), campaignId, 1);
      }
    }
  }
  return { sizes: input.sizes, partitions, seed, batches, pools, campaignOfAd: input.table.campaignOfAd, expected };
}

/** The yahoo DStream program over events generated in its tasks (on `sc`'s executors); returns the windowed counts. */
export async function yahooDStreamGenerated(sc: SparkContext, run: GeneratedYahoo): Promise<WindowCounts> {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext(sc, Milliseconds(run.sizes.batchIntervalMs), { clock });
  const answer: WindowCounts = new Map();
  try {
    const window = Milliseconds(run.sizes.windowMs);
    const table = sc.broadcast(run.campaignOfAd);
    const pools = sc.broadcast(run.pools);
    const perBatch = (run.sizes.ratePerSec * run.sizes.batchIntervalMs) / 1000;
    const counts = new GeneratedBatchesDStream(ssc, { partitions: run.partitions, events: run.sizes.events, perBatch, seed: run.seed, pools })
      .filter((event) => event.event_type === 'view')
      .map(bind(campaignOfView, { table }))
      .reduceByKeyAndWindow((a, b) => a + b, window, window, run.partitions);
    counts.foreachRDD(namedFunction('bench.perf.yahooDStreamGenerated', async (rdd: RDD<[string, number]>, time: Time) => {
      const startMs = time.milliseconds - run.sizes.windowMs;
      for (const [campaignId, n] of await rdd.collect()) addCount(answer, startMs, campaignId, n);
    }));
    ssc.start();
    await advanceBatches(ssc, Math.ceil(run.batches / (run.sizes.windowMs / run.sizes.batchIntervalMs)) * (run.sizes.windowMs / run.sizes.batchIntervalMs));
    return answer;
  } finally {
    await ssc.stop({ stopSparkContext: false });
  }
}
