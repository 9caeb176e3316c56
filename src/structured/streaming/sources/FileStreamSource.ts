/**
 * Reads the files that appear in a directory, each file once. Spark:
 * sql/core/.../execution/streaming/FileStreamSource.scala, FileStreamSourceLog.scala and
 * FileStreamSourceOffset.scala.
 *
 * Each latestOffset call lists the directory; new files (oldest first by modification time, or
 * newest first with latestFirst, at most maxFilesPerTrigger) are written to the seen-files log in
 * the checkpoint (`sources/<i>/<logOffset>`, lines `{"path":"file:///...","timestamp":...,"batchId":N}`)
 * and the offset `{"logOffset":N}` names that log entry. A batch reads the files of the log entries
 * in (start, end], one partition per file, so a restart reads exactly the same files.
 *
 * json and csv files are read with the batch readers' parse modes (fileFormats.ts): malformed
 * records are kept (PERMISSIVE), dropped (DROPMALFORMED) or fail the batch naming the record, its
 * file, line and byte offset (FAILFAST). The source's progress metrics count the malformed records
 * of the batch just read (`numMalformedRecords`, and `numMalformedRecordsDropped` of them).
 *
 * Differs from Spark: no maxFileAge (every file not yet seen is new), no log compaction, no
 * globs; a file is one partition; the malformed-record metrics are twinstream's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { StructType } from '../../types/StructType.js';
import { MetadataLog } from '../checkpointing/MetadataLog.js';
import { isJsonObject, jsonLinesSerializer } from '../checkpointing/versionedText.js';
import { SourceErrors } from '../streamingErrors.js';
import { type CsvOptions, type FileFormat, type FileParser, type FileRecordReader, fileSourceReader, resolveFileSchema } from './fileFormats.js';
import type { Offset } from './Offset.js';
import type { Row, Source } from './Source.js';

/** One file in the seen-files log (Spark's FileEntry). */
export interface FileEntry {
  /** The file's URI, `file:///dir/name`. */
  readonly path: string;
  /** Its modification time, epoch ms. */
  readonly timestamp: number;
  /** The log entry (batch of files) it belongs to. */
  readonly batchId: number;
}

/** Options of the file source, Spark's names. */
export interface FileStreamSourceOptions {
  /** The directory to watch; it must exist. */
  readonly path: string;
  readonly format: FileFormat;
  /** Required for json and csv; text has the fixed schema `value string`. */
  readonly schema?: StructType;
  /** The seen-files log directory: `<checkpoint>/sources/<i>`. */
  readonly metadataPath: string;
  /** At most this many new files per batch (default: all). */
  readonly maxFilesPerTrigger?: number;
  /** Take the newest files first (default false: oldest first). */
  readonly latestFirst?: boolean;
  /** Replaces the built-in reader of the format (parse modes then do not apply). */
  readonly parse?: FileParser;
  readonly csv?: CsvOptions;
  /**
   * The reader's options, keys lower-cased (Spark's names): `mode`, `columnnameofcorruptrecord`,
   * and for csv `header`, `sep`, `quote`, `escape`, `nullvalue`; `csv` adds to them.
   */
  readonly readerOptions?: Readonly<Record<string, string>>;
}

/** The streaming file source. */
export class FileStreamSource implements Source {
  readonly schema: StructType;
  readonly #log: MetadataLog<FileEntry[]>;
  readonly #seen = new Set<string>();
  readonly #read: FileRecordReader;
  readonly #dir: string;
  /** Malformed records of the last batch read; reset when the next batch's offsets are asked for. */
  #malformed = { numMalformedRecords: 0, numMalformedRecordsDropped: 0 };
  #logOffset: number;
  /** Under Trigger.AvailableNow: the only files batches may take. */
  #availableNow: Set<string> | undefined;

