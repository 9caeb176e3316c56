/**
 * The streaming queries of one session (`spark.streams`): starting them, the active ones,
 * waiting for any to end, and the listeners. Spark: sql/core/.../streaming/StreamingQueryManager.scala.
 */
import type { SparkSession } from '../SparkSession.js';
import { ContinuousExecution } from './runtime/ContinuousExecution.js';
import { MicroBatchExecution } from './runtime/MicroBatchExecution.js';
import type { StreamExecution, StreamExecutionOptions } from './runtime/StreamExecution.js';
import { StreamingQuery } from './StreamingQuery.js';
import { StreamingQueryErrors } from './StreamingQueryErrors.js';
import { deliverListenerEvent, type StreamingQueryListener, type StreamingQueryListenerEvent } from './StreamingQueryListener.js';

/** What startQuery needs; the listener wiring is added by the manager. */
export type StartQueryOptions = Omit<StreamExecutionOptions, 'postEvent'>;

const managers = new WeakMap<SparkSession, StreamingQueryManager>();

/** The manager of `session`'s streaming queries (what `spark.streams` returns). */
export function streamsOf(session: SparkSession): StreamingQueryManager {
  let manager = managers.get(session);
  if (!manager) {
    manager = new StreamingQueryManager(session);
    managers.set(session, manager);
  }
  return manager;
}

/**
 * The streaming queries of a session.
 *
 * @example
 * spark.streams.active.map((q) => q.name);
 * await spark.streams.awaitAnyTermination();
 */
export class StreamingQueryManager {
  readonly #active = new Map<string, StreamingQuery>();
  readonly #listeners: StreamingQueryListener[] = [];
  #lastTerminated: StreamingQuery | undefined;
  #terminationWaiters: (() => void)[] = [];

  constructor(readonly sparkSession: SparkSession) {}

  /** The queries running now. */
  get active(): StreamingQuery[] {
    return [...this.#active.values()];
  }

  /** The active query with this id, or undefined. */
  get(id: string): StreamingQuery | undefined {
    return this.#active.get(id);
  }

  /** Adds a listener of every query of this session. */
  addListener(listener: StreamingQueryListener): void {
    this.#listeners.push(listener);
  }

  removeListener(listener: StreamingQueryListener): void {
    const i = this.#listeners.indexOf(listener);
    if (i >= 0) this.#listeners.splice(i, 1);
  }

  listListeners(): StreamingQueryListener[] {
    return [...this.#listeners];
  }

  /**
   * Waits until any query ends (or one already ended since the last resetTerminated). With a
   * timeout (on the session's clock) resolves false when none ended in time.
   * @throws StreamingQueryException (rejects) when the query that ended had failed
   */
  async awaitAnyTermination(timeoutMs?: number): Promise<boolean> {
    if (timeoutMs !== undefined && !(timeoutMs >= 0)) throw StreamingQueryErrors.invalidTimeout(timeoutMs);
    if (!this.#lastTerminated) {
      const ended = new Promise<boolean>((resolve) => this.#terminationWaiters.push(() => resolve(true)));
      const clock = this.sparkSession.sparkContext.clock;
      if (timeoutMs === undefined) await ended;
      else if (!(await Promise.race([ended, clock.waitTillTime(clock.getTimeMillis() + timeoutMs).then(() => false)]))) return false;
    }
    const error = this.#lastTerminated?.exception();
    if (error) throw error;
    return true;
  }

  /** Forgets ended queries, so awaitAnyTermination waits for the next one. */
  resetTerminated(): void {
    this.#lastTerminated = undefined;
  }

  /**
   * Starts a query: micro-batch, or continuous for a Continuous trigger.
   * @throws IllegalArgumentError DUPLICATE_QUERY_NAME; the checkpoint errors of StreamExecution.start
   */
  startQuery(options: StartQueryOptions): StreamingQuery {
    if (options.name !== null && this.active.some((q) => q.name === options.name)) {
      throw StreamingQueryErrors.duplicateQueryName(options.name);
    }
    const full: StreamExecutionOptions = { ...options, postEvent: (event) => this.#post(event) };
    const execution: StreamExecution = options.trigger.kind === 'Continuous' ? new ContinuousExecution(full) : new MicroBatchExecution(full);
    const query = new StreamingQuery(execution);
    execution.start();
    this.#active.set(query.id, query);
    void execution.terminated.then(() => this.#onTerminated(query));
    return query;
  }

  #onTerminated(query: StreamingQuery): void {
    if (this.#active.get(query.id) === query) this.#active.delete(query.id);
    this.#lastTerminated = query;
    const waiters = this.#terminationWaiters;
    this.#terminationWaiters = [];
    for (const wake of waiters) wake();
  }

  #post(event: StreamingQueryListenerEvent): void {
    for (const listener of this.#listeners) {
      try {
        deliverListenerEvent(listener, event);
      } catch {
        // Spark's listener bus logs and drops a listener's error; a query never dies of one.
      }
    }
  }
}
