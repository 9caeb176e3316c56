/**
 * The per-key state handle a mapWithState function reads and updates. Spark: streaming/.../State.scala.
 *
 * The implementation is created inside the task that runs the mapping function (see
 * MapWithStateDStream.ts), so on a worker executor it is built there; only this interface is
 * shared. Its errors carry Spark's messages.
 */

/** The state of one key during one call of a mapWithState function. */
export interface State<S> {
  /** Whether the key has a state. */
  exists(): boolean;
  /** The state. @throws Error "State is not set" when there is none */
  get(): S;
  /** The state, or undefined (Scala's None). */
  getOption(): S | undefined;
  /** Sets the state. @throws Error after remove() or while the state is timing out */
  update(newState: S): void;
  /** Removes the key's state. @throws Error when already removed or timing out */
  remove(): void;
  /** True when this call is the last one for a key whose state timed out (value is undefined). */
  isTimingOut(): boolean;
  isUpdated(): boolean;
  isRemoved(): boolean;
}
