/**
 * The log of completed batches: `commits/N` is written after batch N's output reached the sink,
 * with the watermark the next batch starts from. Spark: sql/core/.../execution/streaming/CommitLog.scala.
 *
 * File format (no trailing newline): `v1\n{"nextBatchWatermarkMs":0}`. A batch with an offset-log
 * entry but no commit-log entry did not finish, and a restart runs it again.
 */
import * as path from 'node:path';
import type { CheckpointFileManager } from './CheckpointFileManager.js';
import { MetadataLog } from './MetadataLog.js';
import { jsonSerializer } from './versionedText.js';

/** What the commit log records for one batch. Spark: CommitMetadata. */
export interface CommitMetadata {
  /** The watermark, in epoch ms, the next batch runs with. */
  readonly nextBatchWatermarkMs: number;
}

/**
 * The commit log in `<checkpoint>/commits`.
 *
 * @example
 * const commits = new CommitLog('/ckpt');
 * commits.add(0, { nextBatchWatermarkMs: 5000 });   // file commits/0: v1\n{"nextBatchWatermarkMs":5000}
 */
export class CommitLog extends MetadataLog<CommitMetadata> {
  constructor(checkpointDir: string, fileManager?: CheckpointFileManager) {
    super(
      path.join(checkpointDir, 'commits'),
      {
        ...jsonSerializer<CommitMetadata>((value) => {
          const ms = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).nextBatchWatermarkMs : undefined;
          return typeof ms === 'number' ? undefined : 'line 2 has no numeric nextBatchWatermarkMs';
        }),
        // Only the known field is written, so extra properties of the argument never reach the file.
        serialize: (metadata) => `v1\n${JSON.stringify({ nextBatchWatermarkMs: metadata.nextBatchWatermarkMs })}`,
      },
      { logName: 'commit log', fileManager },
    );
  }
}
