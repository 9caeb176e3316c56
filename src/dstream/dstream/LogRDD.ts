/**
 * The RDD of one batch of a direct log stream: one partition per offset range, holding the
 * records of that range. Spark: connector/kafka-0-10/.../KafkaRDD.scala (and HasOffsetRanges).
 *
 * Differs from Spark: the records are read on the driver when the batch is generated and shipped
 * as the partition's data (an in-memory log cannot be opened by a worker thread).
 */
import type { OffsetRange } from '../../shared/log/OffsetRange.js';
import type { PartitionedLog } from '../../shared/log/PartitionedLog.js';
import { ParallelCollectionRDD } from '../../shared/rdd/ParallelCollectionRDD.js';
import type { RDD } from '../../shared/rdd/RDD.js';
import type { RDDContext } from '../../shared/rdd/RDDContext.js';

/** A batch of a direct log stream, with the offset range each partition read. */
export class LogRDD<T> extends ParallelCollectionRDD<T> {
  constructor(
    sc: RDDContext,
    log: PartitionedLog,
    /** One range per partition, in partition order: Spark's `HasOffsetRanges.offsetRanges`. */
    readonly offsetRanges: readonly OffsetRange[],
  ) {
    super(sc, offsetRanges.map((range) => log.readRange(range) as T[]));
  }
}

/** The offset ranges of a batch RDD of a direct log stream (Spark: `rdd.asInstanceOf[HasOffsetRanges]`). */
export function hasOffsetRanges<T>(rdd: RDD<T>): rdd is LogRDD<T> {
  return rdd instanceof LogRDD;
}
