/**
 * Writes each batch as files in a directory, exactly once, through a metadata log of committed
 * files. Spark: sql/core/.../execution/streaming/FileStreamSink.scala, FileStreamSinkLog.scala
 * and ManifestFileCommitProtocol.scala.
 *
 * A batch writes one file per non-empty partition, `part-<partition:05d>-<uuid>-c000.<ext>`, then
 * logs them in `_spark_metadata/<batchId>` (`v1` and one SinkFileStatus JSON per line). Readers
 * trust only logged files, so the files of a batch that failed before its log entry are
 * invisible, and a batch already in the log is skipped when the engine runs it again.
 *
 * Differs from Spark: no log compaction; blockReplication and blockSize are the local file
 * system's values Spark reports (1 and 32 MiB).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StringType } from '../../types/DataType.js';
import type { StructType } from '../../types/StructType.js';
import { CheckpointFileManager } from '../checkpointing/CheckpointFileManager.js';
import { MetadataLog } from '../checkpointing/MetadataLog.js';
import { isJsonObject, jsonLinesSerializer } from '../checkpointing/versionedText.js';
import type { Row } from '../sources/Source.js';
import { SinkErrors } from '../streamingErrors.js';
import { type CsvWriteOptions, encodeRows, extensionOf, type SinkFileFormat } from './fileRowWriters.js';
import type { Sink } from './Sink.js';

/** One committed file (Spark's SinkFileStatus). */
export interface SinkFileStatus {
  /** The file's URI, `file:///dir/part-...`. */
  readonly path: string;
  readonly size: number;
  readonly isDir: boolean;
  readonly modificationTime: number;
  readonly blockReplication: number;
  readonly blockSize: number;
  readonly action: 'add' | 'delete';
}

/** Options of the file sink. */
export interface FileStreamSinkOptions {
  /** The output directory. */
  readonly path: string;
  readonly format: SinkFileFormat;
  readonly schema: StructType;
  readonly csv?: CsvWriteOptions;
  /** The job id in file names; a random UUID per batch by default. A seam for tests. */
  readonly newJobId?: () => string;
}

/** The metadata log directory of a file sink output. */
export function sinkMetadataDir(outputDir: string): string {
  return path.join(outputDir, '_spark_metadata');
}

/** The file sink. */
export class FileStreamSink implements Sink {
  readonly #log: MetadataLog<SinkFileStatus[]>;
  readonly #dir: string;
  readonly #fm = new CheckpointFileManager();

  /** @throws IllegalArgumentError UNSUPPORTED_SINK_FORMAT for another format, or text with a schema other than one string column */
  constructor(private readonly options: FileStreamSinkOptions) {
    if (!['json', 'csv', 'text'].includes(options.format)) throw SinkErrors.unsupportedFormat(options.format);
    if (options.format === 'text' && (options.schema.fields.length !== 1 || !options.schema.fields[0]!.dataType.sameType(StringType))) {
      throw SinkErrors.unsupportedFormat(`text with schema ${options.schema.simpleString} (text needs one string column)`);
    }
    this.#dir = path.resolve(options.path);
    this.#log = FileStreamSink.metadataLog(this.#dir);
  }

  /** The `_spark_metadata` log of an output directory, for readers of the sink's output. */
  static metadataLog(outputDir: string): MetadataLog<SinkFileStatus[]> {
    return new MetadataLog(sinkMetadataDir(outputDir), jsonLinesSerializer<SinkFileStatus>(checkStatus), { logName: 'file sink log' });
  }

  /** The committed files of an output directory, in batch order (what a batch reader may read). */
  static committedFiles(outputDir: string): string[] {
    return FileStreamSink.metadataLog(outputDir).getRange().flatMap((e) => e.metadata.filter((s) => s.action === 'add').map((s) => s.path));
  }

  addBatch(batchId: number, partitions: readonly (readonly Row[])[]): void {
    const latest = this.#log.getLatestBatchId();
    if (latest !== undefined && batchId <= latest) return; // committed before: skip the re-run
    const jobId = (this.options.newJobId ?? randomUUID)();
    const statuses: SinkFileStatus[] = [];
    partitions.forEach((rows, partition) => {
      if (rows.length === 0) return;
      const name = `part-${String(partition).padStart(5, '0')}-${jobId}-c000.${extensionOf(this.options.format)}`;
      const file = path.join(this.#dir, name);
      this.#fm.createAtomic(file, encodeRows(rows, this.options.schema, this.options.format, this.options.csv));
      const stat = fs.statSync(file);
      statuses.push({
        path: pathToFileURL(file).href,
        size: stat.size,
        isDir: false,
        modificationTime: Math.floor(stat.mtimeMs),
        blockReplication: 1,
        blockSize: 33_554_432,
        action: 'add',
      });
    });
    this.#log.add(batchId, statuses);
  }

  toString(): string {
    return `FileSink[${this.#dir}]`;
  }
}

function checkStatus(entry: unknown): string | undefined {
  return isJsonObject(entry) && typeof entry.path === 'string' && typeof entry.action === 'string'
    ? undefined
    : 'is not a file status {"path":..,"size":..,"action":..}';
}
