/**
 * Applies a function to each partition of its parent: map, flatMap, filter, mapPartitions and
 * the other narrow per-record transformations. Spark: core/.../rdd/MapPartitionsRDD.scala.
 *
 * The operation is kept as data (kind + function), not a pre-built closure, so that a worker
 * thread can receive the same operation as source text and rebuild it.
 */
import type { TaskContext } from '../scheduler/TaskContext.js';
import type { Partition } from './Partition.js';
import { OneToOneDependency, RDD, type Dependency } from './internal.js';
import type { RDDDescriptor } from './RDDDescriptor.js';
import type { Partitioner } from '../partitioner/Partitioner.js';
import { combineValuesByKey, type Aggregator } from '../shuffle/Aggregator.js';

/** The per-partition operations a MapPartitionsRDD can apply. */
export type PartitionOp =
  | { readonly kind: 'map' | 'keyBy' | 'mapValues'; readonly fn: (x: unknown) => unknown }
  | { readonly kind: 'flatMap' | 'flatMapValues'; readonly fn: (x: unknown) => Iterable<unknown> }
  | { readonly kind: 'filter'; readonly fn: (x: unknown) => boolean }
  | { readonly kind: 'partitions'; readonly fn: (items: Iterable<unknown>, context: TaskContext) => Iterable<unknown> }
  | { readonly kind: 'partitionsWithIndex'; readonly fn: (index: number, items: Iterable<unknown>) => Iterable<unknown> }
  | { readonly kind: 'glom' }
  | { readonly kind: 'combineByKey'; readonly aggregator: Aggregator<unknown, unknown, unknown> };

/** The result of applying `op` to one partition's records. */
export function applyPartitionOp(op: PartitionOp, items: Iterable<unknown>, index: number, context: TaskContext): Iterable<unknown> {
  const out: unknown[] = [];
  switch (op.kind) {
    case 'map': {
      // Partitions are arrays on the hot path: a preallocated result avoids regrowing it.
      const fn = op.fn;
      if (!Array.isArray(items)) return Array.from(items, (x) => fn(x));
      const mapped = new Array<unknown>(items.length);
      for (let i = 0; i < items.length; i++) mapped[i] = fn(items[i]);
      return mapped;
    }
    case 'keyBy': {
      const fn = op.fn;
      return Array.from(items, (x) => [fn(x), x]);
    }
    case 'mapValues': {
      const fn = op.fn;
      return Array.from(items as Iterable<[unknown, unknown]>, ([k, v]) => [k, fn(v)]);
    }
    case 'flatMap':
      for (const x of items) for (const y of op.fn(x)) out.push(y);
      return out;
    case 'flatMapValues':
      for (const [k, v] of items as Iterable<[unknown, unknown]>) for (const y of op.fn(v)) out.push([k, y]);
      return out;
    case 'filter':
      for (const x of items) if (op.fn(x)) out.push(x);
      return out;
    case 'partitions':
      return op.fn(items, context);
    case 'partitionsWithIndex':
      return op.fn(index, items);
    case 'glom':
      return [Array.from(items)];
    case 'combineByKey':
      return combineValuesByKey(op.aggregator, items as Iterable<[unknown, unknown]>);
  }
}

/** A narrow transformation of each parent partition. */
export class MapPartitionsRDD<T> extends RDD<T> {
  constructor(
    readonly parent: RDD<unknown>,
    readonly op: PartitionOp,
    readonly preservesPartitioning = false,
    id?: number,
  ) {
    super(parent.sc, id);
  }

  protected getPartitions(): Partition[] {
    return this.parent.partitions;
  }

  protected getDependencies(): Dependency[] {
    return [new OneToOneDependency(this.parent)];
  }

  override get partitioner(): Partitioner | undefined {
    return this.preservesPartitioning ? this.parent.partitioner : undefined;
  }

  compute(split: Partition, context: TaskContext): Iterable<T> {
    return applyPartitionOp(this.op, this.parent.iterator(split, context), split.index, context) as Iterable<T>;
  }

  describe(splits: number[], describeParent: (rdd: RDD<unknown>, splits: number[]) => RDDDescriptor): RDDDescriptor {
    return {
      kind: 'mapPartitions',
      id: this.id,
      numPartitions: this.getNumPartitions(),
      storageLevel: this.storageLevel.name,
      parents: [describeParent(this.parent, splits)],
      op: this.op,
    };
  }
}
