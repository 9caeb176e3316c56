/**
 * The input of the end-to-end yahoo throughput benchmark: the workload's seeded ad events cut into
 * equal batches of arrival time, the ad -> campaign table, and the exact answer (views per campaign
 * per tumbling window) every engine's output is checked against. Spark: the Yahoo Streaming
 * Benchmark's data generator (yahoo/streaming-benchmarks), objects instead of JSON (issue 8: the
 * engines are measured, not JSON.parse).
 */
import { campaignTable, yahoo } from '../workloads/yahoo.js';
import type { CampaignTable, YahooEvent, YahooParams } from '../workloads/yahoo.js';

/** Sizes of one yahoo throughput run. */
export interface YahooSizes {
  readonly events: number;
  /** Events per second of event (= arrival) time: with 1-second batches, the batch size. */
  readonly ratePerSec: number;
  readonly windowMs: number;
  readonly batchIntervalMs: number;
}

/** Everything the engines share: batches of events, the table, and the answer. */
export interface YahooInput {
  readonly sizes: YahooSizes;
  readonly params: YahooParams;
  readonly table: CampaignTable;
  /** Events by batch of arrival time: batch b holds arrivals in [b * interval, (b + 1) * interval). */
  readonly batches: readonly (readonly YahooEvent[])[];
  /** window start ms -> campaign id -> views. */
  readonly expected: ReadonlyMap<number, ReadonlyMap<string, number>>;
}

/** Counts per window start and campaign id, the shape every engine's answer is turned into. */
export type WindowCounts = Map<number, Map<string, number>>;

/** Adds `n` to the count of (windowStartMs, campaignId). */
export function addCount(counts: WindowCounts, windowStartMs: number, campaignId: string, n: number): void {
  let byCampaign = counts.get(windowStartMs);
  if (byCampaign === undefined) counts.set(windowStartMs, (byCampaign = new Map()));
  byCampaign.set(campaignId, (byCampaign.get(campaignId) ?? 0) + n);
}

/** Generates the events (no lateness: arrival = event time) and the answer. */
export function yahooInput(sizes: YahooSizes): YahooInput {
  const params: YahooParams = { ...yahoo.defaults, events: sizes.events, ratePerSec: sizes.ratePerSec, windowMs: sizes.windowMs, lateness: 'none', watermarkMs: 0 };
  const events = yahoo.generate(params, yahoo.defaultSeed);
  const table = campaignTable(params);
  const batches: YahooEvent[][] = [];
  const expected: WindowCounts = new Map();
  for (const event of events) {
    const b = Math.floor(event.arrivalTimeMs / sizes.batchIntervalMs);
    while (batches.length <= b) batches.push([]);
    (batches[b] as YahooEvent[]).push(event);
    if (event.event_type !== 'view') continue;
    const campaignId = table.campaignOfAd.get(event.ad_id);
    if (campaignId !== undefined) addCount(expected, event.event_time - (event.event_time % sizes.windowMs), campaignId, 1);
  }
  return { sizes, params, table, batches, expected };
}

/** Undefined when `actual` equals the expected answer, else what differs first. */
export function differenceFromExpected(input: YahooInput, actual: WindowCounts): string | undefined {
  if (actual.size !== input.expected.size) return `${actual.size} windows, expected ${input.expected.size}`;
  for (const [start, byCampaign] of input.expected) {
    const got = actual.get(start);
    if (got === undefined || got.size !== byCampaign.size) return `window ${start}: ${got?.size ?? 0} campaigns, expected ${byCampaign.size}`;
    for (const [campaignId, n] of byCampaign) if (got.get(campaignId) !== n) return `window ${start} campaign ${campaignId}: ${got.get(campaignId)}, expected ${n}`;
  }
  return undefined;
}
