/**
 * What mapWithState needs: the mapping function, and optionally an initial state RDD, a
 * partitioning and an idle timeout. Spark: streaming/.../StateSpec.scala.
 *
 * @example
 * const spec = StateSpec.function((key: string, value: number | undefined, state: State<number>) => {
 *   const sum = (value ?? 0) + (state.getOption() ?? 0);
 *   state.update(sum);
 *   return [key, sum];
 * }).timeout(Seconds(30));
 */
import type { Partitioner, RDD } from '../shared/index.js';
import type { Duration } from './Duration.js';
import type { State } from './State.js';

/**
 * The mapping function in the form mapWithState calls it. `simple` functions return the mapped
 * record (always emitted); `withTime` functions get the batch time in ms first and return
 * undefined (Scala's None) to emit nothing.
 */
export type MappingFunction<K, V, S, E> =
  | { readonly kind: 'simple'; readonly fn: (key: K, value: V | undefined, state: State<S>) => E }
  | { readonly kind: 'withTime'; readonly fn: (batchTimeMs: number, key: K, value: V | undefined, state: State<S>) => E | undefined };

/** The specification of a mapWithState operation; its setters return the spec, as Spark's do. */
export class StateSpec<K, V, S, E> {
  #initialState: RDD<[K, S]> | undefined;
  #partitioner: Partitioner | number | undefined;
  #timeout: Duration | undefined;

  private constructor(readonly mappingFunction: MappingFunction<K, V, S, E>) {}

  /**
   * Spark's simple form: `(key, value, state) => mapped`, called for every record of the batch
   * (and once with value undefined for a key whose state times out). Runs in tasks, so it must be
   * self-contained (values through bind).
   */
  static function<K, V, S, E>(fn: (key: K, value: V | undefined, state: State<S>) => E): StateSpec<K, V, S, E> {
    return new StateSpec<K, V, S, E>({ kind: 'simple', fn });
  }

  /**
   * Spark's advanced form `(time, key, value, state) => Option[mapped]`.
   * Differs from Spark: the batch time comes as milliseconds, and undefined stands for None.
   */
  static functionWithTime<K, V, S, E>(fn: (batchTimeMs: number, key: K, value: V | undefined, state: State<S>) => E | undefined): StateSpec<K, V, S, E> {
    return new StateSpec<K, V, S, E>({ kind: 'withTime', fn });
  }

  /** The states keys start with (their update time is the first batch's time). */
  initialState(rdd: RDD<[K, S]>): this {
    this.#initialState = rdd;
    return this;
  }

  numPartitions(numPartitions: number): this {
    this.#partitioner = numPartitions;
    return this;
  }

  partitioner(partitioner: Partitioner): this {
    this.#partitioner = partitioner;
    return this;
  }

  /**
   * Removes the state of a key that received no data for `idleDuration`; the function is called
   * one last time with `state.isTimingOut()` true. As in Spark, timed-out keys are found on the
   * batches whose state is checkpointed (every checkpoint interval), not on every batch.
   */
  timeout(idleDuration: Duration): this {
    this.#timeout = idleDuration;
    return this;
  }

  getInitialStateRDD(): RDD<[K, S]> | undefined {
    return this.#initialState;
  }

  getPartitioner(): Partitioner | number | undefined {
    return this.#partitioner;
  }

  getTimeoutInterval(): Duration | undefined {
    return this.#timeout;
  }
}
