/**
 * Helpers for the engine adapter tests: run one runner in virtual time, and compute independently
 * (from the generated records, without any engine) what each model should answer: counts by window
 * of arrival (DStreams) and the records a per-batch watermark drops (Structured Streaming).
 */
import type { EngineRunner } from '../../../bench/harness/EngineRunner.js';
import { driveRunner } from '../../../bench/harness/driveRunner.js';
import type { DriveOutcome } from '../../../bench/harness/driveRunner.js';
import { compareRows } from '../../../bench/oracle/ResultRow.js';
import type { ResultRow } from '../../../bench/oracle/ResultRow.js';
import { windowStartOf } from '../../../bench/oracle/watermarks.js';
import type { AnyWorkload, BenchEvent } from '../../../bench/workloads/Workload.js';

/** Runs `runner` on the workload's records in virtual time with a 1 s batch interval. */
export async function runVirtual(runner: EngineRunner, workload: AnyWorkload, params: any, seed = 42, batchIntervalMs = 1000): Promise<DriveOutcome & { events: any[] }> {
  const events: BenchEvent[] = workload.generate(params, seed);
  const oracle = workload.oracle(events, params);
  const outcome = await driveRunner(runner, workload, events, oracle, { mode: 'virtual', params, seed, batchIntervalMs, watermarkMs: params.watermarkMs, now: () => 0 });
  return { ...outcome, events };
}

/** Rows sorted by interval and key, with only the row fields. */
export function sortedRows(rows: readonly ResultRow[]): ResultRow[] {
  return [...rows].sort(compareRows).map(({ windowStartMs, windowEndMs, key, values }) => ({ windowStartMs, windowEndMs, key, values }));
}

/** The batch (its time) a record arriving at `arrivalTimeMs` falls in: the first batch time after it. */
export function batchTimeOf(arrivalTimeMs: number, batchIntervalMs: number): number {
  return (Math.floor(arrivalTimeMs / batchIntervalMs) + 1) * batchIntervalMs;
}

/**
 * The window of ARRIVAL of each record for tumbling windows of `windowMs` over batches: the window
 * [t - windowMs, t) whose last batch t is the first multiple of windowMs at or after its batch.
 */
export function arrivalWindowStart(arrivalTimeMs: number, windowMs: number, batchIntervalMs: number): number {
  return Math.ceil(batchTimeOf(arrivalTimeMs, batchIntervalMs) / windowMs) * windowMs - windowMs;
}

/**
 * For each record, the watermark of the micro-batch it is read in: the largest event time of the
 * earlier batches minus the delay (0 before any), never moving back. Spark's WatermarkTracker
 * updates it at the end of each batch.
 */
export function batchWatermarks(events: readonly BenchEvent[], batchIntervalMs: number, delayMs: number): number[] {
  const watermarks: number[] = [];
  let watermarkMs = 0;
  let maxSeenMs = -Infinity;
  let currentBatchMs = -1;
  let batchMaxMs = -Infinity;
  for (const event of events) {
    const batchMs = batchTimeOf(event.arrivalTimeMs, batchIntervalMs);
    if (batchMs !== currentBatchMs) {
      maxSeenMs = Math.max(maxSeenMs, batchMaxMs);
      if (Number.isFinite(maxSeenMs)) watermarkMs = Math.max(watermarkMs, maxSeenMs - delayMs);
      currentBatchMs = batchMs;
      batchMaxMs = -Infinity;
    }
    watermarks.push(watermarkMs);
    batchMaxMs = Math.max(batchMaxMs, event.eventTimeMs);
  }
  return watermarks;
}

/** The tumbling window of an event time. */
export function eventWindowStart(eventTimeMs: number, windowMs: number): number {
  return windowStartOf(eventTimeMs, windowMs);
}
