/**
 * Which of a stream's RDDs have been written as checkpoints, what the last metadata checkpoint
 * refers to, and which files it no longer needs. Spark: streaming/.../dstream/DStreamCheckpointData.scala.
 */
import { rmSync } from 'node:fs';
import { ReliableCheckpointRDD, type RDD, type SparkContext } from '../../shared/index.js';

/** A checkpointed RDD of one batch: where its files are. */
export interface CheckpointFile {
  readonly path: string;
  readonly numPartitions: number;
}

/** The checkpoint files of one DStream, by batch time in ms. */
export class DStreamCheckpointData<T> {
  /** The checkpointed RDDs the latest metadata checkpoint refers to, by batch time in ms. */
  files = new Map<number, CheckpointFile>();
  /** Files no longer referred to, deleted once a newer metadata checkpoint is written. */
  #obsolete: CheckpointFile[] = [];

  /** Records which generated RDDs have been written as checkpoints, for the metadata checkpoint. */
  update(generatedRDDs: ReadonlyMap<number, RDD<T>>): void {
    const current = new Map<number, CheckpointFile>();
    for (const [timeMs, rdd] of generatedRDDs) {
      const path = rdd.getCheckpointFile();
      if (path && rdd.isCheckpointed) current.set(timeMs, { path, numPartitions: rdd.getNumPartitions() });
    }
    // Keep the previous files when none is new, as Spark does: the state must stay recoverable.
    if (current.size === 0) return;
    const kept = new Set([...current.values()].map((f) => f.path));
    for (const file of this.files.values()) if (!kept.has(file.path)) this.#obsolete.push(file);
    this.files = current;
  }

  /** Deletes the checkpointed RDDs the last written metadata checkpoint no longer refers to. */
  cleanup(): void {
    for (const file of this.#obsolete.splice(0)) rmSync(file.path, { recursive: true, force: true });
  }

  /** After a restart: the checkpointed RDDs come back as RDDs read from their files. */
  restore(sc: SparkContext, generatedRDDs: Map<number, RDD<T>>): void {
    for (const [timeMs, file] of this.files) {
      generatedRDDs.set(timeMs, new ReliableCheckpointRDD<T>(sc, file.path, file.numPartitions));
    }
  }
}
