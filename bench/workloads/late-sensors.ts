/**
 * Sensor readings that arrive out of order: average and maximum per sensor per tumbling
 * event-time window, with a share of readings arriving after the watermark passed their window.
 * Spark: the late-data example of the Structured Streaming guide ("Handling Late Data and
 * Watermarking") and EventTimeWatermarkSuite.
 */
import { parseLateness, scheduleArrivals } from '../harness/lateness.js';
import { BenchRandom } from '../harness/random.js';
import { compareWithOracle } from '../oracle/compareWithOracle.js';
import { OracleTable } from '../oracle/OracleTable.js';
import { watermarksAtArrival, windowStartOf } from '../oracle/watermarks.js';
import { eventTimeAt } from './Workload.js';
import type { BaseParams, BenchEvent, Workload } from './Workload.js';

/** Parameters of the late-sensors workload. */
export interface LateSensorsParams extends BaseParams {
  readonly sensors: number;
  /** Tumbling window size. */
  readonly windowMs: number;
}

/** One temperature reading. */
export interface SensorReading extends BenchEvent {
  /** `sensor-00`, `sensor-01`, ... */
  readonly sensorId: string;
  /** Degrees Celsius with one decimal. */
  readonly temperature: number;
}

/** The id of the index-th sensor; ids sort in index order. */
export function sensorIdOf(index: number): string {
  return `sensor-${String(index).padStart(2, '0')}`;
}

/** Average and maximum per sensor per window; rows are `{ avg, max, count }` keyed by sensor id. */
export const lateSensors: Workload<LateSensorsParams, SensorReading> = {
  name: 'late-sensors',
  description: 'out-of-order sensor readings; avg and max per sensor per window, some readings behind the watermark',
  semantics:
    'Each reading counts in the tumbling window [start, start + windowMs) holding its event time, however late it ' +
    'arrives. A row is (window, sensor, avg, max, count). Readings whose window had closed (window end <= watermark) ' +
    'when they arrived are late: an engine that honours the watermark drops them and under-counts that row.',
  defaultSeed: 42,
  defaults: {
    events: 20_000,
    ratePerSec: 1000,
    lateness: 'exponential:300ms,late=2%',
    watermarkMs: 1000,
    sensors: 20,
    windowMs: 5000,
  },
  paramDocs: {
    events: 'number of readings',
    ratePerSec: 'readings per second of event time',
    lateness: 'arrival delay spec: none | uniform:D | exponential:D | stragglers:D[:P%], then ,late=P%',
    watermarkMs: 'watermark delay behind the largest event time seen',
    sensors: 'number of sensors',
    windowMs: 'tumbling window size',
  },
  streams: ['readings'],

  generate(params, seed) {
    const random = new BenchRandom(seed);
    const baseTemperatures = Array.from({ length: params.sensors }, () => 15 + random.next() * 10);
    const events: SensorReading[] = [];
    for (let index = 0; index < params.events; index++) {
      const sensor = random.int(params.sensors);
      const temperature = Math.round(((baseTemperatures[sensor] as number) + (random.next() - 0.5) * 6) * 10) / 10;
      const eventTimeMs = eventTimeAt(index, params.ratePerSec);
      events.push({ eventTimeMs, arrivalTimeMs: eventTimeMs, sensorId: sensorIdOf(sensor), temperature });
    }
    return scheduleArrivals(events, parseLateness(params.lateness), random, params);
  },

  oracle(events, params) {
    const table = new OracleTable(
      () => ({ sum: 0, max: -Infinity, count: 0 }),
      (a) => ({ avg: a.sum / a.count, max: a.max, count: a.count }),
    );
    const watermarks = watermarksAtArrival(events, params.watermarkMs);
    events.forEach((event, index) => {
      const startMs = windowStartOf(event.eventTimeMs, params.windowMs);
      const isLate = startMs + params.windowMs <= (watermarks[index] as number);
      const stats = table.add(startMs, startMs + params.windowMs, event.sensorId, event, isLate);
      stats.sum += event.temperature;
      stats.max = Math.max(stats.max, event.temperature);
      stats.count += 1;
    });
    return table.answer();
  },

  compare(oracle, emitted) {
    return compareWithOracle(oracle, emitted);
  },
};
