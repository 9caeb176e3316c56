/**
 * What one workload looks like as a Structured Streaming query: the input tables' schemas, the
 * query from them to result rows, its output mode, and how a result row becomes the bench's
 * ResultRow. No Spark counterpart; each query is written the way a Structured Streaming user
 * would write the workload.
 */
import type { DataFrame, Row, SparkSession, StructType } from '../../../src/structured/index.js';
import type { ResultRow } from '../../oracle/ResultRow.js';
import type { StructuredFeature } from './probeStructuredEngine.js';
import type { BenchEvent } from '../../workloads/Workload.js';

/** One input stream of a query: its columns and how a record becomes a row. */
export interface StructuredInput<E extends BenchEvent = any> {
  readonly schema: StructType;
  toRow(event: E): Row;
  /**
   * A row whose event time is far past every record's: added at the end of the input so the
   * watermark passes every open window or session (Spark never closes them otherwise). Its own
   * output rows carry {@link END_MARKER_KEY} and are not reported.
   */
  endMarker(maxEventTimeMs: number): Row;
}

/** The key of the end-of-input marker rows; rows with it are not reported. */
export const END_MARKER_KEY = '~end-of-input';

/** What a query builder gets. */
export interface StructuredPipelineContext<P> {
  readonly spark: SparkSession;
  readonly params: P;
  /** Watermark delay as Spark's interval text, e.g. `1000 milliseconds`. */
  readonly watermark: string;
  readonly batchIntervalMs: number;
  /** The streaming DataFrame of one input (by stream name; the only input when omitted). */
  input(streamName?: string): DataFrame;
}

/** Spark's output modes, as the bench names them. */
export type BenchOutputMode = 'append' | 'update' | 'complete';

/** One workload as a Structured Streaming query. */
export interface StructuredPipeline<P = any> {
  /** How the workload is modelled, for reports and `explain`. */
  readonly summary: string;
  /** The inputs by stream name (`''` for a single-stream workload). */
  readonly inputs: Readonly<Record<string, StructuredInput>>;
  /** The output mode the bench runs it in. */
  readonly outputMode: BenchOutputMode;
  /** Engine features the query needs; a runner given the engine's capabilities refuses it when one is missing. */
  readonly requires?: readonly StructuredFeature[];
  /** True when rows are final only once the watermark passes them (append mode): the end marker is added. */
  readonly needsEndMarker: boolean;
  /** Builds the query. */
  build(context: StructuredPipelineContext<P>): DataFrame;
  /** The bench row of a result row, or undefined for the end marker's rows. */
  toResultRow(row: Row, params: P): ResultRow | undefined;
}

/** Spark's interval text for a delay in milliseconds. */
export function intervalText(ms: number): string {
  return `${ms} milliseconds`;
}

/** A window struct `{ start, end }` (timestamps in ms) as the interval of a row. */
export function windowOf(row: Row, column = 'window'): { windowStartMs: number; windowEndMs: number } {
  const window = row[column] as { start: number; end: number };
  return { windowStartMs: window.start, windowEndMs: window.end };
}
