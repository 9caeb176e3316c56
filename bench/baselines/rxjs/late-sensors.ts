/**
 * Average and maximum per sensor per tumbling window as an RxJS pipeline: drop readings of closed
 * windows, then fold sum, maximum and count per (window, sensor).
 */
import { map } from 'rxjs';
import { windowStartOf } from '../../oracle/watermarks.js';
import type { LateSensorsParams, SensorReading } from '../../workloads/late-sensors.js';
import { rxjsPipeline } from './rxjsPipeline.js';
import { dropClosedWindows, windowedCells } from './windowedCells.js';

interface Stats {
  readonly sum: number;
  readonly max: number;
  readonly count: number;
}

/** The RxJS pipeline of the late-sensors workload. */
export const lateSensorsRxjs = rxjsPipeline<SensorReading, LateSensorsParams>((input$, tools, context) => {
  const { windowMs } = context.params;
  return input$.pipe(
    dropClosedWindows(tools, (reading) => windowStartOf(reading.eventTimeMs, windowMs) + windowMs, context.onDropped),
    map((reading) => ({ startMs: windowStartOf(reading.eventTimeMs, windowMs), key: reading.sensorId, value: reading.temperature })),
    windowedCells(
      windowMs,
      tools,
      (): Stats => ({ sum: 0, max: -Infinity, count: 0 }),
      (stats: Stats, temperature: number) => ({ sum: stats.sum + temperature, max: Math.max(stats.max, temperature), count: stats.count + 1 }),
      (stats) => ({ avg: stats.sum / stats.count, max: stats.max, count: stats.count }),
    ),
  );
});
