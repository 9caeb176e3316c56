/**
 * A read-only value shipped once to each executor. Spark: core/.../broadcast/Broadcast.scala.
 *
 * Functions on worker executors cannot capture driver variables; a Broadcast passed through
 * bind(fn, { lookup }) reaches every task as a copy held by the worker.
 */
import { CoreErrors } from './CoreErrors.js';

/**
 * A broadcast value; read it with `.value`.
 * @example
 * const lookup = sc.broadcast(new Map([[1, 'one']]));
 * rdd.map(bind((x: number, env: { lookup: Broadcast<Map<number, string>> }) => env.lookup.value.get(x), { lookup }));
 */
export class Broadcast<T> {
  #destroyed = false;
  readonly #value: T;

  constructor(
    readonly id: number,
    value: T,
  ) {
    this.#value = value;
  }

  /**
   * The broadcast value.
   * @throws SparkException BROADCAST_DESTROYED after destroy().
   */
  get value(): T {
    if (this.#destroyed) throw CoreErrors.broadcastDestroyed(this.id);
    return this.#value;
  }

  /** False once destroyed. */
  get isValid(): boolean {
    return !this.#destroyed;
  }

  /** Releases the value for good; any later `.value` throws, as in Spark. */
  destroy(): void {
    this.#destroyed = true;
  }

  toString(): string {
    return `Broadcast(${this.id})`;
  }
}
