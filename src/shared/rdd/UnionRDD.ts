/**
 * The partitions of several RDDs, one after another. Spark: core/.../rdd/UnionRDD.scala.
 */
import type { TaskContext } from '../scheduler/TaskContext.js';
import type { Partition } from './Partition.js';
import { RangeDependency, RDD, type Dependency } from './internal.js';
import type { RDDContext } from './RDDContext.js';
import type { RDDDescriptor } from './RDDDescriptor.js';

/** Partition i of the union: partition `parentIndex` of parent `parentRdd`. */
export interface UnionPartition extends Partition {
  readonly parentRdd: number;
  readonly parentIndex: number;
}

/** A union without a shuffle: its partition count is the sum of the parents'. */
export class UnionRDD<T> extends RDD<T> {
  constructor(
    sc: RDDContext,
    readonly rdds: RDD<T>[],
    id?: number,
  ) {
    super(sc, id);
  }

  protected getPartitions(): Partition[] {
    const out: UnionPartition[] = [];
    this.rdds.forEach((rdd, parentRdd) => {
      for (let parentIndex = 0; parentIndex < rdd.getNumPartitions(); parentIndex++) {
        out.push({ index: out.length, parentRdd, parentIndex });
      }
    });
    return out;
  }

  protected getDependencies(): Dependency[] {
    let outStart = 0;
    return this.rdds.map((rdd) => {
      const dep = new RangeDependency(rdd, 0, outStart, rdd.getNumPartitions());
      outStart += rdd.getNumPartitions();
      return dep;
    });
  }

  compute(split: Partition, context: TaskContext): Iterable<T> {
    const { parentRdd, parentIndex } = split as UnionPartition;
    const parent = this.rdds[parentRdd];
    return parent.iterator(parent.partitions[parentIndex], context);
  }

  describe(splits: number[], describeParent: (rdd: RDD<unknown>, splits: number[]) => RDDDescriptor): RDDDescriptor {
    const parts = splits.map((s) => this.partitions[s] as UnionPartition);
    return {
      kind: 'union',
      id: this.id,
      numPartitions: this.getNumPartitions(),
      storageLevel: this.storageLevel.name,
      parents: this.rdds.map((rdd, i) => describeParent(rdd, parts.filter((p) => p.parentRdd === i).map((p) => p.parentIndex))),
      partitionMap: parts.map((p) => [p.index, p.parentRdd, p.parentIndex]),
    };
  }
}
