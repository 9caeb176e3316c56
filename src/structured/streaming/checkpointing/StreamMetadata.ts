/**
 * The query id kept in `<checkpoint>/metadata`, so a restarted query keeps its id while each run
 * gets a new runId. Spark: sql/core/.../execution/streaming/StreamMetadata.scala.
 *
 * File format: `{"id":"<uuid>"}` (one JSON object, no version line, no trailing newline).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckpointErrors } from '../streamingErrors.js';
import { CheckpointFileManager } from './CheckpointFileManager.js';
import { isJsonObject } from './versionedText.js';

/** The content of the checkpoint's metadata file. */
export interface StreamMetadata {
  /** The query id: the same across restarts from this checkpoint. */
  readonly id: string;
}

const LOG_NAME = 'checkpoint metadata';

/** Reads and writes `<checkpoint>/metadata`. */
export const StreamMetadataFile = {
  /** The path of the metadata file of a checkpoint. */
  path(checkpointDir: string): string {
    return path.join(checkpointDir, 'metadata');
  },

  /**
   * The stored metadata, or undefined for a new checkpoint.
   * @throws IllegalStateError CHECKPOINT_FILE_DAMAGED when the file is not `{"id":"..."}`
   */
  read(checkpointDir: string, fm = new CheckpointFileManager()): StreamMetadata | undefined {
    const file = StreamMetadataFile.path(checkpointDir);
    const text = fm.readIfExists(file);
    if (text === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw CheckpointErrors.damagedFile(LOG_NAME, file, `it is not JSON (${(error as Error).message})`);
    }
    if (!isJsonObject(value) || typeof value.id !== 'string' || value.id.length === 0) {
      throw CheckpointErrors.damagedFile(LOG_NAME, file, 'it should be {"id":"<query id>"}');
    }
    return { id: value.id };
  },

  /**
   * The stored metadata, or a new one written now with `newId()` (a random UUID by default).
   * Two starts racing on a new checkpoint both end with the id that was written first.
   * @throws IllegalStateError CHECKPOINT_METADATA_MISSING when the file is missing from a checkpoint that has batches
   */
  readOrCreate(checkpointDir: string, newId: () => string = randomUUID, fm = new CheckpointFileManager()): StreamMetadata {
    const existing = StreamMetadataFile.read(checkpointDir, fm);
    if (existing) return existing;
    // Differs from Spark, which writes a new id: a checkpoint with batches but no metadata lost its query's identity.
    const offsetsDir = path.join(checkpointDir, 'offsets');
    if (fs.existsSync(offsetsDir) && fs.readdirSync(offsetsDir).some((f) => /^\d+$/.test(f))) {
      throw CheckpointErrors.metadataMissing(StreamMetadataFile.path(checkpointDir), offsetsDir);
    }
    const metadata = { id: newId() };
    if (fm.createAtomic(StreamMetadataFile.path(checkpointDir), JSON.stringify(metadata))) return metadata;
    return StreamMetadataFile.read(checkpointDir, fm) as StreamMetadata;
  },
};
