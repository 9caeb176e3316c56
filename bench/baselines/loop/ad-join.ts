/**
 * The impression-click join as a hand-written loop: impressions wait in a map until the watermark
 * passes impression time + bound; clicks that arrive before their impression wait until the
 * watermark passes their own time. A pair is emitted the moment its second side arrives. Spark
 * analogue: SymmetricHashJoinStateManager with watermark-based state eviction.
 */
import { isWithinBound } from '../../workloads/ad-join.js';
import type { AdJoinEvent, AdJoinParams, Click } from '../../workloads/ad-join.js';
import type { BaselineContext, BaselinePipeline } from '../Baseline.js';
import { EventTimeWatermark } from '../EventTimeWatermark.js';

/** The loop pipeline of the ad-join workload. */
export function adJoinLoop(context: BaselineContext<AdJoinParams>): BaselinePipeline<AdJoinEvent> {
  const { boundMs } = context.params;
  const watermark = new EventTimeWatermark(context.watermarkMs);
  const impressionTimes = new Map<string, number>();
  const waitingClicks = new Map<string, Click[]>();
  let waitingClickCount = 0;
  let nextSweepMs = -Infinity;

  const emitPair = (impressionId: string, impressionTimeMs: number, clickTimeMs: number): void => {
    if (!isWithinBound(impressionTimeMs, clickTimeMs, boundMs)) return;
    context.emit({ windowStartMs: impressionTimeMs, windowEndMs: clickTimeMs, key: impressionId, values: { count: 1 } });
  };

  const process = (event: AdJoinEvent): void => {
    if (event.stream === 'impressions') {
      impressionTimes.set(event.impressionId, event.eventTimeMs);
      const clicks = waitingClicks.get(event.impressionId);
      if (!clicks) return;
      waitingClicks.delete(event.impressionId);
      waitingClickCount -= clicks.length;
      for (const click of clicks) emitPair(event.impressionId, event.eventTimeMs, click.eventTimeMs);
      return;
    }
    const impressionTimeMs = impressionTimes.get(event.impressionId);
    if (impressionTimeMs !== undefined) return emitPair(event.impressionId, impressionTimeMs, event.eventTimeMs);
    waitingClicks.set(event.impressionId, [...(waitingClicks.get(event.impressionId) ?? []), event]);
    waitingClickCount += 1;
  };

  // No record behind the watermark is taken in, so an impression older than watermark - bound
  // can meet no click any more, and a waiting click older than the watermark no impression.
  const sweep = (watermarkMs: number): void => {
    for (const [id, timeMs] of impressionTimes) if (timeMs + boundMs < watermarkMs) impressionTimes.delete(id);
    for (const [id, clicks] of waitingClicks) {
      const kept = clicks.filter((click) => click.eventTimeMs >= watermarkMs);
      waitingClickCount -= clicks.length - kept.length;
      if (kept.length === 0) waitingClicks.delete(id);
      else waitingClicks.set(id, kept);
    }
  };

  return {
    onEvents(events) {
      for (const event of events) {
        if (event.eventTimeMs < watermark.currentMs) {
          context.onDropped();
          continue;
        }
        process(event);
        // Sweeping every record would cost O(state) each; every tenth of the bound keeps state
        // within 10% of its minimum.
        if (watermark.observe(event.eventTimeMs) && watermark.currentMs >= nextSweepMs) {
          sweep(watermark.currentMs);
          nextSweepMs = watermark.currentMs + Math.max(1, boundMs / 10);
        }
      }
    },
    onEnd() {},
    stateSize: () => impressionTimes.size + waitingClickCount,
  };
}
