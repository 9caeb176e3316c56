/**
 * What a benchmark workload is: a seeded event generator, its exact answer by event time, and the
 * way an engine's output is scored against it. No single Spark counterpart; the Yahoo Streaming
 * Benchmark and Spark's StructuredSessionization example are two of the workloads.
 */
import type { Comparison } from '../oracle/compareWithOracle.js';
import type { OracleAnswer } from '../oracle/OracleTable.js';
import type { ResultRow } from '../oracle/ResultRow.js';

/** A record on the arrival schedule. Event time is data; arrival time is when the engine may see it. */
export interface BenchEvent {
  /** When the record happened: windows are assigned from this. */
  readonly eventTimeMs: number;
  /** When the record reaches the engine, in processing time from the start of the run. */
  arrivalTimeMs: number;
  /** For multi-stream workloads (the ad join), which stream the record belongs to. */
  readonly stream?: string;
}

/** Parameters every workload takes; the CLI's --events, --rate, --lateness and --watermark set them. */
export interface BaseParams {
  /** How many records to generate (all streams together). */
  readonly events: number;
  /** Records per second of event time. */
  readonly ratePerSec: number;
  /** Arrival delays, a spec for parseLateness such as `exponential:300ms,late=2%`. */
  readonly lateness: string;
  /** Watermark delay: how far behind the largest event time seen the watermark trails. */
  readonly watermarkMs: number;
}

/**
 * A benchmark workload.
 *
 * @typeParam P - its parameters
 * @typeParam E - its records
 */
export interface Workload<P extends BaseParams = BaseParams, E extends BenchEvent = BenchEvent> {
  /** The name on the command line (`--workload yahoo`). */
  readonly name: string;
  /** One line for `list`. */
  readonly description: string;
  /** What the exact answer is, in a few sentences, for `explain`. */
  readonly semantics: string;
  /** The seed used when the command line gives none, so default runs are repeatable. */
  readonly defaultSeed: number;
  /** Every parameter with its default value. */
  readonly defaults: P;
  /** One line per parameter for `explain`. */
  readonly paramDocs: { readonly [K in keyof P]: string };
  /** The input streams; one for most workloads, `impressions` and `clicks` for the ad join. */
  readonly streams: readonly string[];
  /** Generates the records in arrival order; the same params and seed give the same records. */
  generate(params: P, seed: number): E[];
  /** The exact answer by event time over all records, late or not. */
  oracle(events: readonly E[], params: P): OracleAnswer;
  /** Scores an engine's final output table against the exact answer. */
  compare(oracle: OracleAnswer, emitted: Iterable<ResultRow>, params: P): Comparison;
}

/** A workload of any parameter and record type, as registries and runners hold them. */
export type AnyWorkload = Workload<any, any>;

/**
 * The event time of the index-th record at `ratePerSec`: records are evenly spaced, whole
 * milliseconds, starting at 0.
 */
export function eventTimeAt(index: number, ratePerSec: number): number {
  return Math.floor((index * 1000) / ratePerSec);
}
