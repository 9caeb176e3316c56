/**
 * Applies a function to each partition of its parent: map, flatMap, filter, mapPartitions and
 * the other narrow per-record transformations. Spark: core/.../rdd/MapPartitionsRDD.scala.
 *
 * The operation is kept as data (kind + function), not a pre-built closure, so that a worker
 * thread can receive the same operation as source text and rebuild it.
 */
import type { TaskContext } from '../scheduler/TaskContext.js';
import type { Partition } from './Partition.js';
import { OneToOneDependency, ParallelCollectionRDD, RDD, type Dependency } from './internal.js';
import type { RDDDescriptor } from './RDDDescriptor.js';
import type { Partitioner } from '../partitioner/Partitioner.js';
import { combineValuesByKey, type Aggregator } from '../shuffle/Aggregator.js';
import { attachRecord } from './attachRecord.js';

/** The per-partition operations a MapPartitionsRDD can apply. */
export type PartitionOp =
  | { readonly kind: 'map' | 'keyBy' | 'mapValues'; readonly fn: (x: unknown) => unknown }
  | { readonly kind: 'flatMap' | 'flatMapValues'; readonly fn: (x: unknown) => Iterable<unknown> }
  | { readonly kind: 'filter'; readonly fn: (x: unknown) => boolean }
  | { readonly kind: 'partitions'; readonly fn: (items: Iterable<unknown>, context: TaskContext) => Iterable<unknown> }
  | { readonly kind: 'partitionsWithIndex'; readonly fn: (index: number, items: Iterable<unknown>) => Iterable<unknown> }
  | { readonly kind: 'glom' }
  | { readonly kind: 'combineByKey'; readonly aggregator: Aggregator<unknown, unknown, unknown> };

/**
 * The result of applying `op` to one partition's records. When a user function of an
 * element-wise operation throws, the error names the record (attachRecord.ts); the loops keep
 * the index outside one try around the whole loop, not a try per record.
 */
export function applyPartitionOp(op: PartitionOp, items: Iterable<unknown>, index: number, context: TaskContext): Iterable<unknown> {
  switch (op.kind) {
    case 'map':
    case 'keyBy':
    case 'mapValues':
    case 'flatMap':
    case 'flatMapValues':
    case 'filter':
      // Partitions are arrays on the hot path; anything else is read first, so a failure of the
      // parent's own iterator is never blamed on a record of this operation.
      return applyElementOp(op, Array.isArray(items) ? items : Array.from(items));
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

type ElementOp = Extract<PartitionOp, { kind: 'map' | 'keyBy' | 'mapValues' | 'flatMap' | 'flatMapValues' | 'filter' }>;

function isElementOp(op: PartitionOp): op is ElementOp {
  return op.kind === 'map' || op.kind === 'filter' || op.kind === 'flatMap' || op.kind === 'keyBy' || op.kind === 'mapValues' || op.kind === 'flatMapValues';
}

/** `op` over items[from, until): a parallelized slice is read in place, without a copy. */
function applyElementOp(op: ElementOp, items: readonly unknown[], from = 0, until = items.length): unknown[] {
  const n = until;
  let i = from;
  try {
    switch (op.kind) {
      case 'map': {
        // A preallocated result avoids regrowing it.
        const fn = op.fn;
        const mapped = new Array<unknown>(n - from);
        for (; i < n; i++) mapped[i - from] = fn(items[i]);
        return mapped;
      }
      case 'keyBy': {
        const fn = op.fn;
        const keyed = new Array<unknown>(n - from);
        for (; i < n; i++) keyed[i - from] = [fn(items[i]), items[i]];
        return keyed;
      }
      case 'mapValues': {
        const fn = op.fn;
        const mapped = new Array<unknown>(n - from);
        for (; i < n; i++) {
          const pair = items[i] as [unknown, unknown];
          mapped[i - from] = [pair[0], fn(pair[1])];
        }
        return mapped;
      }
      case 'flatMap': {
        const fn = op.fn;
        const out: unknown[] = [];
        // An array result (split, most user functions) is read by index, not through its iterator.
        for (; i < n; i++) {
          const ys = fn(items[i]);
          if (Array.isArray(ys)) for (let j = 0; j < ys.length; j++) out.push(ys[j]);
          else for (const y of ys) out.push(y);
        }
        return out;
      }
      case 'flatMapValues': {
        const fn = op.fn;
        const out: unknown[] = [];
        for (; i < n; i++) {
          const pair = items[i] as [unknown, unknown];
          for (const y of fn(pair[1])) out.push([pair[0], y]);
        }
        return out;
      }
      case 'filter': {
        const fn = op.fn;
        const out: unknown[] = [];
        for (; i < n; i++) if (fn(items[i])) out.push(items[i]);
        return out;
      }
    }
  } catch (error) {
    throw attachRecord(error, items[i]);
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
    const op = this.op;
    if (this.parent instanceof ParallelCollectionRDD && isElementOp(op)) {
      const range = (this.parent as ParallelCollectionRDD<unknown>).readRange(split, context);
      if (range) return applyElementOp(op, range.data, range.from, range.until) as T[];
    }
    return applyPartitionOp(op, this.parent.iterator(split, context), split.index, context) as Iterable<T>;
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
