/**
 * Pairs each element with its global index. Spark: core/.../rdd/ZippedWithIndexRDD.scala.
 *
 * The index of a partition's first element is the count of all partitions before it; `prepare`
 * runs that counting job before the first job on this RDD, as Spark runs it in the constructor.
 */
import type { TaskContext } from '../scheduler/TaskContext.js';
import type { Partition } from './Partition.js';
import { OneToOneDependency, RDD, type Dependency } from './internal.js';
import type { RDDDescriptor } from './RDDDescriptor.js';

/** The RDD `zipWithIndex` returns. */
export class ZippedWithIndexRDD<T> extends RDD<[T, number]> {
  #startIndices: number[] | undefined;

  constructor(
    readonly parent: RDD<T>,
    id?: number,
    startIndices?: number[],
  ) {
    super(parent.sc, id);
    this.#startIndices = startIndices;
  }

  override async prepare(): Promise<void> {
    if (this.#startIndices) return;
    // As in Spark, one partition (or none) needs no counting job: it starts at 0.
    if (this.parent.getNumPartitions() <= 1) {
      this.#startIndices = [0];
      return;
    }
    const counts = await this.sc.runJob(this.parent, (items) => {
      let n = 0;
      for (const _ of items) n++;
      return n;
    });
    this.#startIndices = counts.map((_, i) => counts.slice(0, i).reduce((a, b) => a + b, 0));
  }

  protected getPartitions(): Partition[] {
    return this.parent.partitions;
  }

  protected getDependencies(): Dependency[] {
    return [new OneToOneDependency(this.parent)];
  }

  compute(split: Partition, context: TaskContext): Iterable<[T, number]> {
    if (!this.#startIndices) throw new Error(`zipWithIndex on RDD ${this.parent.id} ran before its counting job`);
    let index = this.#startIndices[split.index];
    const out: [T, number][] = [];
    for (const item of this.parent.iterator(split, context)) out.push([item, index++]);
    return out;
  }

  describe(splits: number[], describeParent: (rdd: RDD<unknown>, splits: number[]) => RDDDescriptor): RDDDescriptor {
    return {
      kind: 'zippedWithIndex',
      id: this.id,
      numPartitions: this.getNumPartitions(),
      storageLevel: this.storageLevel.name,
      parents: [describeParent(this.parent, splits)],
      startIndices: this.#startIndices,
    };
  }
}
