/**
 * The RDD of one batch of a direct log stream: one partition per offset range, holding the
 * records of that range. Spark: connector/kafka-0-10/.../KafkaRDD.scala (and HasOffsetRanges).
 *
 * The log is read when a partition is computed (inline executors) or shipped (worker executors),
 * not when the batch is generated, so a recovered batch whose records were removed by retention
 * fails only if it is actually recomputed, as a KafkaRDD would.
 * Differs from Spark: a worker executor receives the records with the task (an in-memory log
 * cannot be opened by a worker thread); Spark's executors read Kafka themselves.
 */
import type { OffsetRange, PartitionedLog, Partition, Dependency, RDDContext, TaskContext } from '../../shared/index.js';
import { RDD } from '../../shared/index.js';
import type { RDDDescriptor } from '../../shared/rdd/RDDDescriptor.js';

/** A batch of a direct log stream, with the offset range each partition read. */
export class LogRDD<T> extends RDD<T> {
  constructor(
    sc: RDDContext,
    readonly log: PartitionedLog,
    /** One range per partition, in partition order: Spark's `HasOffsetRanges.offsetRanges`. */
    readonly offsetRanges: readonly OffsetRange[],
  ) {
    super(sc);
  }

  protected getPartitions(): Partition[] {
    return this.offsetRanges.map((_, index) => ({ index }));
  }

  protected getDependencies(): Dependency[] {
    return [];
  }

  compute(split: Partition, context: TaskContext): Iterable<T> {
    const records = this.log.readRange(this.offsetRanges[split.index]) as T[];
    context.metrics.recordsRead += records.length;
    return records;
  }

  /** Ships the requested ranges' records as a parallel collection: what the worker rebuilds. */
  describe(splits: number[]): RDDDescriptor {
    const slices: Record<number, unknown[]> = {};
    for (const s of splits) slices[s] = this.log.readRange(this.offsetRanges[s]);
    return { kind: 'parallelCollection', id: this.id, numPartitions: this.offsetRanges.length, storageLevel: this.storageLevel.name, parents: [], slices };
  }
}

/** The offset ranges of a batch RDD of a direct log stream (Spark: `rdd.asInstanceOf[HasOffsetRanges]`). */
export function hasOffsetRanges<T>(rdd: RDD<T>): rdd is LogRDD<T> {
  return rdd instanceof LogRDD;
}
