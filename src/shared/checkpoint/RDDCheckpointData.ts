/**
 * The checkpoint state of one RDD: marked, then written by a job after the first action, then
 * read from files with the lineage cut. Spark: core/.../rdd/ReliableRDDCheckpointData.scala.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IllegalStateError } from '../errors.js';
import { bind } from '../util/closure.js';
import { registerBuiltin } from '../util/builtinFunctions.js';
import type { RDD } from '../rdd/internal.js';
import { ReliableCheckpointRDD, checkpointFileName } from './ReliableCheckpointRDD.js';

/** Tracks whether an RDD's checkpoint was written and where. */
export class RDDCheckpointData<T> {
  checkpointRDD: ReliableCheckpointRDD<T> | undefined;
  checkpointPath: string | undefined;
  #writing: Promise<void> | undefined;

  constructor(readonly rdd: RDD<T>) {
    if (!rdd.sc.checkpointDir) {
      throw new IllegalStateError(
        'CHECKPOINT_DIR_NOT_SET',
        `Checkpoint directory has not been set in the SparkContext: RDD ${rdd.id} cannot be checkpointed. Call sc.setCheckpointDir(dir) first.`,
      );
    }
  }

  /**
   * Writes every partition with a job of its own (the RDD is recomputed unless it is cached).
   * Only the first call writes: the writing job ends by checkpointing its own lineage, which is
   * this RDD again, and must not wait for itself (Spark's doCheckpointCalled flag).
   */
  doCheckpoint(): Promise<void> {
    if (this.checkpointRDD || this.#writing) return Promise.resolve();
    this.#writing = this.#write().catch((error: unknown) => {
      this.#writing = undefined;
      throw error;
    });
    return this.#writing;
  }

  async #write(): Promise<void> {
    const path = join(this.rdd.sc.checkpointDir as string, `rdd-${this.rdd.id}`);
    mkdirSync(path, { recursive: true });
    await this.rdd.sc.runJob(this.rdd, bind(writeCheckpointPartition, { path }));
    writeFileSync(join(path, '_partitions'), String(this.rdd.getNumPartitions()));
    this.checkpointPath = path;
    this.checkpointRDD = new ReliableCheckpointRDD<T>(this.rdd.sc, path, this.rdd.getNumPartitions());
  }
}

/** Runs on the executor that computed the partition: the rows never travel to the driver. */
const writeCheckpointPartition = registerBuiltin(
  'checkpoint.writePartition',
  (items: Iterable<unknown>, context: { partitionId: number }, env: { path: string }) => {
    writeFileSync(join(env.path, checkpointFileName(context.partitionId)), JSON.stringify(Array.from(items)));
  },
);
