/**
 * Describes the part of a stage's lineage that one task needs: the RDDs from the task's RDD down
 * to the shuffle inputs, with only the partitions this task reads. Spark serialises the RDD and
 * closure into the task binary; this is that step, as plain data.
 */
import type { RDD } from '../rdd/internal.js';
import type { RDDDescriptor } from '../rdd/RDDDescriptor.js';

/** The descriptor of `rdd` for computing partition `split` on a worker. */
export function describeLineage(rdd: RDD<unknown>, split: number): RDDDescriptor {
  return describeLineageForSplits(rdd, [split]);
}

/**
 * The descriptor of `rdd` for the given partitions. With no partitions it still holds every
 * function of the lineage, in every branch, but no data: what the serialisability check needs.
 */
export function describeLineageForSplits(rdd: RDD<unknown>, splits: number[]): RDDDescriptor {
  const describe = (current: RDD<unknown>, splits: number[]): RDDDescriptor => {
    const checkpointed = current.checkpointData?.checkpointRDD;
    const own = checkpointed ? checkpointed.describe() : current.describe(splits, describe);
    // A checkpointed RDD keeps its own id and storage level, so cached blocks keep their names.
    return checkpointed ? { ...own, id: current.id, storageLevel: current.storageLevel.name } : own;
  };
  return describe(rdd, splits);
}
