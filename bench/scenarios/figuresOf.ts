/**
 * The deterministic figures of a comparison, per engine: what a scenario's JSON holds and its test
 * asserts. Wall-time figures (throughput) are left out: they differ from run to run.
 */
import type { EngineMeasurement } from '../harness/EngineMeasurement.js';
import type { BenchReport } from '../report/BenchReport.js';

/** One engine's deterministic figures in a virtual-time comparison. */
export interface EngineFigures {
  readonly status: EngineMeasurement['status'];
  readonly error?: string;
  readonly rowsExpected?: number;
  readonly rowsCorrect?: number;
  readonly rowsEmitted?: number;
  readonly inputsMisassigned?: number;
  readonly inputsDropped?: number;
  readonly lateInputs?: number;
  readonly latencyP50Ms?: number | null;
  readonly latencyMaxMs?: number | null;
  readonly emissions?: number;
  readonly peakStateEntries?: number | null;
  readonly engineDroppedRecords?: number | null;
}

/** The figures of one measurement. */
export function engineFigures(m: EngineMeasurement): EngineFigures {
  if (m.status !== 'ok' || !m.correctness) return { status: m.status, ...(m.error !== undefined ? { error: m.error } : {}) };
  const c = m.correctness;
  return {
    status: m.status,
    rowsExpected: c.rows.expected,
    rowsCorrect: c.rows.correct,
    rowsEmitted: c.rows.emitted,
    inputsMisassigned: c.counts.misassigned,
    inputsDropped: c.counts.dropped,
    lateInputs: c.late.inputs,
    latencyP50Ms: m.latency ? Math.round(m.latency.p50Ms) : null,
    latencyMaxMs: m.latency ? Math.round(m.latency.maxMs) : null,
    emissions: m.throughput.emissions,
    peakStateEntries: m.peakStateEntries,
    engineDroppedRecords: m.engineDroppedRecords,
  };
}

/** Every engine's figures by engine name. */
export function figuresOf(report: BenchReport): Record<string, EngineFigures> {
  return Object.fromEntries(report.engines.map((m) => [m.engine, engineFigures(m)]));
}
