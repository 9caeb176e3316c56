/**
 * What a baseline implements per workload, and the runner that hosts a set of them. The two
 * baselines (a hand-written loop and an RxJS pipeline) share the semantics Structured Streaming
 * has in update mode with a watermark: event-time windows, rows emitted as soon as they change,
 * records behind the watermark dropped, state evicted once the watermark passes it. Sessions and
 * the join emit only final rows (append mode), since their rows are known only when complete.
 */
import type { ResultRow } from '../oracle/ResultRow.js';
import type { ArrivalFeed } from '../harness/ArrivalFeed.js';
import type { EngineRunner, RunOptions, RunResult } from '../harness/EngineRunner.js';
import type { AnyWorkload, BenchEvent } from '../workloads/Workload.js';

/** Where a baseline sends its output and its drop count. */
export interface BaselineContext<P> {
  readonly params: P;
  readonly watermarkMs: number;
  /** Called synchronously as each row changes: the per-record emission timing hook. */
  readonly emit: (row: ResultRow) => void;
  /** Called for each record dropped as late. */
  readonly onDropped: () => void;
}

/** One workload's logic in one baseline. */
export interface BaselinePipeline<E extends BenchEvent = any> {
  /** Processes records in arrival order, emitting as it goes. */
  onEvents(events: readonly E[]): void;
  /** The end of the input: emit whatever is still open. */
  onEnd(): void;
  /** Entries held in state (window x key cells, sessions, buffered join rows). */
  stateSize(): number;
}

/** Builds a workload's pipeline for one run. */
export type BaselineFactory = (context: BaselineContext<any>) => BaselinePipeline;

/**
 * An EngineRunner over per-workload pipelines: subscribes to the feed, processes each arrival at
 * once (so in virtual time its result latency is zero), and resolves at the end of the feed.
 */
export class BaselineRunner implements EngineRunner {
  readonly isSynchronous = true;

  constructor(
    readonly name: string,
    readonly description: string,
    private readonly pipelines: Readonly<Record<string, BaselineFactory>>,
  ) {}

  unsupportedReason(workload: AnyWorkload): string | undefined {
    if (this.pipelines[workload.name]) return undefined;
    return `the ${this.name} baseline has no pipeline for workload "${workload.name}"; it has: ${Object.keys(this.pipelines).join(', ')}`;
  }

  run(workload: AnyWorkload, feed: ArrivalFeed, options: RunOptions): Promise<RunResult> {
    const create = this.pipelines[workload.name];
    if (!create) return Promise.reject(new Error(this.unsupportedReason(workload)));
    let dropped = 0;
    const pipeline = create({
      params: options.params,
      watermarkMs: options.watermarkMs,
      emit: (row) => options.onOutput(row),
      onDropped: () => (dropped += 1),
    });
    options.metrics.probeStateSize(() => pipeline.stateSize());
    return new Promise((resolve) => {
      feed.subscribe({
        onArrival: (events) => pipeline.onEvents(events),
        onEnd: () => {
          pipeline.onEnd();
          options.metrics.recordDropped(dropped);
          resolve({ engineStats: { droppedLateRecords: dropped } });
        },
      });
    });
  }
}
