/**
 * Groups several pair RDDs by key: for each key, one array of values per parent.
 * Spark: core/.../rdd/CoGroupedRDD.scala.
 *
 * A parent already partitioned like the result is read through a narrow dependency, with no
 * shuffle; the others are shuffled. This is why joining two RDDs with the same partitioner is cheap.
 */
import type { Partitioner } from '../partitioner/Partitioner.js';
import type { TaskContext } from '../scheduler/TaskContext.js';
import { KeyMap } from '../util/KeyMap.js';
import type { Partition } from './Partition.js';
import { OneToOneDependency, RDD, ShuffleDependency, type Dependency } from './internal.js';
import type { RDDDescriptor } from './RDDDescriptor.js';

/** Groups the records of several sources by key: one array of values per source. */
export function cogroupRecords<K>(sources: Iterable<[K, unknown]>[]): [K, unknown[][]][] {
  const groups = new KeyMap<K, unknown[][]>();
  sources.forEach((records, i) => {
    for (const [k, v] of records) groups.getOrCreate(k, () => sources.map(() => []))[i].push(v);
  });
  return [...groups];
}

/** One shuffled parent's bucket for a reduce partition, counted in the task's metrics. */
export function readShuffleInput(shuffleId: number, reduceId: number, context: TaskContext): unknown[] {
  const records = context.env.fetchShuffleBlock(shuffleId, reduceId);
  context.metrics.shuffleRecordsRead += records.length;
  return records;
}

/** For each key, the values each parent holds for it, in parent order. */
export class CoGroupedRDD<K> extends RDD<[K, unknown[][]]> {
  constructor(
    readonly rdds: RDD<[K, unknown]>[],
    readonly groupPartitioner: Partitioner,
  ) {
    super(rdds[0].sc);
  }

  override get partitioner(): Partitioner {
    return this.groupPartitioner;
  }

  protected getPartitions(): Partition[] {
    return Array.from({ length: this.groupPartitioner.numPartitions }, (_, index) => ({ index }));
  }

  protected getDependencies(): Dependency[] {
    return this.rdds.map((rdd) =>
      this.groupPartitioner.equals(rdd.partitioner)
        ? (new OneToOneDependency(rdd) as Dependency)
        : (new ShuffleDependency(rdd, this.groupPartitioner) as Dependency),
    );
  }

  compute(split: Partition, context: TaskContext): Iterable<[K, unknown[][]]> {
    return cogroupRecords(
      this.dependencies.map((dep) =>
        dep instanceof ShuffleDependency
          ? (readShuffleInput(dep.shuffleId, split.index, context) as [K, unknown][])
          : (dep.rdd as RDD<[K, unknown]>).iterator(dep.rdd.partitions[split.index], context),
      ),
    );
  }

  describe(splits: number[], describeParent: (rdd: RDD<unknown>, splits: number[]) => RDDDescriptor): RDDDescriptor {
    return {
      kind: 'cogrouped',
      id: this.id,
      numPartitions: this.getNumPartitions(),
      storageLevel: this.storageLevel.name,
      parents: this.dependencies.map((dep) =>
        dep instanceof ShuffleDependency ? { kind: 'shuffleInput', id: -1, numPartitions: this.getNumPartitions(), storageLevel: 'NONE', parents: [], shuffleId: dep.shuffleId, splits } : describeParent(dep.rdd, splits),
      ),
    };
  }
}
