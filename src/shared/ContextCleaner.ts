/**
 * Frees what only unreachable objects could use: the map outputs of a shuffle whose dependency was
 * garbage collected, the cached blocks of a persisted RDD nobody holds any more, and the
 * executors' copies of a broadcast the driver dropped.
 * Spark: core/.../ContextCleaner.scala (weak references polled on a thread; here a
 * FinalizationRegistry calls back after the garbage collector reclaims the object).
 *
 * Without it a streaming application leaks: every batch's reduceByKey leaves its shuffle buckets
 * in the MapOutputTracker forever.
 */
import type { Broadcast } from './Broadcast.js';
import type { RDD, ShuffleDependency } from './rdd/internal.js';

/** What to do when a tracked object is gone. */
export interface CleanupActions {
  removeShuffle(shuffleId: number): void;
  removeRdd(rddId: number): void;
  removeBroadcast(broadcastId: number): void;
}

type Cleanup =
  | { readonly kind: 'shuffle'; readonly shuffleId: number }
  | { readonly kind: 'rdd'; readonly rddId: number }
  | { readonly kind: 'broadcast'; readonly broadcastId: number };

/**
 * Watches shuffle dependencies, persisted RDDs and broadcasts; cleans up after the collector takes
 * them. Safe by construction: a task running or queued holds its RDD, whose functions hold their
 * shuffle dependencies and bound broadcasts, so none of them can be collected before the task ends.
 * The cleanup data holds ids only, never the object, or nothing would ever be collected.
 */
export class ContextCleaner {
  readonly #registry: FinalizationRegistry<Cleanup>;
  readonly #shuffles = new WeakSet<ShuffleDependency>();
  #stopped = false;

  constructor(actions: CleanupActions) {
    this.#registry = new FinalizationRegistry((task) => {
      if (this.#stopped) return;
      if (task.kind === 'shuffle') actions.removeShuffle(task.shuffleId);
      else if (task.kind === 'rdd') actions.removeRdd(task.rddId);
      else actions.removeBroadcast(task.broadcastId);
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

  /** Removes the executors' copies of the broadcast once the driver no longer holds `broadcast`. */
  registerBroadcastForCleanup(broadcast: Broadcast<unknown>): void {
    this.#registry.register(broadcast, { kind: 'broadcast', broadcastId: broadcast.id }, broadcast);
  }

  /** The broadcast was destroyed by hand: nothing left to clean. */
  unregisterBroadcast(broadcast: Broadcast<unknown>): void {
    this.#registry.unregister(broadcast);
  }

  /** After the context stops, callbacks do nothing. */
  stop(): void {
    this.#stopped = true;
  }
}
