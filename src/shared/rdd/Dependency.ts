/**
 * How an RDD's partitions depend on its parents'. Spark: core/.../Dependency.scala.
 *
 * Narrow dependencies are computed in the same task as the child; a ShuffleDependency is where
 * the DAG scheduler cuts a stage.
 */
import type { Partitioner } from '../partitioner/Partitioner.js';
import type { Aggregator } from '../shuffle/Aggregator.js';
import type { RDD } from './internal.js';

/** A dependency on one parent RDD. */
export abstract class Dependency<T = unknown> {
  constructor(readonly rdd: RDD<T>) {}
}

/** Each child partition depends on a small, known set of parent partitions. */
export abstract class NarrowDependency<T = unknown> extends Dependency<T> {
  abstract getParents(partitionId: number): number[];
}

/** Child partition i reads parent partition i (map, filter, ...). */
export class OneToOneDependency<T = unknown> extends NarrowDependency<T> {
  getParents(partitionId: number): number[] {
    return [partitionId];
  }
}

/** A run of child partitions maps onto a run of parent partitions (union). */
export class RangeDependency<T = unknown> extends NarrowDependency<T> {
  constructor(
    rdd: RDD<T>,
    readonly inStart: number,
    readonly outStart: number,
    readonly length: number,
  ) {
    super(rdd);
  }

  getParents(partitionId: number): number[] {
    const offset = partitionId - this.outStart;
    return offset >= 0 && offset < this.length ? [this.inStart + offset] : [];
  }
}

let nextShuffleId = 0;

/**
 * Every child partition may read every parent partition: the parent's records are written into
 * buckets by `partitioner`, combined first on the map side when `mapSideCombine` is set.
 */
export class ShuffleDependency<K = unknown, V = unknown, C = unknown> extends Dependency<[K, V]> {
  readonly shuffleId = nextShuffleId++;

  constructor(
    rdd: RDD<[K, V]>,
    readonly partitioner: Partitioner,
    readonly aggregator?: Aggregator<K, V, C>,
    readonly mapSideCombine = false,
    /** Set for sorting shuffles: each reduce partition is sorted by key in this direction. */
    readonly ascending?: boolean,
  ) {
    super(rdd);
  }
}
