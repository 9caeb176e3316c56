/**
 * A read-only value shipped once to each executor. Spark: core/.../broadcast/Broadcast.scala.
 *
 * Functions on worker executors cannot capture driver variables; a Broadcast passed through
 * bind(fn, { lookup }) reaches every task as a copy held by the worker.
 */

/** A broadcast value; read it with `.value`. */
export class Broadcast<T> {
  #destroyed = false;

  constructor(
    readonly id: number,
    readonly value: T,
  ) {}

  get isValid(): boolean {
    return !this.#destroyed;
  }

  destroy(): void {
    this.#destroyed = true;
  }

  toString(): string {
    return `Broadcast(${this.id})`;
  }
}
