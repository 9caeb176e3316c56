/**
 * A read-only value shipped once to each executor. Spark: core/.../broadcast/Broadcast.scala.
 *
 * Functions on worker executors cannot capture driver variables; a Broadcast passed through
 * bind(fn, { lookup }) reaches every task as a copy held by the worker. The copies stay until
 * unpersist() or destroy(), or until the driver drops the Broadcast and the ContextCleaner
 * removes them, as Spark's BroadcastManager.unbroadcast does.
 */
import { CoreErrors } from './CoreErrors.js';

/**
 * Removes a broadcast's copies from the executors: the SparkContext that created it.
 * Spark: core/.../broadcast/BroadcastManager.scala (unbroadcast).
 */
export interface BroadcastManager {
  /** Drops the executors' copies of `broadcast`; `destroyed` says it will never be used again. */
  unbroadcast(broadcast: Broadcast<unknown>, destroyed: boolean): void;
}

/**
 * A broadcast value; read it with `.value`.
 * @example
 * const lookup = sc.broadcast(new Map([[1, 'one']]));
 * rdd.map(bind((x: number, env: { lookup: Broadcast<Map<number, string>> }) => env.lookup.value.get(x), { lookup }));
 */
export class Broadcast<T> {
  #destroyed = false;
  #value: T | undefined;
  readonly #manager: BroadcastManager | undefined;

  /** `manager` is the creating context; the copies a worker revives have none. */
  constructor(
    readonly id: number,
    value: T,
    manager?: BroadcastManager,
  ) {
    this.#value = value;
    this.#manager = manager;
  }

  /**
   * The broadcast value.
   * @throws SparkException BROADCAST_DESTROYED after destroy().
   */
  get value(): T {
    this.#assertValid();
    return this.#value as T;
  }

  /** False once destroyed. */
  get isValid(): boolean {
    return !this.#destroyed;
  }

  /**
   * Removes the copies held by the executors; the broadcast stays usable, and the next task that
   * reads it on an executor receives the value again. Differs from Spark: no `blocking` flag, as
   * a worker handles the removal before any task posted after it.
   * @throws SparkException BROADCAST_DESTROYED after destroy().
   */
  unpersist(): void {
    this.#assertValid();
    this.#manager?.unbroadcast(this as Broadcast<unknown>, false);
  }

  /**
   * Releases the value for good, on the executors and on the driver; any later `.value`,
   * unpersist() or destroy() throws, as in Spark.
   * @throws SparkException BROADCAST_DESTROYED when already destroyed.
   */
  destroy(): void {
    this.#assertValid();
    this.#destroyed = true;
    this.#value = undefined;
    this.#manager?.unbroadcast(this as Broadcast<unknown>, true);
  }

  #assertValid(): void {
    if (this.#destroyed) throw CoreErrors.broadcastDestroyed(this.id);
  }

  toString(): string {
    return `Broadcast(${this.id})`;
  }
}
