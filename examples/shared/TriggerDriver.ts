/**
 * Runs the ProcessingTime triggers of a session's streaming queries on a ManualClock, so an
 * example can say "one second passes" and then read what its queries printed. Spark's StreamTest
 * does the same with a StreamManualClock and AdvanceManualClock.
 */
import { StreamingQueryListener } from 'twinstream';
import type { ManualClock, QueryIdleEvent, QueryProgressEvent, QueryTerminatedEvent, SparkSession } from 'twinstream';

/** Moves a ManualClock and waits until every active query has run its trigger at the new time. */
export class TriggerDriver extends StreamingQueryListener {
  /** Trigger times (as progress timestamps) each query has finished, by query id. */
  readonly #finished = new Map<string, Set<string>>();
  #wake: () => void = () => {};

  private constructor(
    private readonly spark: SparkSession,
    private readonly clock: ManualClock,
  ) {
    super();
  }

  /** A driver of the queries `spark` starts from now on; they must run on `clock`. */
  static attach(spark: SparkSession, clock: ManualClock): TriggerDriver {
    const driver = new TriggerDriver(spark, clock);
    spark.streams.addListener(driver);
    return driver;
  }

  /**
   * Waits for the trigger every active query runs at the clock's current time: a query runs
   * its first trigger as soon as it starts, so call this once after start().
   */
  async settle(): Promise<void> {
    const timestamp = new Date(this.clock.getTimeMillis()).toISOString();
    for (const query of this.spark.streams.active) {
      while (query.isActive && !this.#finished.get(query.id)?.has(timestamp)) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
      }
      const error = query.exception();
      if (error) throw error;
    }
  }

  /** Moves the clock on by `durationMs` and waits until every active query has finished its trigger then. */
  async advance(durationMs: number): Promise<void> {
    this.clock.advance(durationMs);
    await this.settle();
  }

  override onQueryProgress(event: QueryProgressEvent): void {
    this.#record(event.progress.id, event.progress.timestamp);
  }

  override onQueryIdle(event: QueryIdleEvent): void {
    this.#record(event.id, event.timestamp);
  }

  override onQueryTerminated(_event: QueryTerminatedEvent): void {
    this.#wake();
  }

  #record(queryId: string, timestamp: string): void {
    let times = this.#finished.get(queryId);
    if (!times) this.#finished.set(queryId, (times = new Set()));
    times.add(timestamp);
    this.#wake();
  }
}
