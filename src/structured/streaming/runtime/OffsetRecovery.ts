/**
 * Where a (re)started query resumes, read from its offset and commit logs. Spark:
 * MicroBatchExecution.populateStartOffsets.
 *
 * offsets/N without commits/N means batch N was planned but its output may not have reached the
 * sink: it is run again with exactly the logged offsets, timestamp and watermark, and the sink
 * drops what it already has by batch id. offsets/N with commits/N means the next batch is N + 1.
 */
import type { CommitLog } from '../checkpointing/CommitLog.js';
import type { OffsetSeqLog, OffsetSeqMetadata } from '../checkpointing/OffsetSeqLog.js';
import type { Offset } from '../sources/Offset.js';

/** The position a run starts from. */
export interface RecoveredPosition {
  /** The batch the first trigger runs (or constructs). */
  readonly batchId: number;
  /** True when `batchId` is already in the offset log and must be re-run as logged. */
  readonly isBatchConstructed: boolean;
  /** Per source, the end offset of the last committed batch (undefined: from the beginning). */
  readonly committedOffsets: readonly (Offset | undefined)[];
  /** Per source, the end offsets of `batchId` when it is constructed; else the committed ones. */
  readonly availableOffsets: readonly (Offset | undefined)[];
  /** The logged metadata of the newest batch (undefined for a new checkpoint). */
  readonly metadata: OffsetSeqMetadata | undefined;
  /** The watermark the next batch runs with. */
  readonly watermarkMs: number;
}

/** Reads the logs of a checkpoint with `numSources` sources. */
export function recoverStartOffsets(offsetLog: OffsetSeqLog, commitLog: CommitLog, numSources: number): RecoveredPosition {
  const none = Array.from({ length: numSources }, (): Offset | undefined => undefined);
  const latest = offsetLog.getLatest();
  if (!latest) {
    return { batchId: 0, isBatchConstructed: false, committedOffsets: none, availableOffsets: none, metadata: undefined, watermarkMs: 0 };
  }
  const available = latest.metadata.offsets;
  const previous = latest.batchId > 0 ? offsetLog.get(latest.batchId - 1) : undefined;
  const committed = previous?.offsets ?? none;
  const lastCommit = commitLog.getLatest();
  const metadata = latest.metadata.metadata;
  if (lastCommit?.batchId === latest.batchId) {
    return {
      batchId: latest.batchId + 1,
      isBatchConstructed: false,
      committedOffsets: available,
      availableOffsets: available,
      metadata,
      watermarkMs: Math.max(metadata.batchWatermarkMs, lastCommit.metadata.nextBatchWatermarkMs),
    };
  }
  return {
    batchId: latest.batchId,
    isBatchConstructed: true,
    committedOffsets: committed,
    availableOffsets: available,
    metadata,
    watermarkMs: metadata.batchWatermarkMs,
  };
}
