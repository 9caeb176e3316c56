/**
 * Fewer partitions without a shuffle: each new partition reads a run of parent partitions.
 * Spark: core/.../rdd/CoalescedRDD.scala (without its locality-aware grouping).
 */
import type { TaskContext } from '../scheduler/TaskContext.js';
import type { Partition } from './Partition.js';
import { NarrowDependency, RDD, type Dependency } from './internal.js';
import { slicePositions } from './ParallelCollectionRDD.js';
import type { RDDDescriptor } from './RDDDescriptor.js';

/** A coalesced partition and the parent partitions it reads. */
export interface CoalescedPartition extends Partition {
  readonly parents: readonly number[];
}

/** Coalescing to more partitions than the parent has keeps the parent's count, as in Spark. */
export class CoalescedRDD<T> extends RDD<T> {
  constructor(
    readonly parent: RDD<T>,
    readonly maxPartitions: number,
    id?: number,
  ) {
    super(parent.sc, id);
  }

  protected getPartitions(): Partition[] {
    const n = this.parent.getNumPartitions();
    const groups = slicePositions(n, Math.min(n, this.maxPartitions));
    return groups.map(([from, until], index): CoalescedPartition => ({
      index,
      parents: Array.from({ length: until - from }, (_, i) => from + i),
    }));
  }

  protected getDependencies(): Dependency[] {
    const partitions = () => this.partitions as CoalescedPartition[];
    return [
      new (class extends NarrowDependency<T> {
        getParents(partitionId: number): number[] {
          return [...partitions()[partitionId].parents];
        }
      })(this.parent),
    ];
  }

  compute(split: Partition, context: TaskContext): Iterable<T> {
    const out: T[] = [];
    for (const p of (split as CoalescedPartition).parents) {
      for (const item of this.parent.iterator(this.parent.partitions[p], context)) out.push(item);
    }
    return out;
  }

  describe(splits: number[], describeParent: (rdd: RDD<unknown>, splits: number[]) => RDDDescriptor): RDDDescriptor {
    const groups = splits.map((s) => [s, (this.partitions[s] as CoalescedPartition).parents] as const);
    return {
      kind: 'coalesced',
      id: this.id,
      numPartitions: this.getNumPartitions(),
      storageLevel: this.storageLevel.name,
      parents: [describeParent(this.parent, groups.flatMap(([, p]) => p))],
      groups,
    };
  }
}
