/**
 * Average and maximum per sensor per tumbling window as a hand-written loop: sensors get numeric
 * ids, each open window holds sums, maxima and counts in arrays indexed by id.
 */
import { windowStartOf } from '../../oracle/watermarks.js';
import type { LateSensorsParams, SensorReading } from '../../workloads/late-sensors.js';
import type { BaselineContext, BaselinePipeline } from '../Baseline.js';
import { TumblingWindows } from './TumblingWindows.js';

interface WindowStats {
  readonly sums: number[];
  readonly maxima: number[];
  readonly counts: number[];
  cells: number;
}

/** The loop pipeline of the late-sensors workload. */
export function lateSensorsLoop(context: BaselineContext<LateSensorsParams>): BaselinePipeline<SensorReading> {
  const { windowMs } = context.params;
  const windows = new TumblingWindows<WindowStats>(windowMs, context.watermarkMs, () => ({ sums: [], maxima: [], counts: [], cells: 0 }));
  const sensorIds = new Map<string, number>();
  const sensors: string[] = [];
  return {
    onEvents(events) {
      for (const event of events) {
        const startMs = windowStartOf(event.eventTimeMs, windowMs);
        const window = windows.stateAt(startMs);
        if (!window) {
          context.onDropped();
          continue;
        }
        let id = sensorIds.get(event.sensorId);
        if (id === undefined) {
          id = sensors.length;
          sensorIds.set(event.sensorId, id);
          sensors.push(event.sensorId);
        }
        const count = (window.counts[id] ?? 0) + 1;
        const sum = (window.sums[id] ?? 0) + event.temperature;
        const max = Math.max(window.maxima[id] ?? -Infinity, event.temperature);
        window.counts[id] = count;
        window.sums[id] = sum;
        window.maxima[id] = max;
        if (count === 1) window.cells += 1;
        context.emit({ windowStartMs: startMs, windowEndMs: startMs + windowMs, key: event.sensorId, values: { avg: sum / count, max, count } });
        windows.advance(event.eventTimeMs);
      }
    },
    onEnd() {},
    stateSize: () => windows.cells(),
  };
}
