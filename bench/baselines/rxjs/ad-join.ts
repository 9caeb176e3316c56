/**
 * The impression-click join as an RxJS pipeline: the two streams and the watermark are merged
 * into one `scan` that keeps both sides' state, emits each pair when its second side arrives, and
 * evicts what the watermark has made unjoinable.
 */
import { filter, map, merge, mergeMap, scan } from 'rxjs';
import { isWithinBound } from '../../workloads/ad-join.js';
import type { AdJoinEvent, AdJoinParams, Click, Impression } from '../../workloads/ad-join.js';
import type { ResultRow } from '../../oracle/ResultRow.js';
import { rxjsPipeline } from './rxjsPipeline.js';

interface JoinState {
  readonly impressionTimes: Map<string, number>;
  readonly waitingClicks: Map<string, number[]>;
  waitingCount: number;
  output: ResultRow[];
}

type JoinInput = Impression | Click | { readonly stream: 'watermark'; readonly watermarkMs: number };

/** The RxJS pipeline of the ad-join workload. */
export const adJoinRxjs = rxjsPipeline<AdJoinEvent, AdJoinParams>((input$, tools, context) => {
  const { boundMs } = context.params;
  const pair = (impressionId: string, impressionMs: number, clickMs: number): ResultRow[] =>
    isWithinBound(impressionMs, clickMs, boundMs) ? [{ windowStartMs: impressionMs, windowEndMs: clickMs, key: impressionId, values: { count: 1 } }] : [];
  const step = (state: JoinState, input: JoinInput): JoinState => {
    state.output = [];
    if (input.stream === 'impressions') {
      state.impressionTimes.set(input.impressionId, input.eventTimeMs);
      const clicks = state.waitingClicks.get(input.impressionId) ?? [];
      state.waitingClicks.delete(input.impressionId);
      state.waitingCount -= clicks.length;
      state.output = clicks.flatMap((clickMs) => pair(input.impressionId, input.eventTimeMs, clickMs));
    } else if (input.stream === 'clicks') {
      const impressionMs = state.impressionTimes.get(input.impressionId);
      if (impressionMs !== undefined) state.output = pair(input.impressionId, impressionMs, input.eventTimeMs);
      else {
        state.waitingClicks.set(input.impressionId, [...(state.waitingClicks.get(input.impressionId) ?? []), input.eventTimeMs]);
        state.waitingCount += 1;
      }
    } else {
      for (const [id, timeMs] of state.impressionTimes) if (timeMs + boundMs < input.watermarkMs) state.impressionTimes.delete(id);
      for (const [id, clicks] of state.waitingClicks) {
        const kept = clicks.filter((clickMs) => clickMs >= input.watermarkMs);
        state.waitingCount -= clicks.length - kept.length;
        if (kept.length === 0) state.waitingClicks.delete(id);
        else state.waitingClicks.set(id, kept);
      }
    }
    tools.state.size = state.impressionTimes.size + state.waitingCount;
    return state;
  };
  const onTime$ = input$.pipe(
    filter((event) => {
      if (event.eventTimeMs >= tools.watermark.currentMs) return true;
      context.onDropped();
      return false;
    }),
  );
  // Evicting on every watermark step would cost O(state) per record; a tenth of the bound suffices.
  let nextSweepMs = -Infinity;
  const sweeps$ = tools.watermark$.pipe(
    filter((watermarkMs) => watermarkMs >= nextSweepMs),
    map((watermarkMs): JoinInput => {
      nextSweepMs = watermarkMs + Math.max(1, boundMs / 10);
      return { stream: 'watermark', watermarkMs };
    }),
  );
  return merge(onTime$, sweeps$).pipe(
    scan(step, { impressionTimes: new Map(), waitingClicks: new Map(), waitingCount: 0, output: [] } as JoinState),
    mergeMap((state) => state.output),
  );
});
