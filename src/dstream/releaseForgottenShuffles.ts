/**
 * Frees the map outputs of the shuffles that batches forgotten by clearMetadata ran, as soon as
 * they are forgotten. Spark: no counterpart in streaming/; Spark leaves them to the
 * ContextCleaner (core/.../ContextCleaner.scala), which notices through weak references.
 *
 * Differs from Spark: the ContextCleaner here hears of an unreachable dependency from a
 * FinalizationRegistry, whose callbacks run only after a major collection and in a later turn of
 * the event loop. Until then every forgotten window's map outputs stay registered; a driver that
 * never yields a turn (a ManualClock loop) kept them all. Releasing at clearMetadata bounds them by
 * the remember duration, whatever the collector does. A released shuffle is registered again, with
 * every output missing, if someone still holding the RDD runs a job on it: the map stage reruns.
 */
import type { RDD, SparkContext } from '../shared/index.js';
import { ShuffleDependency } from '../shared/index.js';
import type { DStream } from './dstream/DStream.js';

/** Every RDD the streams remember now. */
export function rememberedRDDs(streams: readonly DStream<unknown>[]): Set<RDD<unknown>> {
  const rdds = new Set<RDD<unknown>>();
  for (const stream of streams) for (const rdd of stream.generatedRDDs.values()) rdds.add(rdd as RDD<unknown>);
  return rdds;
}

/**
 * Unregisters the shuffles the forgotten RDDs ran (those `before` held and `after` does not) unless
 * a remembered RDD's lineage still reaches them. Returns the shuffle ids released.
 *
 * Only the shuffles at a forgotten RDD's own stage boundary count as its own: a shuffle further
 * down may be a static RDD's that every batch joins with, which must outlive any one batch.
 */
export function releaseForgottenShuffles(before: ReadonlySet<RDD<unknown>>, after: ReadonlySet<RDD<unknown>>, tracker: SparkContext['mapOutputTracker']): number[] {
  const owned = new Map<number, ShuffleDependency>();
  for (const rdd of before) if (!after.has(rdd)) stageShuffles(rdd, owned);
  if (owned.size === 0) return [];
  const live = new Set<number>();
  const visited = new Set<RDD<unknown>>();
  for (const rdd of after) lineageShuffles(rdd, visited, live);
  const released: number[] = [];
  for (const shuffleId of owned.keys()) {
    if (live.has(shuffleId)) continue;
    tracker.unregisterShuffle(shuffleId);
    released.push(shuffleId);
  }
  return released;
}

/** The shuffle dependencies where `rdd`'s stage begins: narrow dependencies are followed, shuffles are not crossed. */
function stageShuffles(rdd: RDD<unknown>, into: Map<number, ShuffleDependency>, visited = new Set<RDD<unknown>>()): void {
  if (visited.has(rdd)) return;
  visited.add(rdd);
  for (const dep of rdd.dependencies) {
    if (dep instanceof ShuffleDependency) into.set(dep.shuffleId, dep);
    else stageShuffles(dep.rdd, into, visited);
  }
}

/** Every shuffle id in `rdd`'s lineage (checkpointed RDDs end it); a loop, as a state stream's lineage can be long. */
function lineageShuffles(rdd: RDD<unknown>, visited: Set<RDD<unknown>>, into: Set<number>): void {
  const pending = [rdd];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (visited.has(next)) continue;
    visited.add(next);
    for (const dep of next.dependencies) {
      if (dep instanceof ShuffleDependency) into.add(dep.shuffleId);
      pending.push(dep.rdd);
    }
  }
}
