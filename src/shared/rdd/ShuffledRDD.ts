/**
 * The reduce side of a shuffle: reads one bucket from every map output and combines by key.
 * Spark: core/.../rdd/ShuffledRDD.scala.
 */
import type { Partitioner } from '../partitioner/Partitioner.js';
import type { TaskContext } from '../scheduler/TaskContext.js';
import { combineCombinersByKey, combineValuesByKey, type Aggregator } from '../shuffle/Aggregator.js';
import { compareKeys } from '../partitioner/compareKeys.js';
import type { Partition } from './Partition.js';
import { RDD, ShuffleDependency, type Dependency } from './internal.js';
import type { RDDDescriptor } from './RDDDescriptor.js';

/** Options of a shuffle: how to combine, whether to combine before writing, how to sort. */
export interface ShuffleOptions<K, V, C> {
  readonly aggregator?: Aggregator<K, V, C>;
  readonly mapSideCombine?: boolean;
  /** Sort each reduce partition by key, ascending or descending (sortByKey). */
  readonly ascending?: boolean;
}

/** Reads the shuffle's bucket for a reduce partition and applies the aggregator and ordering. */
export function readShuffleBucket<K, V, C>(
  dep: Pick<ShuffleDependency<K, V, C>, 'shuffleId' | 'aggregator' | 'mapSideCombine' | 'ascending'>,
  reduceId: number,
  context: TaskContext,
): [K, unknown][] {
  const records = context.env.fetchShuffleBlock(dep.shuffleId, reduceId) as [K, unknown][];
  context.metrics.shuffleRecordsRead += records.length;
  let out: [K, unknown][] = records;
  if (dep.aggregator) {
    out = dep.mapSideCombine
      ? combineCombinersByKey(dep.aggregator, records as [K, C][])
      : combineValuesByKey(dep.aggregator, records as [K, V][]);
  }
  if (dep.ascending !== undefined) {
    const sign = dep.ascending ? 1 : -1;
    out = out === records ? [...out] : out;
    out.sort((a, b) => sign * compareKeys(a[0], b[0]));
  }
  return out;
}

/** The RDD after a shuffle; partitioned by the shuffle's partitioner. */
export class ShuffledRDD<K, V, C = V> extends RDD<[K, C]> {
  readonly dependency: ShuffleDependency<K, V, C>;

  constructor(
    readonly parent: RDD<[K, V]>,
    readonly shufflePartitioner: Partitioner,
    readonly options: ShuffleOptions<K, V, C> = {},
  ) {
    super(parent.sc);
    this.dependency = new ShuffleDependency(
      parent,
      shufflePartitioner,
      options.aggregator,
      options.mapSideCombine ?? false,
      options.ascending,
    );
  }

  override get partitioner(): Partitioner {
    return this.shufflePartitioner;
  }

  override prepare(): Promise<void> {
    return this.shufflePartitioner.prepare?.() ?? Promise.resolve();
  }

  protected getPartitions(): Partition[] {
    return Array.from({ length: this.shufflePartitioner.numPartitions }, (_, index) => ({ index }));
  }

  protected getDependencies(): Dependency[] {
    return [this.dependency as Dependency];
  }

  compute(split: Partition, context: TaskContext): Iterable<[K, C]> {
    return readShuffleBucket(this.dependency, split.index, context) as [K, C][];
  }

  describe(splits: number[]): RDDDescriptor {
    const dep = this.dependency;
    return {
      kind: 'shuffled',
      splits,
      id: this.id,
      numPartitions: this.getNumPartitions(),
      storageLevel: this.storageLevel.name,
      parents: [],
      shuffleId: dep.shuffleId,
      aggregator: dep.aggregator ? { ...dep.aggregator } : undefined,
      mapSideCombine: dep.mapSideCombine,
      ascending: dep.ascending,
    };
  }
}
