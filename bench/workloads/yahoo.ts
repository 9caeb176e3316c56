/**
 * The Yahoo Streaming Benchmark: ad events are filtered to views, joined to a static ad -> campaign
 * table, and counted per campaign in 10-second event-time windows. Spark: the benchmark's
 * spark-dstream and Structured Streaming ports (yahoo/streaming-benchmarks; Databricks' 2017 blog).
 */
import { parseLateness, scheduleArrivals } from '../harness/lateness.js';
import { BenchRandom } from '../harness/random.js';
import { compareWithOracle } from '../oracle/compareWithOracle.js';
import { OracleTable } from '../oracle/OracleTable.js';
import { watermarksAtArrival, windowStartOf } from '../oracle/watermarks.js';
import { eventTimeAt } from './Workload.js';
import type { BaseParams, BenchEvent, Workload } from './Workload.js';

/** Parameters of the Yahoo benchmark workload. */
export interface YahooParams extends BaseParams {
  readonly campaigns: number;
  readonly adsPerCampaign: number;
  /** Tumbling window size; 10 s in the original benchmark. */
  readonly windowMs: number;
  readonly users: number;
  readonly pages: number;
}

/** One ad event, with the benchmark's field names. */
export interface YahooEvent extends BenchEvent {
  readonly user_id: string;
  readonly page_id: string;
  readonly ad_id: string;
  readonly ad_type: string;
  readonly event_type: 'view' | 'click' | 'purchase';
  /** Event time in milliseconds, as the benchmark's JSON carries it (equal to eventTimeMs). */
  readonly event_time: number;
  readonly ip_address: string;
}

/** The static table the events are joined to. */
export interface CampaignTable {
  readonly campaignIds: readonly string[];
  /** Every ad id, campaign by campaign: ads i * adsPerCampaign .. belong to campaign i. */
  readonly adIds: readonly string[];
  readonly campaignOfAd: ReadonlyMap<string, string>;
}

const AD_TYPES = ['banner', 'modal', 'sponsored-search', 'mail', 'mobile'] as const;
const EVENT_TYPES = ['view', 'click', 'purchase'] as const;
/** The table depends on its sizes only, not on the run's seed, so every run joins to the same one. */
const TABLE_SEED = 2015;

function uuid(random: BenchRandom): string {
  const hex = random.hex(32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Builds the ad -> campaign table for the given sizes (the benchmark keeps it in Redis). */
export function campaignTable(params: Pick<YahooParams, 'campaigns' | 'adsPerCampaign'>): CampaignTable {
  const random = new BenchRandom(TABLE_SEED);
  const campaignIds: string[] = [];
  const adIds: string[] = [];
  const campaignOfAd = new Map<string, string>();
  for (let c = 0; c < params.campaigns; c++) {
    const campaignId = uuid(random);
    campaignIds.push(campaignId);
    for (let a = 0; a < params.adsPerCampaign; a++) {
      const adId = uuid(random);
      adIds.push(adId);
      campaignOfAd.set(adId, campaignId);
    }
  }
  return { campaignIds, adIds, campaignOfAd };
}

/** Counts `view` events per campaign in tumbling event-time windows; rows are `{ count }` keyed by campaign id. */
export const yahoo: Workload<YahooParams, YahooEvent> = {
  name: 'yahoo',
  description: 'Yahoo Streaming Benchmark: keep views, join ad -> campaign, count per campaign per 10 s window',
  semantics:
    'Events whose event_type is "view" are joined to the static ad -> campaign table and counted per ' +
    'campaign in the tumbling window [start, start + windowMs) holding event_time. Clicks and purchases are filtered out.',
  defaultSeed: 42,
  defaults: {
    events: 100_000,
    ratePerSec: 5000,
    lateness: 'none',
    watermarkMs: 0,
    campaigns: 100,
    adsPerCampaign: 10,
    windowMs: 10_000,
    users: 1000,
    pages: 100,
  },
  paramDocs: {
    events: 'number of ad events',
    ratePerSec: 'ad events per second of event time',
    lateness: 'arrival delay spec (see --lateness)',
    watermarkMs: 'watermark delay behind the largest event time seen',
    campaigns: 'campaigns in the static table',
    adsPerCampaign: 'ads per campaign',
    windowMs: 'tumbling window size',
    users: 'distinct user ids',
    pages: 'distinct page ids',
  },
  streams: ['ad-events'],

  generate(params, seed) {
    const random = new BenchRandom(seed);
    const { adIds } = campaignTable(params);
    const users = Array.from({ length: params.users }, () => uuid(random));
    const pages = Array.from({ length: params.pages }, () => uuid(random));
    const events: YahooEvent[] = [];
    for (let index = 0; index < params.events; index++) {
      const eventTimeMs = eventTimeAt(index, params.ratePerSec);
      events.push({
        eventTimeMs,
        arrivalTimeMs: eventTimeMs,
        user_id: random.pick(users),
        page_id: random.pick(pages),
        ad_id: random.pick(adIds),
        ad_type: random.pick(AD_TYPES),
        event_type: random.pick(EVENT_TYPES),
        event_time: eventTimeMs,
        ip_address: `${random.int(256)}.${random.int(256)}.${random.int(256)}.${random.int(256)}`,
      });
    }
    return scheduleArrivals(events, parseLateness(params.lateness), random, params);
  },

  oracle(events, params) {
    const { campaignOfAd } = campaignTable(params);
    const table = new OracleTable(() => ({ count: 0 }), (counter) => ({ count: counter.count }));
    const watermarks = watermarksAtArrival(events, params.watermarkMs);
    events.forEach((event, index) => {
      if (event.event_type !== 'view') return;
      const campaignId = campaignOfAd.get(event.ad_id);
      if (campaignId === undefined) return;
      const startMs = windowStartOf(event.event_time, params.windowMs);
      const isLate = startMs + params.windowMs <= (watermarks[index] as number);
      table.add(startMs, startMs + params.windowMs, campaignId, event, isLate).count += 1;
    });
    return table.answer();
  },

  compare(oracle, emitted) {
    return compareWithOracle(oracle, emitted);
  },
};
