/**
 * The lineage as text, exactly in Spark's layout: each RDD on a line as
 * `(numPartitions) Name[id] at operation [storage]`, ` |  ` in front of a narrow parent, and
 * ` +-` with one more level of indentation at every shuffle, where the DAG scheduler cuts a stage.
 * Spark: RDD.toDebugString (firstDebugString, shuffleDebugString, debugChildren).
 *
 * Differs from Spark: no `CachedPartitions:` line under a cached RDD.
 *
 * @example
 * (2) ShuffledRDD[2] at reduceByKey []
 *  +-(3) MapPartitionsRDD[1] at map []
 *    |  ParallelCollectionRDD[0] at parallelize []
 */
import { ShuffleDependency, type RDD } from './internal.js';

function self(rdd: RDD<unknown>): string {
  return `${rdd.toString()} [${rdd.storageLevel.description}]`;
}

/** The `|` column that lines up under the middle of `(N)`, and the prefix it starts. */
function columnPrefix(partitionStr: string): string {
  const leftOffset = Math.floor((partitionStr.length - 1) / 2);
  return ' '.repeat(leftOffset) + '|' + ' '.repeat(partitionStr.length - leftOffset);
}

function children(rdd: RDD<unknown>, prefix: string): string[] {
  const deps = rdd.dependencies;
  return deps.flatMap((dep, i) => lines(dep.rdd, prefix, dep instanceof ShuffleDependency, i === deps.length - 1));
}

function lines(rdd: RDD<unknown>, prefix: string, isShuffle: boolean, isLastChild: boolean): string[] {
  if (!isShuffle) return [prefix + self(rdd), ...children(rdd, prefix)];
  const partitionStr = `(${rdd.getNumPartitions()})`;
  const thisPrefix = prefix.replace(/\|\s+$/, '');
  const nextPrefix = thisPrefix + (isLastChild ? '  ' : '| ') + columnPrefix(partitionStr);
  return [`${thisPrefix}+-${partitionStr} ${self(rdd)}`, ...children(rdd, nextPrefix)];
}

/** The debug string of an RDD's lineage. */
export function debugString(rdd: RDD<unknown>): string {
  const partitionStr = `(${rdd.getNumPartitions()})`;
  return [`${partitionStr} ${self(rdd)}`, ...children(rdd, columnPrefix(partitionStr))].join('\n');
}
