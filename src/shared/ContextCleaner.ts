/**
 * Frees what only unreachable RDDs could use: the map outputs of a shuffle whose dependency was
 * garbage collected, and the cached blocks of a persisted RDD nobody holds any more.
 * Spark: core/.../ContextCleaner.scala (weak references polled on a thread; here a
 * FinalizationRegistry calls back after the garbage collector reclaims the object).
 *
 * Without it a streaming application leaks: every batch's reduceByKey leaves its shuffle buckets
 * in the MapOutputTracker forever.
 */
import type { RDD, ShuffleDependency } from './rdd/internal.js';

/** What to do when a tracked object is gone. */
export interface CleanupActions {
  removeShuffle(shuffleId: number): void;
  removeRdd(rddId: number): void;
}

type Cleanup = { readonly kind: 'shuffle'; readonly shuffleId: number } | { readonly kind: 'rdd'; readonly rddId: number };

/** Watches shuffle dependencies and persisted RDDs; cleans up after the collector takes them. */
export class ContextCleaner {
  readonly #registry: FinalizationRegistry<Cleanup>;
  readonly #shuffles = new WeakSet<ShuffleDependency>();
  #stopped = false;

  constructor(actions: CleanupActions) {
    this.#registry = new FinalizationRegistry((task) => {
      if (this.#stopped) return;
      if (task.kind === 'shuffle') actions.removeShuffle(task.shuffleId);
      else actions.removeRdd(task.rddId);
    });
  }

  /** Cleans the shuffle's map outputs once `dep` is unreachable; registering twice is harmless. */
  registerShuffleForCleanup(dep: ShuffleDependency): void {
    if (this.#shuffles.has(dep)) return;
    this.#shuffles.add(dep);
    this.#registry.register(dep, { kind: 'shuffle', shuffleId: dep.shuffleId });
  }

  /** Removes the RDD's cached blocks once `rdd` is unreachable. */
  registerRDDForCleanup(rdd: RDD<unknown>): void {
    this.#registry.register(rdd, { kind: 'rdd', rddId: rdd.id }, rdd);
  }

  /** The RDD was unpersisted by hand: nothing left to clean. */
  unregisterRDD(rdd: RDD<unknown>): void {
    this.#registry.unregister(rdd);
  }

  /** After the context stops, callbacks do nothing. */
  stop(): void {
    this.#stopped = true;
  }
}
