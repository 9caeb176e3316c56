/**
 * The Yahoo benchmark as a hand-written loop: filter views, look the ad up in the campaign table
 * (ad id -> campaign index), count in arrays indexed by campaign, one array per open window.
 */
import { windowStartOf } from '../../oracle/watermarks.js';
import { campaignTable } from '../../workloads/yahoo.js';
import type { YahooEvent, YahooParams } from '../../workloads/yahoo.js';
import type { BaselineContext, BaselinePipeline } from '../Baseline.js';
import { TumblingWindows } from './TumblingWindows.js';

interface WindowCounts {
  readonly counts: number[];
  cells: number;
}

/** The loop pipeline of the yahoo workload. */
export function yahooLoop(context: BaselineContext<YahooParams>): BaselinePipeline<YahooEvent> {
  const { windowMs } = context.params;
  const table = campaignTable(context.params);
  const campaignIndexOfAd = new Map<string, number>();
  table.adIds.forEach((adId, index) => campaignIndexOfAd.set(adId, Math.floor(index / context.params.adsPerCampaign)));
  const windows = new TumblingWindows<WindowCounts>(windowMs, context.watermarkMs, () => ({ counts: [], cells: 0 }));
  const countView = (event: YahooEvent): void => {
    if (event.event_type !== 'view') return;
    const campaign = campaignIndexOfAd.get(event.ad_id);
    if (campaign === undefined) return;
    const startMs = windowStartOf(event.event_time, windowMs);
    const window = windows.stateAt(startMs);
    if (!window) return context.onDropped();
    const count = (window.counts[campaign] ?? 0) + 1;
    window.counts[campaign] = count;
    if (count === 1) window.cells += 1;
    context.emit({ windowStartMs: startMs, windowEndMs: startMs + windowMs, key: table.campaignIds[campaign] as string, values: { count } });
  };
  return {
    onEvents(events) {
      for (const event of events) {
        countView(event);
        // The watermark follows every ad event, not only views: it is a property of the stream.
        windows.advance(event.event_time);
      }
    },
    onEnd() {},
    stateSize: () => windows.cells(),
  };
}
