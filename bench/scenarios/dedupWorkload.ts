/**
 * The records of the state-growth scenario: sensor readings with a unique id, a share of them sent
 * twice (the copy arrives up to a second later, as an at-least-once producer retries). The exact
 * answer has one row per reading id, so an engine that lets a copy through emits a row twice.
 * Spark: the streaming guide's "Streaming Deduplication".
 */
import { BenchRandom } from '../harness/random.js';
import { compareWithOracle } from '../oracle/compareWithOracle.js';
import { OracleTable } from '../oracle/OracleTable.js';
import type { ResultRow } from '../oracle/ResultRow.js';
import { watermarksAtArrival } from '../oracle/watermarks.js';
import type { BaseParams, BenchEvent, Workload } from '../workloads/Workload.js';

/** Parameters of the dedup workload. */
export interface DedupParams extends BaseParams {
  /** Share of readings sent twice. */
  readonly duplicateShare: number;
  readonly sensors: number;
}

/** One reading; copies share the id and event time. */
export interface IdentifiedReading extends BenchEvent {
  readonly readingId: string;
  readonly sensorId: string;
}

/** The row a reading stands for: its id over [event time, event time + 1). */
export function rowOfReading(readingId: string, eventTimeMs: number): ResultRow {
  return { windowStartMs: eventTimeMs, windowEndMs: eventTimeMs + 1, key: readingId, values: { count: 1 } };
}

/** Readings with ids, 20% sent twice; the answer has each id once. */
export const dedupWorkload: Workload<DedupParams, IdentifiedReading> = {
  name: 'dedup',
  description: 'sensor readings with ids, some sent twice; one row per reading',
  semantics: 'Each reading id appears once in the answer, however many copies arrive.',
  defaultSeed: 13,
  defaults: { events: 4500, ratePerSec: 50, lateness: 'none', watermarkMs: 2000, duplicateShare: 0.2, sensors: 5 },
  paramDocs: { events: 'readings (copies excluded)', ratePerSec: 'readings per second', lateness: 'unused', watermarkMs: 'watermark delay', duplicateShare: 'share sent twice', sensors: 'sensors' },
  streams: ['readings'],
  generate(params, seed) {
    const random = new BenchRandom(seed);
    const readings: IdentifiedReading[] = [];
    for (let i = 0; i < params.events; i++) {
      // From 1 ms: with the initial watermark 0, Spark treats an event at exactly 0 as behind it (eventTime <= watermark).
      const eventTimeMs = 1 + Math.floor((i * 1000) / params.ratePerSec);
      const reading = { readingId: `r-${i}`, sensorId: `sensor-${random.int(params.sensors)}`, eventTimeMs, arrivalTimeMs: eventTimeMs };
      readings.push(reading);
      if (random.chance(params.duplicateShare)) readings.push({ ...reading, arrivalTimeMs: eventTimeMs + 1 + random.int(1000) });
    }
    return readings.sort((a, b) => a.arrivalTimeMs - b.arrivalTimeMs);
  },
  oracle(events, params) {
    const table = new OracleTable(() => ({ count: 0 }), () => ({ count: 1 }));
    const watermarks = watermarksAtArrival(events, params.watermarkMs);
    const seen = new Set<string>();
    events.forEach((event, index) => {
      if (seen.has(event.readingId)) return;
      seen.add(event.readingId);
      table.add(event.eventTimeMs, event.eventTimeMs + 1, event.readingId, event, event.eventTimeMs < (watermarks[index] as number)).count += 1;
    });
    return table.answer();
  },
  compare: (oracle, emitted) => compareWithOracle(oracle, emitted),
};
