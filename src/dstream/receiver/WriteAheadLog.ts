/**
 * A durable log of records in rolling files, read back after a driver restart.
 * Spark: streaming/.../util/FileBasedWriteAheadLog.scala (with its segment handles).
 *
 * Each record is one JSON line; a write returns a handle (file, byte offset, length) to read it
 * back. A new file starts every rolling interval, and clean() deletes whole files older than a
 * threshold, so the handles of the records kept stay valid.
 */
import { appendFileSync, closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where a record is: enough to read it back without scanning. */
export interface WriteAheadLogRecordHandle {
  readonly path: string;
  readonly offset: number;
  readonly length: number;
}

interface LogFile {
  readonly path: string;
  readonly startTimeMs: number;
  endTimeMs: number;
  size: number;
}

/** A write-ahead log in `dir`, one file per rolling interval of record times. */
export class WriteAheadLog {
  readonly #files: LogFile[] = [];

  constructor(
    readonly dir: string,
    readonly rollingIntervalMs = 60_000,
  ) {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir).filter((n) => /^log-\d+-\d+$/.test(n))) {
      const [, start, end] = name.split('-').map(Number);
      this.#files.push({ path: join(dir, name), startTimeMs: start, endTimeMs: end, size: statSync(join(dir, name)).size });
    }
    this.#files.sort((a, b) => a.startTimeMs - b.startTimeMs);
  }

  /** Appends `record` (JSON data) stamped with `timeMs`; durable once this returns. */
  write(record: unknown, timeMs: number): WriteAheadLogRecordHandle {
    const file = this.#fileFor(timeMs);
    const line = Buffer.from(JSON.stringify(record) + '\n');
    appendFileSync(file.path, line);
    const handle = { path: file.path, offset: file.size, length: line.length - 1 };
    file.size += line.length;
    return handle;
  }

  /** The record a handle points at. */
  read(handle: WriteAheadLogRecordHandle): unknown {
    const fd = openSync(handle.path, 'r');
    try {
      const buffer = Buffer.alloc(handle.length);
      readSync(fd, buffer, 0, handle.length, handle.offset);
      return JSON.parse(buffer.toString('utf8'));
    } finally {
      closeSync(fd);
    }
  }

  /** Every record still in the log, oldest file first. */
  readAll(): unknown[] {
    const out: unknown[] = [];
    for (const file of this.#files) {
      for (const line of readFileSync(file.path, 'utf8').split('\n')) if (line) out.push(JSON.parse(line));
    }
    return out;
  }

  /** Deletes the files whose records are all older than `thresholdTimeMs`. */
  clean(thresholdTimeMs: number): void {
    for (const file of this.#files.filter((f) => f.endTimeMs <= thresholdTimeMs)) {
      rmSync(file.path, { force: true });
      this.#files.splice(this.#files.indexOf(file), 1);
    }
  }

  #fileFor(timeMs: number): LogFile {
    const last = this.#files.at(-1);
    if (last && timeMs < last.endTimeMs) return last;
    const startTimeMs = Math.max(last?.endTimeMs ?? 0, Math.floor(timeMs / this.rollingIntervalMs) * this.rollingIntervalMs);
    const endTimeMs = Math.max(startTimeMs + this.rollingIntervalMs, Math.floor(timeMs / this.rollingIntervalMs + 1) * this.rollingIntervalMs);
    const file: LogFile = { path: join(this.dir, `log-${startTimeMs}-${endTimeMs}`), startTimeMs, endTimeMs, size: 0 };
    this.#files.push(file);
    return file;
  }
}
