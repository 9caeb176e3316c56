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
    if (!checkpointed) return current.describe(splits, describe);
    // A checkpointed RDD keeps its own id and storage level, so cached blocks keep their names,
    // and reads its records through the checkpoint RDD, which counts as the computed one.
    const files = checkpointed.describe();
    return { kind: 'checkpointed', id: current.id, numPartitions: files.numPartitions, storageLevel: current.storageLevel.name, parents: [files] };
  };
  return describe(rdd, splits);
}
