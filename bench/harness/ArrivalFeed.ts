/**
 * The arrival schedule as an engine sees it: records appear when the driver delivers them, in
 * arrival order. Push-style engines subscribe; micro-batch engines drain what has arrived, as
 * Spark's sources hand a batch the offsets added since the last one. Spark analogue: a Kafka
 * topic read by both engines (and the test MemoryStream).
 */
import type { BenchEvent } from '../workloads/Workload.js';

/** Receives delivered records, in arrival order, and the end of the input. */
export interface FeedListener<E> {
  /** Records that arrived at `arrivalTimeMs`, in schedule order. */
  onArrival(events: readonly E[], arrivalTimeMs: number): void;
  /** No record will arrive any more. */
  onEnd?(): void;
}

/** Arrival groups another thread has delivered: how many, from the first (ArrivalBoard). */
export interface PublishedGroups {
  publishedCount(): number;
}

/** Where the feed's records come from when a driver in another thread delivers them. */
interface Published {
  readonly groups: PublishedGroups;
  /** Per group, the index in the schedule one past its last record. */
  readonly groupEnds: Int32Array;
  /** Groups handed out so far. */
  taken: number;
}

/**
 * One run's input. The driver calls {@link deliver} and {@link end}; a runner reads with
 * {@link subscribe} or {@link drain}, never both on one feed.
 *
 * @example
 * feed.subscribe({ onArrival: (events) => events.forEach(process), onEnd: flush });
 * // or, at each batch boundary:
 * const batch = feed.drain();
 */
export class ArrivalFeed<E extends BenchEvent = BenchEvent> {
  readonly #listeners = new Set<FeedListener<E>>();
  readonly #pending: E[] = [];
  #delivered = 0;
  #isEnded = false;
  #hasReader = false;
  readonly #ended: Promise<void>;
  #resolveEnded!: () => void;
  #published: Published | undefined;

  /** `schedule` is the whole run in arrival order; runners may index it but not read ahead of delivery. */
  constructor(readonly schedule: readonly E[]) {
    this.#ended = new Promise((resolve) => (this.#resolveEnded = resolve));
  }

  /** How many records have been delivered so far (following a driver thread: published, taken or not). */
  get deliveredCount(): number {
    const published = this.#published;
    if (!published) return this.#delivered;
    const groups = Math.min(published.groups.publishedCount(), published.groupEnds.length);
    return groups === 0 ? 0 : (published.groupEnds[groups - 1] as number);
  }

  /** True once the driver has delivered everything and ended the feed. */
  get isEnded(): boolean {
    return this.#isEnded;
  }

  /** Resolves when the feed ends. */
  whenEnded(): Promise<void> {
    return this.#ended;
  }

  /** True once a runner has subscribed or drained: the virtual driver waits for this (or a timer) before delivering. */
  get hasReader(): boolean {
    return this.#hasReader;
  }

  /** True while a push listener is subscribed: the real-time driver then wakes the feed at every delivery. */
  get hasListeners(): boolean {
    return this.#listeners.size > 0;
  }

  /**
   * Reads deliveries from a driver in another thread (WorkerArrivalDriver) instead of
   * {@link deliver}: the schedule's records are cut into groups at `groupEnds` (per group, the
   * index one past its last record), and every group `groups` says is published is handed out by
   * {@link catchUp}, which {@link drain} and {@link subscribe} call first, as a micro-batch reads
   * the offsets available at its trigger.
   */
  followPublished(groups: PublishedGroups, groupEnds: Int32Array): void {
    if (this.#delivered > 0 || this.#published) throw new Error('ArrivalFeed.followPublished: the feed already has a driver');
    this.#published = { groups, groupEnds, taken: 0 };
  }

  /**
   * Delivers, in order, every group published and not delivered yet (none without
   * {@link followPublished}); returns how many groups are delivered in all.
   */
  catchUp(): number {
    const published = this.#published;
    if (!published) return 0;
    const upTo = Math.min(published.groups.publishedCount(), published.groupEnds.length);
    for (; published.taken < upTo; published.taken++) {
      const start = published.taken === 0 ? 0 : (published.groupEnds[published.taken - 1] as number);
      const end = published.groupEnds[published.taken] as number;
      this.#deliverGroup(this.schedule.slice(start, end), (this.schedule[start] as E).arrivalTimeMs);
    }
    return published.taken;
  }

  /**
   * Registers a push listener; returns the function that removes it. Records delivered before
   * the first subscription are handed to it at once, so a runner that starts slowly loses nothing.
   */
  subscribe(listener: FeedListener<E>): () => void {
    this.#hasReader = true;
    // Taken before the listener is added: a catch-up with the listener in place would hand it the
    // groups published since before these earlier ones, out of order.
    const early = this.drain();
    this.#listeners.add(listener);
    if (early.length > 0) listener.onArrival(early, (early[early.length - 1] as E).arrivalTimeMs);
    if (this.#isEnded) listener.onEnd?.();
    return () => this.#listeners.delete(listener);
  }

  /**
   * Takes every record delivered since the last drain (the next micro-batch's input); with a
   * `stream` name, only that stream's records, leaving the other streams' for their own drain.
   */
  drain(stream?: string): E[] {
    this.#hasReader = true;
    const published = this.#published;
    if (published && stream === undefined && this.#pending.length === 0 && this.#listeners.size === 0) {
      // A micro-batch reading a driver thread's deliveries: one slice of the schedule, no record
      // copied twice (the offsets range a Kafka batch reads).
      const start = published.taken === 0 ? 0 : (published.groupEnds[published.taken - 1] as number);
      published.taken = Math.max(published.taken, Math.min(published.groups.publishedCount(), published.groupEnds.length));
      const end = published.taken === 0 ? 0 : (published.groupEnds[published.taken - 1] as number);
      this.#delivered += end - start;
      return this.schedule.slice(start, end);
    }
    this.catchUp();
    if (stream === undefined) return this.#pending.splice(0, this.#pending.length);
    const taken: E[] = [];
    const kept: E[] = [];
    for (const event of this.#pending) (event.stream === stream ? taken : kept).push(event);
    this.#pending.splice(0, this.#pending.length, ...kept);
    return taken;
  }

  /** Delivers the records that arrive at `arrivalTimeMs`. Only the driver calls this. */
  deliver(events: readonly E[], arrivalTimeMs: number): void {
    if (this.#published) throw new Error(`ArrivalFeed.deliver on a feed that follows a driver thread: ${events.length} records at ${arrivalTimeMs} ms`);
    if (this.#isEnded) throw new Error(`ArrivalFeed.deliver after end: ${events.length} records at ${arrivalTimeMs} ms`);
    this.#deliverGroup(events, arrivalTimeMs);
  }

  // A driver thread's groups may still be taken after the end: the end says none will follow.
  #deliverGroup(events: readonly E[], arrivalTimeMs: number): void {
    this.#delivered += events.length;
    if (this.#listeners.size === 0) {
      for (const event of events) this.#pending.push(event);
      return;
    }
    for (const listener of this.#listeners) listener.onArrival(events, arrivalTimeMs);
  }

  /** Ends the input. Only the driver calls this. */
  end(): void {
    if (this.#isEnded) return;
    this.#isEnded = true;
    for (const listener of this.#listeners) listener.onEnd?.();
    this.#resolveEnded();
  }
}
