/**
 * The input of the enrichment example, identical for both engines, in the shape of the Yahoo
 * Streaming Benchmark: ad events (views, clicks, purchases) and a static table saying which
 * campaign each ad belongs to. Batches are 5 s long and run until 20 s.
 */
import { arrivalsPerBatch, type Arrival } from '../shared/arrivals.js';

/** An ad event: which ad, what happened, when it happened and when it arrived (ms). */
export interface AdEvent extends Arrival {
  readonly adId: string;
  readonly eventType: 'view' | 'click' | 'purchase';
  readonly eventTimeMs: number;
}

/** The static table: ad -> campaign. Ad a4 is in no campaign. */
export const CAMPAIGN_OF_AD: readonly { readonly adId: string; readonly campaignId: string }[] = [
  { adId: 'a1', campaignId: 'c1' },
  { adId: 'a2', campaignId: 'c1' },
  { adId: 'a3', campaignId: 'c2' },
];

const ad = (adId: string, eventType: AdEvent['eventType'], eventTimeMs: number, arrivalMs: number): AdEvent => ({ adId, eventType, eventTimeMs, arrivalMs });

/** In order of arrival. */
export const AD_EVENTS: readonly AdEvent[] = [
  ad('a1', 'view', 1_000, 1_200),
  ad('a1', 'click', 1_500, 1_700),
  ad('a3', 'view', 2_000, 2_100),
  ad('a2', 'view', 4_000, 4_300),
  ad('a4', 'view', 4_500, 4_600),
  ad('a1', 'view', 6_000, 6_100),
  ad('a3', 'purchase', 7_000, 7_200),
  ad('a3', 'view', 8_000, 8_400),
  ad('a2', 'view', 9_500, 9_600),
  ad('a1', 'view', 11_000, 11_100),
  ad('a3', 'view', 9_800, 12_000), // 2.2 s late
  ad('a2', 'view', 13_000, 13_200),
  ad('a3', 'view', 16_000, 16_500),
];

export const BATCH_MS = 5_000;

/** The ad events of each 5 s batch, up to 20 s. */
export const AD_EVENTS_PER_BATCH: readonly (readonly AdEvent[])[] = arrivalsPerBatch(AD_EVENTS, BATCH_MS, 20_000);
