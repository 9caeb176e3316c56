/**
 * A receiver fed by the arrival feed: it stores each record as it arrives, one after the other, so
 * a rate limit (spark.streaming.receiver.maxRate, or backpressure's PID rate) holds records back in
 * the receiver instead of dropping them, as a Kafka receiver stops pulling. Spark:
 * streaming/.../receiver/Receiver.scala (a custom receiver calling store()).
 */
import { Receiver } from '../../../src/dstream/index.js';
import type { Clock } from '../../../src/shared/index.js';
import type { ArrivalFeed } from '../../harness/ArrivalFeed.js';
import type { BenchEvent } from '../../workloads/Workload.js';

/** Stores what the feed delivers, in arrival order, at the pace the rate limit allows. */
export class FeedReceiver<E extends BenchEvent> extends Receiver<E> {
  #queue: Promise<void> = Promise.resolve();
  #unsubscribe: (() => void) | undefined;
  /** Records delivered but not stored yet (held back by the rate limit). */
  pending = 0;
  /** The longest a record waited between its arrival and being stored. */
  maxStoreLagMs = 0;

  constructor(
    private readonly feed: ArrivalFeed,
    private readonly clock: Clock,
  ) {
    super();
  }

  onStart(): void {
    this.#unsubscribe = this.feed.subscribe({
      onArrival: (events) => {
        this.pending += events.length;
        this.#queue = this.#queue.then(() => this.#storeEach(events as E[]));
      },
    });
  }

  onStop(): void {
    this.#unsubscribe?.();
  }

  /** Resolves once every record delivered so far has been stored. */
  whenDrained(): Promise<void> {
    return this.#queue;
  }

  async #storeEach(events: readonly E[]): Promise<void> {
    for (const event of events) {
      await this.store(event);
      this.pending -= 1;
      this.maxStoreLagMs = Math.max(this.maxStoreLagMs, this.clock.getTimeMillis() - event.arrivalTimeMs);
    }
  }
}
