/**
 * The seam every engine plugs into the harness through: an adapter that runs one workload on one
 * engine, reading the arrival feed on the clock it is given and reporting each output row. The
 * DStream, Structured (micro-batch and continuous), RxJS and loop runners all implement it. No
 * Spark counterpart; Spark's own benchmarks (the Yahoo ports) each wire their engine by hand.
 */
import type { Clock } from '../../src/shared/util/Clock.js';
import type { ResultRow } from '../oracle/ResultRow.js';
import type { AnyWorkload } from '../workloads/Workload.js';
import type { ArrivalFeed } from './ArrivalFeed.js';

/**
 * How processing time passes. `virtual`: a ManualClock the driver moves from one arrival (or one
 * timer) to the next, so latency is structural (batch interval, watermark delay) and exact.
 * `real`: a high-resolution wall clock, records are delivered at their arrival times, and latency
 * is measured.
 */
export type ClockMode = 'virtual' | 'real';

/** What a runner can tell the harness about itself while it runs. */
export interface RunnerMetrics {
  /**
   * Registers a function returning the runner's state size (entries held: open windows x keys,
   * buffered join rows, sessions). The driver samples it over processing time.
   */
  probeStateSize(probe: () => number): void;
  /** Reports records the engine dropped as too late (Spark's numRowsDroppedByWatermark). */
  recordDropped(count: number): void;
}

/** Everything a runner needs to run one workload. */
export interface RunOptions<P = any> {
  /** The run's only source of processing time: timers wait on it, emissions are stamped with it. */
  readonly clock: Clock;
  readonly mode: ClockMode;
  /** The workload's parameters (window sizes, bounds, table sizes). */
  readonly params: P;
  /** The seed the records were generated with. */
  readonly seed: number;
  /** Micro-batch trigger interval; record-at-a-time runners ignore it. */
  readonly batchIntervalMs: number;
  /** Watermark delay: how far behind the largest event time seen the watermark trails. */
  readonly watermarkMs: number;
  /**
   * Reports one output row, in emission order. A row with the same interval and key as an earlier
   * one replaces it (update semantics); the last one is the engine's answer. The harness stamps
   * it with `emittedAtMs`, or `clock.getTimeMillis()` without one: a micro-batch sink receives its
   * batch's rows at one moment and passes that moment for every row, so the harness's own
   * bookkeeping of earlier rows is not charged to later ones.
   */
  onOutput(row: ResultRow, emittedAtMs?: number): void;
  readonly metrics: RunnerMetrics;
}

/** What a runner returns when it has processed the whole feed. */
export interface RunResult {
  /** Engine-specific figures worth reporting (batches run, tasks, state store commits). */
  readonly engineStats?: Readonly<Record<string, number>>;
  /** Anything a reader of the report should know about this run (a semantic the engine lacks). */
  readonly notes?: readonly string[];
}

/**
 * An engine adapter.
 *
 * Contract: `run` starts reading `feed` at once (subscribe or drain on its own timers), waits on
 * `options.clock` only (never on real timers, so virtual runs stay exact), and resolves after
 * `feed.whenEnded()` once every output row it will ever emit has been reported. Records delivered
 * at time t are visible to anything that runs after the clock reached t; a timer due at t fires
 * before records arriving at t are delivered (a batch at t holds records that arrived before t).
 */
export interface EngineRunner {
  /** The name on the command line (`--engines loop,rxjs`). */
  readonly name: string;
  /** One line for reports: model, output mode, what it can and cannot do. */
  readonly description: string;
  /**
   * True when the runner finishes all work for a delivery inside `onArrival` and all work for a
   * timer in the microtasks it starts: the virtual-time driver then skips settling after each
   * delivery, so its throughput figure measures the runner rather than the driver.
   */
  readonly isSynchronous?: boolean;
  /** Undefined when the runner can run `workload`, else the reason it cannot. */
  unsupportedReason(workload: AnyWorkload): string | undefined;
  /** Runs `workload` over `feed`; see the interface contract for timing. */
  run(workload: AnyWorkload, feed: ArrivalFeed, options: RunOptions): Promise<RunResult>;
}
