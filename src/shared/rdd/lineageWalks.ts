/**
 * Walks over an RDD's lineage that a job needs before and after it runs: the preparation jobs of
 * RDDs whose partitions depend on data (RangePartitioner bounds, zipWithIndex offsets), reliable
 * checkpoints written once the job is done, and the shuffles to register with the cleaner or to
 * check for shipping. Spark: the parts of SparkContext.runJob and RDD.doCheckpoint that recurse
 * over dependencies.
 */
import { ShuffleDependency, type RDD } from './internal.js';

/** Runs each RDD's preparation job (range bounds, zip offsets) once, parents first. */
export async function prepareLineage(rdd: RDD<unknown>, seen = new Set<RDD<unknown>>()): Promise<void> {
  if (seen.has(rdd)) return;
  seen.add(rdd);
  for (const dep of rdd.dependencies) await prepareLineage(dep.rdd, seen);
  if (!rdd.isPrepared) {
    await rdd.prepare();
    rdd.isPrepared = true;
  }
}

/** Spark's doCheckpoint: write the nearest marked RDDs, walking down until one is found. */
export async function checkpointLineage(rdd: RDD<unknown>, seen = new Set<RDD<unknown>>()): Promise<void> {
  if (seen.has(rdd)) return;
  seen.add(rdd);
  if (rdd.checkpointData) {
    await rdd.checkpointData.doCheckpoint();
    return;
  }
  for (const dep of rdd.dependencies) await checkpointLineage(dep.rdd, seen);
}

/** Calls `visit` on every shuffle dependency in `rdd`'s lineage, each RDD walked once. */
export function forEachShuffle(rdd: RDD<unknown>, visit: (dep: ShuffleDependency) => void, seen = new Set<RDD<unknown>>()): void {
  if (seen.has(rdd)) return;
  seen.add(rdd);
  for (const dep of rdd.dependencies) {
    if (dep instanceof ShuffleDependency) visit(dep);
    forEachShuffle(dep.rdd, visit, seen);
  }
}
