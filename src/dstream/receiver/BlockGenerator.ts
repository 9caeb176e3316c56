/**
 * Collects what a receiver stores and cuts it into a block every block interval.
 * Spark: streaming/.../receiver/BlockGenerator.scala.
 *
 * A batch's RDD gets one partition per block, so with the default 200 ms interval and a 1 s batch
 * a busy receiver yields five partitions per batch. Empty intervals make no block.
 */
import type { Clock } from '../../shared/index.js';
import { RecurringTimer } from '../scheduler/RecurringTimer.js';
import type { RateLimiter } from '../scheduler/rate/RateLimiter.js';

/** A block of received records, named as Spark names stream blocks. */
export interface ReceivedBlock<T> {
  readonly blockId: string;
  readonly records: T[];
}

/** The buffer of one receiver and the timer that cuts it. */
export class BlockGenerator<T> {
  #currentBuffer: T[] = [];
  readonly #timer: RecurringTimer;
  #lastBlockId = '';
  #sameIdCount = 0;

  constructor(
    readonly streamId: number,
    readonly clock: Clock,
    readonly blockIntervalMs: number,
    readonly rateLimiter: RateLimiter,
    readonly onPushBlock: (block: ReceivedBlock<T>) => void,
  ) {
    this.#timer = new RecurringTimer(clock, blockIntervalMs, (timeMs) => this.updateCurrentBuffer(timeMs), `BlockGenerator-${streamId}`);
  }

  start(): void {
    this.#timer.start();
  }

  /** Stops the timer and pushes what is still buffered as a last block (or drops it, for a crash). */
  async stop(flush = true): Promise<void> {
    await this.#timer.stop(true);
    if (flush) this.updateCurrentBuffer(this.clock.getTimeMillis());
    else this.#currentBuffer = [];
  }

  /** Adds a record once the rate limiter allows it; returns a Promise only when it has to wait. */
  addData(item: T): Promise<void> | undefined {
    const waiting = this.rateLimiter.waitToPush();
    if (!waiting) {
      this.#currentBuffer.push(item);
      return undefined;
    }
    return waiting.then(() => {
      this.#currentBuffer.push(item);
    });
  }

  /** Cuts the buffer into a block named after the interval it started in (Spark: time - blockInterval). */
  updateCurrentBuffer(timeMs: number): void {
    if (this.#currentBuffer.length === 0) return;
    const records = this.#currentBuffer;
    this.#currentBuffer = [];
    let blockId = `input-${this.streamId}-${timeMs - this.blockIntervalMs}`;
    // A batch boundary can cut a block at the same time as the timer: keep the ids unique.
    if (blockId === this.#lastBlockId) {
      blockId += `.${++this.#sameIdCount}`;
    } else {
      this.#lastBlockId = blockId;
      this.#sameIdCount = 0;
    }
    this.onPushBlock({ blockId, records });
  }

  get bufferedRecords(): number {
    return this.#currentBuffer.length;
  }
}
