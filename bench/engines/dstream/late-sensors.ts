/**
 * Average and maximum per sensor as a Spark Streaming program: (sum, max, count) per sensor
 * reduced over tumbling windows of arrival time. A reading that arrives after its window ended
 * counts in the window of its arrival. Spark: reduceByKeyAndWindow in the streaming guide.
 */
import type { LateSensorsParams, SensorReading } from '../../workloads/late-sensors.js';
import { arrivalWindowRows, windowCheck } from './arrivalWindows.js';
import { ceilToMultiple } from './DStreamPipeline.js';
import type { DStreamPipeline } from './DStreamPipeline.js';

type Stats = [sum: number, max: number, count: number];

/** The late-sensors workload on DStreams. */
export const lateSensorsDStream: DStreamPipeline<LateSensorsParams> = {
  summary: 'readings.map((sensor, (t, t, 1))).reduceByKeyAndWindow(sum/max/count, W, W): avg and max per window of arrival',
  check: (params, batchIntervalMs) => windowCheck(params.windowMs, batchIntervalMs),
  build({ params, input }) {
    const pairs = input<SensorReading>().map((reading) => [reading.sensorId, [reading.temperature, reading.temperature, 1]] as [string, Stats]);
    const rows = arrivalWindowRows<Stats>(
      pairs,
      (a, b) => [a[0] + b[0], Math.max(a[1], b[1]), a[2] + b[2]],
      (stats) => ({ avg: stats[0] / stats[2], max: stats[1], count: stats[2] }),
      params.windowMs,
    );
    return { rows };
  },
  finalBatchTimeMs: (lastDataBatchMs, params) => ceilToMultiple(lastDataBatchMs, params.windowMs),
  heldMs: () => 0,
};
