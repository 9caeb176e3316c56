/**
 * The whole result of one `compare` run as plain data: what ran (workload, params, seed, machine)
 * and every engine's figures. The JSON report is this object; the terminal and HTML reports are
 * views of it. Spark analogue: StreamingQueryProgress.json, for a comparison.
 */
import type { EngineMeasurement } from '../harness/EngineMeasurement.js';
import type { ClockMode } from '../harness/EngineRunner.js';
import type { MachineInfo } from '../harness/machineInfo.js';

/** One record on the event time vs arrival time chart. */
export interface ArrivalPoint {
  readonly arrivalTimeMs: number;
  readonly eventTimeMs: number;
  /** Event time behind the ideal watermark when it arrived. */
  readonly isLate: boolean;
}

/** The report's shape; `schemaVersion` changes when a field changes meaning. */
export interface BenchReport {
  readonly schemaVersion: 1;
  /** ISO 8601 time the report was made. */
  readonly createdAt: string;
  readonly machine: MachineInfo;
  readonly workload: {
    readonly name: string;
    readonly description: string;
    readonly params: Readonly<Record<string, unknown>>;
    readonly seed: number;
    readonly events: number;
    readonly streams: readonly string[];
  };
  readonly run: {
    readonly mode: ClockMode;
    readonly batchIntervalMs: number;
    readonly watermarkMs: number;
  };
  /** Size of the exact answer. */
  readonly oracle: { readonly rows: number; readonly windows: number; readonly lateInputs: number };
  /** The arrival schedule, sampled for charts, with the ideal watermark over arrival time. */
  readonly arrivals: {
    readonly totalEvents: number;
    readonly lateEvents: number;
    readonly sample: readonly ArrivalPoint[];
    readonly watermark: readonly { readonly arrivalTimeMs: number; readonly watermarkMs: number }[];
  };
  readonly engines: readonly EngineMeasurement[];
}
