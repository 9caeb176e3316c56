/**
 * The base of a custom input: start receiving in onStart, hand records to store(), stop in onStop.
 * Spark: streaming/.../receiver/Receiver.scala.
 *
 * Differs from Spark: a receiver runs on the driver's thread (Spark runs it in a long task on an
 * executor core); so store() is asynchronous and resolves when the rate limit lets the record in.
 *
 * @example
 * class Counter extends Receiver<number> {
 *   onStart() { for (let i = 0; i < 3; i++) void this.store(i); }
 *   onStop() {}
 * }
 * ssc.receiverStream(new Counter()).print();
 */
import { IllegalStateError } from '../../shared/index.js';
import { StreamingErrors } from '../errors.js';

/** What a receiver reports to and asks of the engine; the tracker provides it. */
export interface ReceiverHost<T> {
  readonly streamId: number;
  store(item: T): Promise<void> | undefined;
  storeBlock(items: readonly T[]): void;
  restart(message: string, error: unknown, delayMs: number | undefined): void;
  stop(message: string, error?: unknown): void;
  reportError(message: string, error: unknown): void;
}

/** How a checkpoint rebuilds a receiver (see registerReceiverKind). */
export interface ReceiverDescriptor {
  readonly kind: string;
  readonly params: Record<string, unknown>;
}

const factories = new Map<string, (params: Record<string, unknown>) => Receiver<unknown>>();

/** Lets checkpointed graphs with receivers of this kind be rebuilt after a restart. */
export function registerReceiverKind(kind: string, factory: (params: Record<string, unknown>) => Receiver<unknown>): void {
  factories.set(kind, factory);
}

/** Rebuilds a receiver from its descriptor. */
export function reviveReceiver(descriptor: ReceiverDescriptor): Receiver<unknown> {
  const factory = factories.get(descriptor.kind);
  if (!factory) throw StreamingErrors.unknownDStreamKind(`receiver ${descriptor.kind}`);
  return factory(descriptor.params);
}

/** A custom input: subclass it, implement onStart/onStop, call store() with what arrives. */
export abstract class Receiver<T> {
  #host: ReceiverHost<T> | undefined;
  #isStarted = false;

  /** Starts receiving: open connections, subscribe; must not block (store asynchronously). */
  abstract onStart(): void | Promise<void>;
  /** Stops receiving and releases what onStart opened. */
  abstract onStop(): void | Promise<void>;

  /** A short name for listeners. */
  get name(): string {
    return this.constructor.name;
  }

  /** Spark's streamId: the id of the input stream this receiver feeds. */
  get streamId(): number {
    return this.#requireHost().streamId;
  }

  /** Stores one record; resolves once the rate limit let it in (immediately without a limit). */
  store(item: T): Promise<void> {
    return this.#requireHost().store(item) ?? Promise.resolve();
  }

  /** Stores records one after the other, respecting the rate limit. */
  async storeAll(items: Iterable<T>): Promise<void> {
    const host = this.#requireHost();
    for (const item of items) await host.store(item);
  }

  /**
   * Stores `items` as one block now, past the block interval and the rate limit (Spark's
   * store(ArrayBuffer) of a reliable receiver): when it resolves the block is with the tracker and,
   * with spark.streaming.receiver.writeAheadLog.enable, in the write-ahead log, so the receiver
   * may acknowledge these records to its source then.
   */
  storeBlock(items: readonly T[]): Promise<void> {
    this.#requireHost().storeBlock(items);
    return Promise.resolve();
  }

  /** Stops the receiver and starts it again after `delayMs` on the clock (default spark.streaming.receiverRestartDelay). */
  restart(message: string, error?: unknown, delayMs?: number): void {
    this.#host?.restart(message, error, delayMs);
  }

  /** Stops this receiver for good. */
  stop(message: string, error?: unknown): void {
    this.#host?.stop(message, error);
  }

  reportError(message: string, error: unknown): void {
    this.#host?.reportError(message, error);
  }

  isStarted(): boolean {
    return this.#isStarted;
  }

  isStopped(): boolean {
    return !this.#isStarted;
  }

  /** How to rebuild this receiver after a restart; a receiver without it is not checkpointable. */
  describe(): ReceiverDescriptor {
    throw StreamingErrors.streamNotCheckpointable(`A receiver stream of ${this.name} (it does not implement describe())`);
  }

  /** Called by the engine when it starts or stops the receiver. */
  attach(host: ReceiverHost<T> | undefined, isStarted: boolean): void {
    this.#host = host;
    this.#isStarted = isStarted;
  }

  #requireHost(): ReceiverHost<T> {
    if (!this.#host) throw new IllegalStateError('RECEIVER_NOT_STARTED', `${this.name} has not been started: store() works between onStart() and onStop(). Start the StreamingContext first.`);
    return this.#host;
  }
}
