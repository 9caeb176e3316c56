/**
 * The harness's arrival feed as a streaming source that reads records where the run keeps them,
 * by position in the schedule, as a Kafka source reads a topic by offset: a record delivered by
 * the driver is readable, and nothing of it is copied into the engine's heap until a reader reads
 * it. Spark: the Kafka source's offsets (KafkaSourceOffset) over a log that outlives the query,
 * where a MemoryStream (sources/memory.scala) keeps every added row in the driver.
 *
 * Why not a MemoryStream: it holds each added batch until the epoch's commit (1 s in the
 * continuous runner), so every row it was handed survived two young-generation collections and
 * was promoted: at 600k records/s ~80 bytes a record (the row object and its slot) were copied by
 * each scavenge, which then took 3-20 ms instead of well under 1 ms, and a continuous query's
 * p99 latency is the length of those pauses. Here the rows a reader asks for are made then and
 * die young; the schedule itself was allocated before the run and is already old.
 *
 * Offsets are LongOffsets counting the records delivered: (start, end] holds schedule[start]
 * to schedule[end - 1]; before any delivery there is no offset. commit() drops nothing, since the
 * schedule belongs to the run, so a restarted query re-reads from its last committed offset.
 */
import type { Row, Source, StructType } from '../../../src/structured/index.js';
import { longOffset } from '../../../src/structured/index.js';
import type { BenchEvent } from '../../workloads/Workload.js';

/** A Source over a run's arrival schedule, told how far the feed has delivered. */
export class ArrivalFeedSource<E extends BenchEvent = BenchEvent> implements Source {
  #delivered = 0;
  readonly #listeners = new Set<() => void>();

  constructor(
    readonly schema: StructType,
    /** The whole run in arrival order (ArrivalFeed.schedule). */
    private readonly schedule: readonly E[],
    /** One record as a row of `schema`. */
    private readonly toRow: (event: E) => Row,
    /** Hands over what the feed has received but not delivered yet (ArrivalFeed.catchUp): a read takes every offset that exists at its moment. */
    private readonly catchUp?: () => void,
  ) {}

  /**
   * The feed delivered `events`, the next records of the schedule in order (a FeedListener's
   * onArrival); wakes an idle reader.
   * @throws {Error} when they are not the schedule's next records
   */
  delivered(events: readonly E[]): void {
    if (events.length === 0) return;
    if (events[0] !== this.schedule[this.#delivered]) {
      throw new Error(`ArrivalFeedSource: a delivery of ${events.length} records does not start at schedule position ${this.#delivered}; the feed must deliver the schedule in order`);
    }
    this.#delivered += events.length;
    for (const listener of this.#listeners) listener();
  }

  /** Records delivered so far. */
  get deliveredCount(): number {
    return this.#delivered;
  }

  latestOffset(): number | undefined {
    this.catchUp?.();
    return this.#delivered === 0 ? undefined : this.#delivered;
  }

  getBatch(start: unknown, end: unknown): Row[][] {
    const from = longOffset(start as number | undefined, 0, this.toString());
    const to = longOffset(end as number, 0, this.toString());
    if (from < 0 || to > this.#delivered || from > to) {
      throw new Error(`${this.toString()}: cannot read records (${from}, ${to}]: ${this.#delivered} were delivered`);
    }
    const rows = new Array<Row>(to - from);
    for (let i = from; i < to; i++) rows[i - from] = this.toRow(this.schedule[i] as E);
    return [rows];
  }

  /** Nothing to drop: the schedule is the run's, as a topic's records are the broker's. */
  commit(): void {}

  stop(): void {}

  /** Calls `listener` after each delivery (runtime/dataAvailable.ts), so an idle reader wakes at once; returns the unsubscribe. */
  onDataAvailable(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  toString(): string {
    return `ArrivalFeedSource[${this.schema.fieldNames.join(',')}]`;
  }
}
