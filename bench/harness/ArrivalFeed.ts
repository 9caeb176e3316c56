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

  /** `schedule` is the whole run in arrival order; runners may index it but not read ahead of delivery. */
  constructor(readonly schedule: readonly E[]) {
    this.#ended = new Promise((resolve) => (this.#resolveEnded = resolve));
  }

  /** How many records have been delivered so far. */
  get deliveredCount(): number {
    return this.#delivered;
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

  /**
   * Registers a push listener; returns the function that removes it. Records delivered before
   * the first subscription are handed to it at once, so a runner that starts slowly loses nothing.
   */
  subscribe(listener: FeedListener<E>): () => void {
    this.#hasReader = true;
    this.#listeners.add(listener);
    const early = this.drain();
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
    if (stream === undefined) return this.#pending.splice(0, this.#pending.length);
    const taken: E[] = [];
    const kept: E[] = [];
    for (const event of this.#pending) (event.stream === stream ? taken : kept).push(event);
    this.#pending.splice(0, this.#pending.length, ...kept);
    return taken;
  }

  /** Delivers the records that arrive at `arrivalTimeMs`. Only the driver calls this. */
  deliver(events: readonly E[], arrivalTimeMs: number): void {
    if (this.#isEnded) throw new Error(`ArrivalFeed.deliver after end: ${events.length} records at ${arrivalTimeMs} ms`);
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
