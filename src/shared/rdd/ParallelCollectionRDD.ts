/**
 * An RDD over an in-memory array, cut into slices. Spark: core/.../rdd/ParallelCollectionRDD.scala.
 */
import type { TaskContext } from '../scheduler/TaskContext.js';
import type { Partition } from './Partition.js';
import { RDD, type Dependency } from './internal.js';
import type { RDDContext } from './RDDContext.js';
import type { RDDDescriptor } from './RDDDescriptor.js';

/** A slice of the collection. */
export interface ParallelCollectionPartition<T> extends Partition {
  readonly values: readonly T[];
}

/**
 * Spark's slicing: slice i holds positions [floor(i*n/s), floor((i+1)*n/s)), so 10 items in
 * 3 slices are sized 3, 3, 4.
 */
export function slicePositions(length: number, numSlices: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < numSlices; i++) {
    out.push([Math.floor((i * length) / numSlices), Math.floor(((i + 1) * length) / numSlices)]);
  }
  return out;
}

/** The RDD that `sc.parallelize` and `sc.range` create. */
export class ParallelCollectionRDD<T> extends RDD<T> {
  readonly #slices: (readonly T[])[];

  constructor(sc: RDDContext, slices: (readonly T[])[], id?: number) {
    super(sc, id);
    this.#slices = slices;
  }

  /** Cuts `data` into `numSlices` slices the way Spark does. */
  static of<T>(sc: RDDContext, data: readonly T[], numSlices: number): ParallelCollectionRDD<T> {
    return new ParallelCollectionRDD(sc, slicePositions(data.length, numSlices).map(([from, until]) => data.slice(from, until)));
  }

  protected getPartitions(): Partition[] {
    return this.#slices.map((values, index): ParallelCollectionPartition<T> => ({ index, values }));
  }

  protected getDependencies(): Dependency[] {
    return [];
  }

  compute(split: Partition, context: TaskContext): Iterable<T> {
    const values = (split as ParallelCollectionPartition<T>).values;
    context.metrics.recordsRead += values.length;
    return values;
  }

  describe(splits: number[]): RDDDescriptor {
    const slices: Record<number, readonly T[]> = {};
    for (const s of splits) slices[s] = this.#slices[s];
    return { kind: 'parallelCollection', id: this.id, numPartitions: this.#slices.length, storageLevel: this.storageLevel.name, parents: [], slices };
  }
}
