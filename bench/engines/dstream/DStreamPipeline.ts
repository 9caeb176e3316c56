/**
 * What one workload looks like as a Spark Streaming (DStream) program: the graph from the input
 * streams to a stream of result rows, and when its last row is out. No Spark counterpart; each
 * pipeline is written the way a Spark Streaming user would write the workload.
 */
import type { DStream, StreamingContext } from '../../../src/dstream/index.js';
import type { ResultRow } from '../../oracle/ResultRow.js';
import type { BenchEvent } from '../../workloads/Workload.js';

/** What a pipeline builder gets. */
export interface DStreamPipelineContext<P> {
  readonly ssc: StreamingContext;
  readonly params: P;
  readonly batchIntervalMs: number;
  /** The input stream of the feed, or of one named stream of it (the ad join's two inputs). */
  input<E extends BenchEvent>(streamName?: string): DStream<E>;
}

/** The streams a pipeline hands to the runner. */
export interface DStreamPipelineGraph {
  /** The result rows of each batch. */
  readonly rows: DStream<ResultRow>;
  /** The per-key states after each batch (mapWithState's stateSnapshots), counted for the state-size probe. */
  readonly states?: DStream<unknown>;
}

/** One workload as a DStream graph. */
export interface DStreamPipeline<P = any> {
  /** How the workload is modelled, for reports and `explain`. */
  readonly summary: string;
  /** True when the graph holds state that Spark requires to be checkpointed (mapWithState). */
  readonly needsCheckpoint?: boolean;
  /** Why these parameters cannot run on this batch interval, or undefined when they can. */
  check(params: P, batchIntervalMs: number): string | undefined;
  /** Builds the graph; its rows are the engine's output, each batch's rows emitted as they come. */
  build(context: DStreamPipelineContext<P>): DStreamPipelineGraph;
  /**
   * The batch time by which every row is out, given the time of the last batch that holds data
   * (windows close on their slide, sessions time out on a checkpointed batch).
   */
  finalBatchTimeMs(lastDataBatchMs: number, params: P, batchIntervalMs: number): number;
  /**
   * How long the graph keeps a batch's records after reading it (a sliding join window): the
   * state-size probe adds the records of that many recent batches to those not read yet. Zero for
   * tumbling windows (read once, at the window's end) and when `states` is counted instead.
   */
  heldMs(params: P, batchIntervalMs: number): number;
}

/** The first multiple of `stepMs` at or after `timeMs`. */
export function ceilToMultiple(timeMs: number, stepMs: number): number {
  return Math.ceil(timeMs / stepMs) * stepMs;
}
