/**
 * Runs one workload on several engines with the same arrival schedule and gathers everything into
 * a BenchReport: generate once, compute the exact answer once, drive each runner in turn. No
 * Spark counterpart; the Yahoo benchmark's scripts do this by hand for each system.
 */
import { watermarksAtArrival } from '../oracle/watermarks.js';
import type { BenchReport } from '../report/BenchReport.js';
import type { AnyWorkload, BenchEvent } from '../workloads/Workload.js';
import { driveRunner } from './driveRunner.js';
import type { DriveOutcome } from './driveRunner.js';
import type { ClockMode, EngineRunner } from './EngineRunner.js';
import { machineInfo } from './machineInfo.js';
import type { MachineInfo } from './machineInfo.js';

/** One comparison to run. */
export interface CompareRequest {
  readonly workload: AnyWorkload;
  /** The workload's parameters, complete (defaults merged in). */
  readonly params: Readonly<Record<string, unknown>> & { readonly watermarkMs: number };
  readonly seed: number;
  readonly runners: readonly EngineRunner[];
  readonly mode: ClockMode;
  readonly batchIntervalMs: number;
  /** Wall time for throughput; injected by tests. */
  readonly now?: () => number;
  /** Report time and machine; injected by tests so reports compare exactly. */
  readonly createdAt?: string;
  readonly machine?: MachineInfo;
  /** Called as records are delivered to each engine. */
  readonly onProgress?: (engine: string, delivered: number, total: number) => void;
}

/** A report and each engine's final rows, for callers that inspect them. */
export interface CompareOutcome {
  readonly report: BenchReport;
  readonly outcomes: readonly DriveOutcome[];
}

const MAX_SAMPLE = 2000;

function sampleArrivals(events: readonly BenchEvent[], watermarkMs: number): BenchReport['arrivals'] {
  const watermarks = watermarksAtArrival(events, watermarkMs);
  const step = Math.max(1, Math.ceil(events.length / MAX_SAMPLE));
  const sample: { arrivalTimeMs: number; eventTimeMs: number; isLate: boolean }[] = [];
  const watermark: { arrivalTimeMs: number; watermarkMs: number }[] = [];
  let lateEvents = 0;
  events.forEach((event, index) => {
    const behindMs = watermarks[index] as number;
    const isLate = event.eventTimeMs < behindMs;
    if (isLate) lateEvents += 1;
    // Every late record is kept (up to a budget): they are what the chart is about.
    if (index % step === 0 || (isLate && lateEvents <= MAX_SAMPLE / 4)) {
      sample.push({ arrivalTimeMs: event.arrivalTimeMs, eventTimeMs: event.eventTimeMs, isLate });
      if (Number.isFinite(behindMs)) watermark.push({ arrivalTimeMs: event.arrivalTimeMs, watermarkMs: behindMs });
    }
  });
  return { totalEvents: events.length, lateEvents, sample, watermark };
}

/**
 * Generates the workload's records, computes the exact answer, and drives every runner over the
 * same schedule. A runner that fails is reported as failed; the others still run.
 */
export async function compareEngines(request: CompareRequest): Promise<CompareOutcome> {
  const { workload, params, seed } = request;
  const events: BenchEvent[] = workload.generate(params, seed);
  const oracle = workload.oracle(events, params);
  const outcomes: DriveOutcome[] = [];
  for (const runner of request.runners) {
    outcomes.push(
      await driveRunner(runner, workload, events, oracle, {
        mode: request.mode,
        params,
        seed,
        batchIntervalMs: request.batchIntervalMs,
        watermarkMs: params.watermarkMs,
        ...(request.now ? { now: request.now } : {}),
        onProgress: (delivered, total) => request.onProgress?.(runner.name, delivered, total),
      }),
    );
  }
  const oracleWindows = new Set(workload.compare(oracle, oracle.rows, params).perWindow.map((w) => `${w.windowStartMs}|${w.windowEndMs}`));
  const report: BenchReport = {
    schemaVersion: 1,
    createdAt: request.createdAt ?? new Date().toISOString(),
    machine: request.machine ?? machineInfo(),
    workload: { name: workload.name, description: workload.description, params: { ...params }, seed, events: events.length, streams: workload.streams },
    run: { mode: request.mode, batchIntervalMs: request.batchIntervalMs, watermarkMs: params.watermarkMs },
    oracle: { rows: oracle.rows.length, windows: oracleWindows.size, lateInputs: oracle.rows.reduce((sum, row) => sum + row.lateInputs, 0) },
    arrivals: sampleArrivals(events, params.watermarkMs),
    engines: outcomes.map((outcome) => outcome.measurement),
  };
  return { report, outcomes };
}
