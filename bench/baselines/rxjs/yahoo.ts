/**
 * The Yahoo benchmark as an RxJS pipeline: filter views, join each to its campaign through the
 * static table, drop records of closed windows, count per (window, campaign).
 */
import { filter, map } from 'rxjs';
import { windowStartOf } from '../../oracle/watermarks.js';
import { campaignTable } from '../../workloads/yahoo.js';
import type { YahooEvent, YahooParams } from '../../workloads/yahoo.js';
import { rxjsPipeline } from './rxjsPipeline.js';
import { dropClosedWindows, windowedCells } from './windowedCells.js';

/** The RxJS pipeline of the yahoo workload. */
export const yahooRxjs = rxjsPipeline<YahooEvent, YahooParams>((input$, tools, context) => {
  const { windowMs } = context.params;
  const { campaignOfAd } = campaignTable(context.params);
  return input$.pipe(
    filter((event) => event.event_type === 'view'),
    map((event) => ({ campaignId: campaignOfAd.get(event.ad_id), startMs: windowStartOf(event.event_time, windowMs) })),
    filter((joined): joined is { campaignId: string; startMs: number } => joined.campaignId !== undefined),
    dropClosedWindows(tools, (joined) => joined.startMs + windowMs, context.onDropped),
    map((joined) => ({ startMs: joined.startMs, key: joined.campaignId, value: 1 })),
    windowedCells(windowMs, tools, () => 0, (count: number) => count + 1, (count) => ({ count })),
  );
});
