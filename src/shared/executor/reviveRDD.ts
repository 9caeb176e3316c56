/**
 * Rebuilds, on a worker thread, the RDDs a task's descriptor names, using the same classes the
 * driver uses, so a partition is computed by the same code on both kinds of executor.
 *
 * Shuffle reads are the exception: the driver's ShuffledRDD and CoGroupedRDD own their shuffle
 * dependencies, so the worker uses readers that take the shuffle id from the descriptor.
 */
import type { Aggregator } from '../shuffle/Aggregator.js';
import type { TaskContext } from '../scheduler/TaskContext.js';
import type { Partition } from '../rdd/Partition.js';
import type { RDDContext } from '../rdd/RDDContext.js';
import type { RDDDescriptor } from '../rdd/RDDDescriptor.js';
import type { PartitionOp } from '../rdd/MapPartitionsRDD.js';
import type { TextFilePartition } from '../rdd/TextFileRDD.js';
import {
  CoalescedRDD,
  MapPartitionsRDD,
  ParallelCollectionRDD,
  RDD,
  ReliableCheckpointRDD,
  TextFileRDD,
  UnionRDD,
  ZippedWithIndexRDD,
  GeneratedRDD,
  OneToOneDependency,
  readShuffleBucket,
  cogroupRecords,
  readShuffleInput,
  concatPartitions,
  type Dependency,
} from '../rdd/internal.js';
import { StorageLevel } from '../storage/StorageLevel.js';

/** An RDD with no lineage on the worker: it computes partitions by a given function. */
class WorkerSourceRDD<T> extends RDD<T> {
  constructor(
    sc: RDDContext,
    id: number,
    private readonly numPartitions: number,
    private readonly computeSplit: (split: Partition, context: TaskContext) => Iterable<T>,
  ) {
    super(sc, id);
  }

  protected getPartitions(): Partition[] {
    return Array.from({ length: this.numPartitions }, (_, index) => ({ index }));
  }

  protected getDependencies(): Dependency[] {
    return [];
  }

  compute(split: Partition, context: TaskContext): Iterable<T> {
    return this.computeSplit(split, context);
  }

  describe(): RDDDescriptor {
    throw new Error('a worker-side RDD is never shipped again');
  }
}

/**
 * The worker's stand-in for a checkpointed RDD: the driver's id and storage level, records read
 * from its checkpoint files. Like the driver's RDD after checkpointing, it is never "computed"
 * itself: the checkpoint RDD under it is.
 */
class CheckpointedRDD<T> extends RDD<T> {
  constructor(
    sc: RDDContext,
    id: number,
    private readonly files: RDD<T>,
  ) {
    super(sc, id);
  }

  protected getPartitions(): Partition[] {
    return this.files.partitions;
  }

  protected getDependencies(): Dependency[] {
    return [new OneToOneDependency(this.files)];
  }

  override computeOrReadCheckpoint(split: Partition, context: TaskContext): Iterable<T> {
    return this.files.iterator(split, context);
  }

  compute(split: Partition, context: TaskContext): Iterable<T> {
    return this.files.iterator(split, context);
  }

  describe(): RDDDescriptor {
    throw new Error('a worker-side RDD is never shipped again');
  }
}

/** Rebuilds the RDD a descriptor names (its parents first). */
export function reviveRDD(desc: RDDDescriptor, sc: RDDContext): RDD<unknown> {
  const parents = desc.parents.map((p) => reviveRDD(p, sc));
  const rdd = build(desc, parents, sc);
  const level = StorageLevel.fromString(desc.storageLevel);
  if (level.isValid) rdd.persist(level);
  return rdd;
}

function build(desc: RDDDescriptor, parents: RDD<unknown>[], sc: RDDContext): RDD<unknown> {
  switch (desc.kind) {
    case 'parallelCollection': {
      const slices = desc.slices as Record<number, unknown[]>;
      return new ParallelCollectionRDD(sc, Array.from({ length: desc.numPartitions }, (_, i) => slices[i] ?? []), desc.id);
    }
    case 'mapPartitions':
      return new MapPartitionsRDD(parents[0], desc.op as PartitionOp, false, desc.id);
    case 'union':
      return new UnionRDD(sc, parents, desc.id);
    case 'partitionerAwareUnion':
      return new WorkerSourceRDD(sc, desc.id, desc.numPartitions, (split, context) => concatPartitions(parents, split, context));
    case 'coalesced':
      return new CoalescedRDD(parents[0], desc.numPartitions, desc.id);
    case 'zippedWithIndex':
      return new ZippedWithIndexRDD(parents[0], desc.id, desc.startIndices as number[]);
    case 'textFile':
      return new TextFileRDD(sc, desc.path as string, 0, desc.id, desc.partitionList as TextFilePartition[]);
    case 'generated':
      return new GeneratedRDD(sc, desc.numPartitions, desc.generator as (partition: number) => Iterable<unknown>, desc.id);
    case 'checkpointed':
      return new CheckpointedRDD(sc, desc.id, parents[0]);
    case 'checkpointFile':
      return new ReliableCheckpointRDD(sc, desc.path as string, desc.numPartitions, desc.id);
    case 'shuffled': {
      const dep = {
        shuffleId: desc.shuffleId as number,
        aggregator: desc.aggregator as Aggregator<unknown, unknown, unknown> | undefined,
        mapSideCombine: desc.mapSideCombine as boolean,
        ascending: desc.ascending as boolean | undefined,
      };
      return new WorkerSourceRDD(sc, desc.id, desc.numPartitions, (split, context) => readShuffleBucket(dep, split.index, context));
    }
    case 'shuffleInput':
      return new WorkerSourceRDD(sc, -1, desc.numPartitions, (split, context) => readShuffleInput(desc.shuffleId as number, split.index, context));
    case 'cogrouped':
      return new WorkerSourceRDD(sc, desc.id, desc.numPartitions, (split, context) =>
        cogroupRecords(parents.map((parent) => parent.iterator(parent.partitions[split.index], context) as Iterable<[unknown, unknown]>)),
      );
    default:
      throw new Error(`Unknown RDD kind "${desc.kind}" in a task sent to a worker`);
  }
}