  /**
   * @throws IllegalArgumentError STREAMING_SOURCE_SCHEMA_NOT_SPECIFIED (Spark's message) for json or csv without a schema
   * @throws AnalysisException PATH_NOT_FOUND when the directory does not exist; TEXT_SOURCE_SCHEMA for a text schema that is not one string column;
   *   INVALID_CORRUPT_RECORD_COLUMN for a corrupt-record column that is not a nullable string
   * @throws IllegalArgumentError INVALID_PARSE_MODE for a mode other than PERMISSIVE, DROPMALFORMED, FAILFAST
   */
  constructor(private readonly options: FileStreamSourceOptions) {
    this.#dir = path.resolve(options.path);
    this.schema = resolveFileSchema(options.format, options.schema);
    if (!fs.existsSync(this.#dir)) throw SourceErrors.pathNotFound(pathToFileURL(this.#dir).href);
    this.#read = fileSourceReader(options, this.schema);
    if (options.format !== 'text' && !options.parse) {
      this.metrics = () => ({
        numMalformedRecords: String(this.#malformed.numMalformedRecords),
        numMalformedRecordsDropped: String(this.#malformed.numMalformedRecordsDropped),
      });
    }
    if (options.maxFilesPerTrigger !== undefined && !(Number.isSafeInteger(options.maxFilesPerTrigger) && options.maxFilesPerTrigger > 0)) {
      throw SourceErrors.invalidOption('the file source', 'maxFilesPerTrigger', options.maxFilesPerTrigger, 'it must be a positive integer');
    }
    this.#log = new MetadataLog(options.metadataPath, jsonLinesSerializer<FileEntry>(checkEntry), { logName: 'file source log' });
    for (const { metadata } of this.#log.getRange()) for (const entry of metadata) this.#seen.add(entry.path);
    this.#logOffset = this.#log.getLatestBatchId() ?? -1;
  }

  latestOffset(): Offset | undefined {
    this.#malformed = { numMalformedRecords: 0, numMalformedRecordsDropped: 0 };
    const candidates = this.#listNewFiles().filter((f) => !this.#availableNow || this.#availableNow.has(f.path));
    const batch = this.options.maxFilesPerTrigger === undefined ? candidates : candidates.slice(0, this.options.maxFilesPerTrigger);
    if (batch.length > 0) {
      const batchId = this.#logOffset + 1;
      const entries = batch.map((f) => ({ path: f.path, timestamp: f.timestamp, batchId }));
      this.#log.add(batchId, entries);
      for (const entry of entries) this.#seen.add(entry.path);
      this.#logOffset = batchId;
    }
    return this.#logOffset === -1 ? undefined : { logOffset: this.#logOffset };
  }

  getBatch(start: Offset | undefined, end: Offset): Row[][] {
    const startId = start === undefined ? -1 : this.#logOffsetOf(start);
    const endId = this.#logOffsetOf(end);
    if (endId <= startId) return [];
    const counts = { numMalformedRecords: 0, numMalformedRecordsDropped: 0 };
    const partitions = this.#log.getRange(startId + 1, endId).flatMap(({ metadata }) =>
      metadata.map((entry) => {
        const file = fileURLToPath(entry.path);
        const result = this.#read(fs.readFileSync(file, 'utf8'), file);
        counts.numMalformedRecords += result.numMalformedRecords;
        counts.numMalformedRecordsDropped += result.numMalformedRecordsDropped;
        return result.rows;
      }));
    this.#malformed = counts;
    return partitions;
  }

  /**
   * For json and csv (without a caller's parser): the malformed records of the batch just read,
   * kept (PERMISSIVE) or dropped (DROPMALFORMED); text sources report no metrics.
   */
  readonly metrics?: () => Record<string, string>;

  prepareForTriggerAvailableNow(): void {
    this.#availableNow = new Set(this.#listNewFiles().map((f) => f.path));
  }

  commit(): void {}

  stop(): void {}

  toString(): string {
    return `FileStreamSource[file:${this.#dir}]`;
  }

  #listNewFiles(): { path: string; timestamp: number }[] {
    const files = fs.readdirSync(this.#dir, { withFileTypes: true })
      .filter((e) => e.isFile() && !isHidden(e.name))
      .map((e) => {
        const full = path.join(this.#dir, e.name);
        return { path: pathToFileURL(full).href, timestamp: Math.floor(fs.statSync(full).mtimeMs), name: e.name };
      })
      .filter((f) => !this.#seen.has(f.path));
    const order = this.options.latestFirst ? -1 : 1;
    files.sort((a, b) => order * (a.timestamp - b.timestamp) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return files.map(({ path: p, timestamp }) => ({ path: p, timestamp }));
  }

  #logOffsetOf(offset: Offset): number {
    if (isJsonObject(offset) && Number.isSafeInteger(offset.logOffset)) return offset.logOffset as number;
    throw SourceErrors.invalidOffset(this.toString(), offset, '{"logOffset":<n>}');
  }
}

/** Spark's InMemoryFileIndex skips names starting with `_` or `.` (metadata, temp files) and in-flight copies. */
function isHidden(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_') || name.endsWith('._COPYING_');
}

function checkEntry(entry: unknown): string | undefined {
  if (isJsonObject(entry) && typeof entry.path === 'string' && typeof entry.timestamp === 'number' && typeof entry.batchId === 'number') {
    return undefined;
  }
  return 'is not a file entry {"path":..,"timestamp":..,"batchId":..}';
}
