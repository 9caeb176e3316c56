/**
 * The yahoo logic written by hand, twice: a plain loop (the physical limit the engines are
 * measured against) and an RxJS pipeline (the record-at-a-time library the issue compares with).
 * Both read the same batches of event objects as the engines and return the same answer shape.
 * No Spark counterpart; the Yahoo benchmark's reference is its hand-written Redis job.
 */
import { filter, from, map } from 'rxjs';
import type { YahooEvent } from '../workloads/yahoo.js';
import { addCount } from './yahooInput.js';
import type { WindowCounts, YahooInput } from './yahooInput.js';

/**
 * The hand loop: ad id -> campaign index through a Map built once, counts in one Int32Array per
 * open window indexed by campaign (numeric keys, no per-record allocation).
 */
export function yahooLoop(input: YahooInput): WindowCounts {
  const { windowMs } = input.sizes;
  const { campaignIds, adIds } = input.table;
  const adsPerCampaign = input.params.adsPerCampaign;
  const campaignIndexOfAd = new Map<string, number>();
  adIds.forEach((adId, index) => campaignIndexOfAd.set(adId, Math.floor(index / adsPerCampaign)));
  const windows = new Map<number, Int32Array>();
  for (const batch of input.batches) {
    for (let i = 0; i < batch.length; i++) {
      const event = batch[i] as YahooEvent;
      if (event.event_type !== 'view') continue;
      const campaign = campaignIndexOfAd.get(event.ad_id);
      if (campaign === undefined) continue;
      const start = event.event_time - (event.event_time % windowMs);
      let counts = windows.get(start);
      if (counts === undefined) windows.set(start, (counts = new Int32Array(campaignIds.length)));
      counts[campaign] = (counts[campaign] as number) + 1;
    }
  }
  const answer: WindowCounts = new Map();
  for (const [start, counts] of windows) counts.forEach((n, campaign) => n > 0 && addCount(answer, start, campaignIds[campaign] as string, n));
  return answer;
}

/** The RxJS pipeline: filter, join through the table, count per (window, campaign id) in nested maps. */
export function yahooRxjs(input: YahooInput): WindowCounts {
  const { windowMs } = input.sizes;
  const { campaignOfAd } = input.table;
  const answer: WindowCounts = new Map();
  for (const batch of input.batches) {
    from(batch)
      .pipe(
        filter((event) => event.event_type === 'view'),
        map((event) => ({ campaignId: campaignOfAd.get(event.ad_id), startMs: event.event_time - (event.event_time % windowMs) })),
        filter((joined): joined is { campaignId: string; startMs: number } => joined.campaignId !== undefined),
      )
      .subscribe((joined) => addCount(answer, joined.startMs, joined.campaignId, 1));
  }
  return answer;
}
