/**
 * The union of RDDs that share one partitioner: partition i is the concatenation of every
 * parent's partition i, so the result keeps the partitioner and a later join or reduceByKey on it
 * needs no shuffle. Spark: core/.../rdd/PartitionerAwareUnionRDD.scala (SparkContext.union picks
 * it when every parent has the same partitioner).
 */
import type { Partitioner } from '../partitioner/Partitioner.js';
import type { TaskContext } from '../scheduler/TaskContext.js';
import type { Partition } from './Partition.js';
import { OneToOneDependency, RDD, type Dependency } from './internal.js';
import type { RDDContext } from './RDDContext.js';
import type { RDDDescriptor } from './RDDDescriptor.js';

/** Partition i of each parent, one after another. */
export function concatPartitions<T>(rdds: readonly RDD<T>[], split: Partition, context: TaskContext): T[] {
  const out: T[] = [];
  for (const rdd of rdds) for (const item of rdd.iterator(rdd.partitions[split.index], context)) out.push(item);
  return out;
}

/** A union that keeps its parents' common partitioner. */
export class PartitionerAwareUnionRDD<T> extends RDD<T> {
  constructor(
    sc: RDDContext,
    readonly rdds: RDD<T>[],
    id?: number,
  ) {
    super(sc, id);
  }

  override get partitioner(): Partitioner | undefined {
    return this.rdds[0]?.partitioner;
  }

  protected getPartitions(): Partition[] {
    return Array.from({ length: this.rdds[0]?.getNumPartitions() ?? 0 }, (_, index) => ({ index }));
  }

  protected getDependencies(): Dependency[] {
    return this.rdds.map((rdd) => new OneToOneDependency(rdd));
  }

  compute(split: Partition, context: TaskContext): Iterable<T> {
    return concatPartitions(this.rdds, split, context);
  }

  describe(splits: number[], describeParent: (rdd: RDD<unknown>, splits: number[]) => RDDDescriptor): RDDDescriptor {
    return {
      kind: 'partitionerAwareUnion',
      id: this.id,
      numPartitions: this.getNumPartitions(),
      storageLevel: this.storageLevel.name,
      parents: this.rdds.map((rdd) => describeParent(rdd as RDD<unknown>, splits)),
    };
  }
}

/**
 * Spark's SparkContext.union: parents without partitions are dropped; when every remaining parent
 * has the same partitioner the union keeps it, otherwise partitions are laid end to end.
 */
export function isPartitionerAware(rdds: readonly RDD<unknown>[]): boolean {
  const first = rdds[0]?.partitioner;
  return first !== undefined && rdds.every((rdd) => first.equals(rdd.partitioner));
}
