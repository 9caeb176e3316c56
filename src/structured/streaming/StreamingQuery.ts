/**
 * A handle on a running streaming query. Spark: sql/api/.../streaming/StreamingQuery.scala and
 * sql/core/.../execution/streaming/StreamingQueryWrapper.scala.
 *
 * Processing time: awaitTermination's timeout runs on the session's Clock, so with a ManualClock it
 * elapses only when the clock is advanced.
 */
import type { StreamingQueryException } from '../../shared/errors.js';
import { type PrintSink, stdoutSink } from '../PrintSink.js';
import type { SparkSession } from '../SparkSession.js';
import type { MicroBatchExecution } from './runtime/MicroBatchExecution.js';
import type { StreamExecution, StreamingQueryStatus } from './runtime/StreamExecution.js';
import type { Sink } from './sinks/Sink.js';
import { StreamingQueryErrors } from './StreamingQueryErrors.js';
import type { StreamingQueryProgress } from './StreamingQueryProgress.js';

/**
 * A started query: its identity, state, progress and controls.
 *
 * @example
 * const query = df.writeStream.format('memory').queryName('counts').start();
 * await query.processAllAvailable();
 * query.lastProgress?.numInputRows;
 * await query.stop();
 */
export class StreamingQuery {
  constructor(
    /** The engine running this query (a seam for tests and the testStream driver). */
    readonly execution: StreamExecution,
  ) {}

  /** The query id: the same across restarts from one checkpoint. */
  get id(): string {
    return this.execution.id;
  }

  /** This run's id: new at every start. */
  get runId(): string {
    return this.execution.runId;
  }

  /** The query name, or null. */
  get name(): string | null {
    return this.execution.name;
  }

  get sparkSession(): SparkSession {
    return this.execution.session;
  }

  /** The sink the query writes to (the memory sink's rows are also `spark.table(name)`). */
  get sink(): Sink {
    return this.execution.sink;
  }

  /** True from start until the query stops or fails. */
  get isActive(): boolean {
    return this.execution.isActive;
  }

  /** What the query is doing now. */
  get status(): StreamingQueryStatus {
    return this.execution.currentStatus;
  }

  /** The progress of the newest batch, or null before the first one. */
  get lastProgress(): StreamingQueryProgress | null {
    return this.execution.progressReporter.lastProgress;
  }

  /** The progress of recent batches, oldest first (spark.sql.streaming.numRecentProgressUpdates of them). */
  get recentProgress(): StreamingQueryProgress[] {
    return [...this.execution.progressReporter.recentProgress];
  }

  /** The error that ended the query, or undefined when it runs or stopped normally. */
  exception(): StreamingQueryException | undefined {
    return this.execution.exception;
  }

  /**
   * Waits until the query ends. Without a timeout resolves true when it stops normally; with one,
   * resolves false if it is still running after `timeoutMs` on the session's clock.
   * @throws StreamingQueryException (rejects) when the query failed
   * @throws IllegalArgumentError INVALID_TIMEOUT for a negative timeout
   */
  async awaitTermination(timeoutMs?: number): Promise<boolean> {
    if (timeoutMs !== undefined && !(timeoutMs >= 0)) throw StreamingQueryErrors.invalidTimeout(timeoutMs);
    const ended = this.execution.terminated.then(() => true);
    const outcome = timeoutMs === undefined
      ? await ended
      : await Promise.race([ended, this.execution.clock.waitTillTime(this.execution.clock.getTimeMillis() + timeoutMs).then(() => false)]);
    const error = this.execution.exception;
    if (error) throw error;
    return outcome || !this.execution.isActive;
  }

  /**
   * Waits until every row the sources have now has been processed and written to the sink.
   * With a ProcessingTime trigger on a ManualClock, data waits for the next trigger time, so
   * advance the clock first. Resolves at once when the query is stopped.
   * @throws StreamingQueryException (rejects) when the query failed
   */
  processAllAvailable(): Promise<void> {
    return this.execution.processAllAvailable();
  }

  /** Stops the query after the running batch (or epoch) and waits until it has stopped. */
  stop(): Promise<void> {
    return this.execution.stop();
  }

  /**
   * The plans of the last batch, as DataFrame.explain prints them, or Spark's "No physical plan.
   * Waiting for data." before the first batch.
   */
  explain(extended = false, print: PrintSink = stdoutSink): string {
    const last = this.execution.lastExecution;
    const text = last ? last.explainString(extended ? 'extended' : 'simple') : 'No physical plan. Waiting for data.';
    print(text);
    return text;
  }

  /** The micro-batch engine, or undefined for a continuous query. */
  get microBatchExecution(): MicroBatchExecution | undefined {
    return 'committedOffsets' in this.execution ? (this.execution as MicroBatchExecution) : undefined;
  }

  toString(): string {
    return `Streaming Query ${this.execution.prettyIdString} [state = ${this.isActive ? 'ACTIVE' : 'TERMINATED'}]`;
  }
}
