/**
 * Average and maximum per sensor as a Structured Streaming query: withWatermark, then
 * groupBy(window(eventTime, W), sensorId).agg(avg, max, count) in update mode. Readings behind the
 * watermark are dropped by the stateful operator (numRowsDroppedByWatermark). Spark: the
 * streaming guide's "Handling Late Data and Watermarking" example.
 */
import { avg, col, count, max, StructType, window } from '../../../src/structured/index.js';
import type { LateSensorsParams, SensorReading } from '../../workloads/late-sensors.js';
import { END_MARKER_KEY, intervalText, windowOf } from './StructuredPipeline.js';
import type { StructuredPipeline } from './StructuredPipeline.js';

/** The late-sensors workload as a streaming query. */
export const lateSensorsStructured: StructuredPipeline<LateSensorsParams> = {
  summary: 'readings.withWatermark(eventTime).groupBy(window(eventTime, W), sensorId).agg(avg, max, count)',
  inputs: {
    '': {
      schema: new StructType().add('sensorId', 'string').add('temperature', 'double').add('eventTime', 'timestamp'),
      toRow: (reading: SensorReading) => ({ sensorId: reading.sensorId, temperature: reading.temperature, eventTime: reading.eventTimeMs }),
      endMarker: (maxEventTimeMs) => ({ sensorId: END_MARKER_KEY, temperature: 0, eventTime: maxEventTimeMs }),
    },
  },
  outputMode: 'update',
  needsEndMarker: false,
  build({ input, params, watermark }) {
    return input()
      .withWatermark('eventTime', watermark)
      .groupBy(window('eventTime', intervalText(params.windowMs)), col('sensorId'))
      .agg(avg('temperature').alias('avg'), max('temperature').alias('max'), count('*').alias('count'));
  },
  toResultRow(row) {
    if (row['sensorId'] === END_MARKER_KEY) return undefined;
    return { ...windowOf(row), key: row['sensorId'] as string, values: { avg: Number(row['avg']), max: Number(row['max']), count: Number(row['count']) } };
  },
};
