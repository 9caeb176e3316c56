/**
 * Every figure of one engine's run, as plain JSON-ready data: the unit the terminal, JSON and HTML
 * reports are built from. Spark analogue: StreamingQueryProgress, for a whole run.
 */
import type { Comparison } from '../oracle/compareWithOracle.js';
import type { LatencySummary } from './LatencyHistogram.js';
import type { SeriesPoint } from './TimeSeries.js';

/** State size at one moment of processing time. */
export interface StateSample {
  readonly processingTimeMs: number;
  readonly entries: number;
}

/** How the run ended: measured, failed with an error, or not attempted. */
export type MeasurementStatus = 'ok' | 'failed' | 'unsupported';

/** One engine's run of one workload. */
export interface EngineMeasurement {
  readonly engine: string;
  readonly description: string;
  readonly status: MeasurementStatus;
  /** Why the run failed or was not attempted. */
  readonly error?: string;
  /** Result latency (see OutputCollector); null when no row ended right. */
  readonly latency: LatencySummary | null;
  /**
   * Real-time runs only: result latency counted from each row's last input's scheduled arrival
   * instead of its delivery (includes the feed's lateness; see OutputCollector.recordLatencies).
   */
  readonly latencyFromSchedule?: LatencySummary | null;
  /** Real-time runs only: how late the driver delivered each arrival group (DeliveryLog.lateness). */
  readonly feedLateness?: LatencySummary | null;
  /** Latency at percentiles 0..100, for the distribution chart. */
  readonly latencyCurve: readonly { readonly percent: number; readonly latencyMs: number }[];
  readonly throughput: {
    readonly events: number;
    /** Wall time of the whole run, driver included. */
    readonly wallMs: number;
    /** events / wallMs: in virtual mode the engine's processing capacity, in real mode bounded by --rate. */
    readonly eventsPerSec: number;
    /** Rows emitted, updates included. */
    readonly emissions: number;
    readonly bucketMs: number;
    readonly series: readonly SeriesPoint[];
  };
  /** Scores against the exact answer; null when the run did not finish. */
  readonly correctness: Comparison | null;
  readonly stateSize: readonly StateSample[];
  readonly peakStateEntries: number | null;
  /** Records the engine itself reported dropping as late; null when it reports none. */
  readonly engineDroppedRecords: number | null;
  /** Processing time when the run finished. */
  readonly processingEndMs: number;
  readonly engineStats: Readonly<Record<string, number>>;
  readonly notes: readonly string[];
}
