/**
 * An RDD whose partitions are produced on the executor by a function of the partition index: a
 * seeded workload generator, a range, a reader of some external source. Spark has no public
 * equivalent; its closest are `sc.range` (computed per partition, never shipped) and a custom
 * RDD subclass overriding compute().
 *
 * Only the function travels to a worker executor, never the rows: this is the source to use on
 * `local-workers[N]`, where shipping rows as objects costs more than computing them.
 */
import type { TaskContext } from '../scheduler/TaskContext.js';
import type { Partition } from './Partition.js';
import { RDD, type Dependency } from './internal.js';
import type { RDDContext } from './RDDContext.js';
import type { RDDDescriptor } from './RDDDescriptor.js';

/** The RDD `sc.generate` creates. */
export class GeneratedRDD<T> extends RDD<T> {
  constructor(
    sc: RDDContext,
    readonly numPartitions: number,
    /** Self-contained (or bound with bind): it is shipped to worker executors as source text. */
    readonly generator: (partition: number) => Iterable<T>,
    id?: number,
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
    const items = this.generator(split.index);
    const rows = Array.isArray(items) ? (items as T[]) : Array.from(items);
    context.metrics.recordsRead += rows.length;
    return rows;
  }

  describe(): RDDDescriptor {
    return { kind: 'generated', id: this.id, numPartitions: this.numPartitions, storageLevel: this.storageLevel.name, parents: [], generator: this.generator };
  }
}
