/**
 * The number of state partitions of a query, fixed by its first run. Spark keeps
 * `spark.sql.shuffle.partitions` in the conf of every offset-log entry (OffsetSeqMetadata) and a
 * restart uses the stored value: sql/core/.../execution/streaming/OffsetSeq.scala
 * (OffsetSeqMetadata.setSessionConf).
 *
 * Differs from Spark: Spark silently keeps the stored number even when the restart sets another
 * one (it only logs a warning). Here a restart that sets a different number explicitly is refused
 * with STATE_PARTITIONS_CHANGED, because the user asked for something that will not happen; a
 * restart that leaves it unset gets the stored number, as in Spark.
 */
import { OffsetSeqLog } from '../checkpointing/OffsetSeqLog.js';
import { StateStoreErrors } from '../streamingErrors.js';

/** The conf key under which the offset log stores the number of state partitions. */
export const SHUFFLE_PARTITIONS_KEY = 'spark.sql.shuffle.partitions';

/** Reads and resolves the number of state partitions of a checkpoint. */
export const StatePartitions = {
  /** The number stored in the latest offset-log entry, or undefined for a new checkpoint. */
  read(checkpointDir: string): number | undefined {
    const latest = new OffsetSeqLog(checkpointDir).getLatest();
    const stored = latest?.metadata.metadata.conf[SHUFFLE_PARTITIONS_KEY];
    return stored === undefined ? undefined : Number(stored);
  },

  /**
   * The number this run must use: the stored one if the checkpoint has one, else the requested
   * one, else the session default.
   * @param requested the number the user set explicitly for this run, or undefined when unset
   * @throws IllegalArgumentError STATE_PARTITIONS_CHANGED when `requested` differs from the stored number
   * @example
   * StatePartitions.resolve('/ckpt', undefined, 200);   // 4 when the first run used 4
   */
  resolve(checkpointDir: string, requested: number | undefined, sessionDefault: number): number {
    const stored = StatePartitions.read(checkpointDir);
    if (stored === undefined) return requested ?? sessionDefault;
    if (requested !== undefined && requested !== stored) {
      throw StateStoreErrors.numPartitionsChanged(checkpointDir, stored, requested);
    }
    return stored;
  },

  /** The conf entry to write into each offset-log entry's metadata. */
  toConf(numPartitions: number): Record<string, string> {
    return { [SHUFFLE_PARTITIONS_KEY]: String(numPartitions) };
  },
};
