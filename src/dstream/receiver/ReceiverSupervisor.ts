/**
 * Runs one receiver: starts and restarts it, feeds what it stores to its BlockGenerator, and hands
 * finished blocks to the tracker (after the write-ahead log, when enabled).
 * Spark: streaming/.../receiver/ReceiverSupervisor.scala and ReceiverSupervisorImpl.scala.
 */
import type { Clock } from '../../shared/index.js';
import { RateLimiter } from '../scheduler/rate/RateLimiter.js';
import { BlockGenerator, type ReceivedBlock } from './BlockGenerator.js';
import type { Receiver, ReceiverHost } from './Receiver.js';

/** What the supervisor needs from the tracker. */
export interface SupervisorContext {
  readonly clock: Clock;
  readonly blockIntervalMs: number;
  readonly maxRate: number;
  readonly initialRate: number;
  readonly restartDelayMs: number;
  pushBlock(streamId: number, block: ReceivedBlock<unknown>): void;
  onReceiverEvent(type: 'receiverStarted' | 'receiverStopped' | 'receiverError', streamId: number, name: string, message?: string): void;
}

/** The host of one receiver on the driver. */
export class ReceiverSupervisor<T> implements ReceiverHost<T> {
  readonly rateLimiter: RateLimiter;
  readonly blockGenerator: BlockGenerator<T>;
  #isStopped = true;
  #generation = 0;
  #storedBlocks = 0;
  /** Records stored since start (for tests and metrics). */
  numRecordsStored = 0;

  constructor(
    readonly receiver: Receiver<T>,
    readonly streamId: number,
    readonly context: SupervisorContext,
  ) {
    this.rateLimiter = new RateLimiter(context.clock, context.maxRate, context.initialRate);
    this.blockGenerator = new BlockGenerator<T>(streamId, context.clock, context.blockIntervalMs, this.rateLimiter, (block) =>
      context.pushBlock(streamId, block as ReceivedBlock<unknown>),
    );
  }

  start(): void {
    this.#isStopped = false;
    this.blockGenerator.start();
    this.#startReceiver();
  }

  /** Stops the receiver and pushes its last buffered records as a block. */
  shutdown(flush = true): Promise<void> {
    return this.#stopAll('Stopped by driver', flush);
  }

  store(item: T): Promise<void> | undefined {
    if (this.#isStopped) return undefined;
    const added = this.blockGenerator.addData(item);
    if (!added) this.numRecordsStored++;
    return added?.then(() => void this.numRecordsStored++);
  }

  /** A whole block from the receiver (Receiver.storeBlock): pushed at once, so it is logged before the call returns. */
  storeBlock(items: readonly T[]): void {
    if (this.#isStopped || items.length === 0) return;
    const timeMs = this.context.clock.getTimeMillis();
    this.context.pushBlock(this.streamId, { blockId: `input-${this.streamId}-${timeMs}-stored-${++this.#storedBlocks}`, records: [...items] });
    this.numRecordsStored += items.length;
  }

  /** Cuts the current buffer into a block now: a batch at `timeMs` takes what arrived by then. */
  cutBlock(timeMs: number): void {
    this.blockGenerator.updateCurrentBuffer(timeMs);
  }

  restart(message: string, error: unknown, delayMs = this.context.restartDelayMs): void {
    if (this.#isStopped) return;
    const generation = ++this.#generation;
    void (async () => {
      this.context.onReceiverEvent('receiverError', this.streamId, this.receiver.name, `Restarting receiver with delay ${delayMs} ms: ${message}${error ? `: ${String(error)}` : ''}`);
      await this.#stopReceiver(message);
      await this.context.clock.waitTillTime(this.context.clock.getTimeMillis() + delayMs);
      if (generation === this.#generation && !this.#isStopped) this.#startReceiver();
    })();
  }

  /** The receiver asked to stop for good (Receiver.stop). */
  stop(message: string, error?: unknown): void {
    if (error !== undefined) this.reportError(message, error);
    void this.#stopAll(message);
  }

  reportError(message: string, error: unknown): void {
    this.context.onReceiverEvent('receiverError', this.streamId, this.receiver.name, `${message}: ${String(error)}`);
  }

  async #stopAll(message: string, flush = true): Promise<void> {
    if (this.#isStopped) return;
    this.#isStopped = true;
    this.#generation++;
    await this.#stopReceiver(message);
    await this.blockGenerator.stop(flush);
  }

  #startReceiver(): void {
    this.receiver.attach(this, true);
    this.context.onReceiverEvent('receiverStarted', this.streamId, this.receiver.name);
    try {
      const started = this.receiver.onStart();
      if (started instanceof Promise) started.catch((error) => this.restart('Error starting receiver', error));
    } catch (error) {
      this.restart('Error starting receiver', error);
    }
  }

  async #stopReceiver(message: string): Promise<void> {
    if (!this.receiver.isStarted()) return;
    this.receiver.attach(this, false);
    try {
      await this.receiver.onStop();
    } catch (error) {
      this.reportError('Error stopping receiver', error);
    }
    this.context.onReceiverEvent('receiverStopped', this.streamId, this.receiver.name, message);
  }
}
