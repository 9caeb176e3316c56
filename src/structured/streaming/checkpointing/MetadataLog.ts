/**
 * A log of one metadata record per batch, one file per batch id in a directory. Spark:
 * sql/core/.../execution/streaming/HDFSMetadataLog.scala (and MetadataVersionUtil for the
 * version line of the text formats).
 *
 * The offset log, the commit log, the file source's seen-files log and the file sink's
 * `_spark_metadata` log are all MetadataLogs with their own serializer. A batch file is written
 * once, atomically, and never replaced: `add` on an existing batch id returns false.
 */
import * as path from 'node:path';
import { CheckpointErrors } from '../streamingErrors.js';
import { CheckpointFileManager } from './CheckpointFileManager.js';

/** Where a serializer is reading from, for error messages. */
export interface MetadataFileContext {
  /** The file being read. */
  readonly file: string;
  /** What the log is called in messages: "offset log", "commit log". */
  readonly logName: string;
}

/** Turns one batch's metadata into file content and back. */
export interface MetadataSerializer<T> {
  serialize(metadata: T): string;
  /** @throws IllegalStateError CHECKPOINT_FILE_DAMAGED when the text cannot be read back */
  deserialize(text: string, context: MetadataFileContext): T;
}

/** Options for a MetadataLog. */
export interface MetadataLogOptions {
  /** The name used in messages; "metadata log" by default. */
  readonly logName?: string;
  readonly fileManager?: CheckpointFileManager;
}

/** One batch of a log: its id and its metadata. */
export interface MetadataLogEntry<T> {
  readonly batchId: number;
  readonly metadata: T;
}

const BATCH_FILE = /^\d+$/;

/**
 * A directory of batch files `<dir>/<batchId>`, each holding one batch's metadata.
 *
 * @example
 * const log = new MetadataLog('/ckpt/commits', jsonSerializer<{ n: number }>());
 * log.add(0, { n: 1 });   // true: written
 * log.add(0, { n: 2 });   // false: batch 0 is already there and stays as it was
 * log.getLatest();        // { batchId: 0, metadata: { n: 1 } }
 */
export class MetadataLog<T> {
  readonly logName: string;
  readonly #fm: CheckpointFileManager;
  /** Every batch below this id was purged by this log (batch ids only grow), so a later purge need not list the directory. */
  #purgedBelow: number | undefined;

  constructor(
    /** The directory of the batch files. */
    readonly dir: string,
    private readonly serializer: MetadataSerializer<T>,
    options: MetadataLogOptions = {},
  ) {
    this.logName = options.logName ?? 'metadata log';
    this.#fm = options.fileManager ?? new CheckpointFileManager();
  }

  /** The file of one batch: `<dir>/<batchId>`. */
  batchFile(batchId: number): string {
    return path.join(this.dir, String(batchId));
  }

  /**
   * Writes the metadata of `batchId` unless that batch is already logged.
   * @returns true when written, false when the batch already had a file (which is left unchanged)
   * @throws IllegalArgumentError CHECKPOINT_INVALID_BATCH_ID for a negative or fractional id
   */
  add(batchId: number, metadata: T): boolean {
    this.#checkBatchId(batchId);
    // A batch below what was purged: the next purge lists the directory again to find it.
    if (this.#purgedBelow !== undefined && batchId < this.#purgedBelow) this.#purgedBelow = undefined;
    return this.#fm.createAtomic(this.batchFile(batchId), this.serializer.serialize(metadata));
  }

  /**
   * The metadata of `batchId`, or undefined when it was never logged (or purged).
   * @throws IllegalStateError CHECKPOINT_FILE_DAMAGED naming the file when it cannot be read back
   */
  get(batchId: number): T | undefined {
    this.#checkBatchId(batchId);
    const file = this.batchFile(batchId);
    const text = this.#fm.readIfExists(file);
    if (text === undefined) return undefined;
    return this.serializer.deserialize(text, { file, logName: this.logName });
  }

  /** The logged batch ids, ascending. */
  listBatches(): number[] {
    return this.#fm
      .list(this.dir)
      .filter((name) => BATCH_FILE.test(name))
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** The highest logged batch id, or undefined for an empty log. */
  getLatestBatchId(): number | undefined {
    const batches = this.listBatches();
    return batches[batches.length - 1];
  }

  /** The highest logged batch and its metadata, or undefined for an empty log. */
  getLatest(): MetadataLogEntry<T> | undefined {
    const batchId = this.getLatestBatchId();
    if (batchId === undefined) return undefined;
    return { batchId, metadata: this.#getExisting(batchId) };
  }

  /**
   * The batches with startId <= batchId <= endId (either bound may be left out), ascending.
   * @throws IllegalStateError CHECKPOINT_LOG_GAP when a batch in the range is missing
   */
  getRange(startId?: number, endId?: number): MetadataLogEntry<T>[] {
    const batchIds = this.listBatches().filter(
      (id) => (startId === undefined || id >= startId) && (endId === undefined || id <= endId),
    );
    const first = startId ?? batchIds[0];
    const last = endId ?? batchIds[batchIds.length - 1];
    if (first !== undefined && last !== undefined && first <= last) {
      const present = new Set(batchIds);
      const missing: number[] = [];
      for (let id = first; id <= last; id++) if (!present.has(id)) missing.push(id);
      if (missing.length > 0) throw CheckpointErrors.missingBatches(this.logName, this.dir, missing);
    }
    return batchIds.map((batchId) => ({ batchId, metadata: this.#getExisting(batchId) }));
  }

  /** Deletes every batch file with an id below `thresholdBatchId` (Spark's purge). */
  purge(thresholdBatchId: number): void {
    const purgedBelow = this.#purgedBelow;
    if (purgedBelow !== undefined && thresholdBatchId >= purgedBelow && thresholdBatchId - purgedBelow <= 100) {
      // The query purges one batch per batch once it has minBatchesToRetain: delete just those.
      for (let batchId = purgedBelow; batchId < thresholdBatchId; batchId++) this.#fm.delete(this.batchFile(batchId));
    } else {
      for (const batchId of this.listBatches()) {
        if (batchId < thresholdBatchId) this.#fm.delete(this.batchFile(batchId));
      }
    }
    this.#purgedBelow = Math.max(thresholdBatchId, purgedBelow ?? 0);
  }

  #getExisting(batchId: number): T {
    const metadata = this.get(batchId);
    if (metadata === undefined) throw CheckpointErrors.missingBatches(this.logName, this.dir, [batchId]);
    return metadata;
  }

  #checkBatchId(batchId: number): void {
    if (!Number.isSafeInteger(batchId) || batchId < 0) throw CheckpointErrors.invalidBatchId(this.logName, batchId);
  }
}
