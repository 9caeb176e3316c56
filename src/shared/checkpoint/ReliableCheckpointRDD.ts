/**
 * Reads an RDD back from its checkpoint files, one file per partition.
 * Spark: core/.../rdd/ReliableCheckpointRDD.scala.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SparkException } from '../errors.js';
import type { TaskContext } from '../scheduler/TaskContext.js';
import type { Partition } from '../rdd/Partition.js';
import type { RDDContext } from '../rdd/RDDContext.js';
import type { RDDDescriptor } from '../rdd/RDDDescriptor.js';
import { RDD, type Dependency } from '../rdd/internal.js';

/** The file that holds partition `index` of a checkpoint directory. */
export function checkpointFileName(index: number): string {
  return `part-${String(index).padStart(5, '0')}`;
}

/** Reads one checkpointed partition, with an error naming the file when it is missing or damaged. */
export function readCheckpointPartition(path: string, index: number): unknown[] {
  const file = join(path, checkpointFileName(index));
  if (!existsSync(file)) {
    throw new SparkException('CHECKPOINT_FILE_MISSING', `Checkpoint file ${file} does not exist: the checkpoint directory was changed after the RDD was written. Delete ${path} and run the job without the checkpoint.`);
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown[];
  } catch (cause) {
    throw new SparkException('CHECKPOINT_FILE_CORRUPT', `Checkpoint file ${file} is damaged and cannot be read (${(cause as Error).message}).`, { cause });
  }
}

/** An RDD with no parents: its partitions are the files under `path`. */
export class ReliableCheckpointRDD<T> extends RDD<T> {
  constructor(
    sc: RDDContext,
    readonly path: string,
    readonly numPartitions: number,
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
    const items = readCheckpointPartition(this.path, split.index) as T[];
    context.metrics.recordsRead += items.length;
    return items;
  }

  describe(): RDDDescriptor {
    return { kind: 'checkpointFile', id: this.id, numPartitions: this.numPartitions, storageLevel: 'NONE', parents: [], path: this.path };
  }
}
