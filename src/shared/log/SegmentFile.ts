/**
 * The file behind one durable topic-partition: JSON lines, one record per line, appended only.
 * Kafka: storage/.../log/LogSegment.java. As in Kafka, the file is named after its first offset
 * (20 digits), so the name alone says where the partition starts after retention.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LogErrors } from './LogErrors.js';

const SEGMENT_NAME = /^(\d{20})\.jsonl$/;

function segmentName(baseOffset: number): string {
  return `${String(baseOffset).padStart(20, '0')}.jsonl`;
}

/** A partition's segment file with its records as loaded from disk. */
export interface LoadedSegment {
  readonly segment: SegmentFile;
  readonly baseOffset: number;
  readonly records: unknown[];
}

/** An open, append-only segment file. */
export class SegmentFile {
  #fd: number;

  private constructor(
    private readonly partitionDir: string,
    private baseOffset: number,
    private readonly fsync: boolean,
  ) {
    this.#fd = fs.openSync(this.file, 'a');
  }

  /** The segment's path. */
  get file(): string {
    return path.join(this.partitionDir, segmentName(this.baseOffset));
  }

  /** Creates an empty segment starting at offset 0 in a new partition directory. */
  static create(partitionDir: string, fsync: boolean): SegmentFile {
    fs.mkdirSync(partitionDir, { recursive: true });
    return new SegmentFile(partitionDir, 0, fsync);
  }

  /**
   * Opens a partition directory and parses its records.
   * @throws IllegalStateError LOG_CORRUPT_FILE naming the file and line of a line that is not JSON
   */
  static load(partitionDir: string, fsync: boolean): LoadedSegment {
    fs.mkdirSync(partitionDir, { recursive: true });
    const entries = fs.readdirSync(partitionDir);
    const bases = entries.flatMap((name) => {
      const match = SEGMENT_NAME.exec(name);
      return match ? [Number(match[1])] : [];
    }).sort((a, b) => a - b);
    const baseOffset = bases.length > 0 ? bases[bases.length - 1] : 0;
    // Lower-based files and .tmp files are left over from a truncation interrupted by a crash:
    // the rename to the new name is the commit point, so the highest base is the live segment.
    for (const name of entries) {
      const match = SEGMENT_NAME.exec(name);
      if (name.endsWith('.tmp') || (match && Number(match[1]) !== baseOffset)) {
        fs.rmSync(path.join(partitionDir, name), { force: true });
      }
    }
    const file = path.join(partitionDir, segmentName(baseOffset));
    const records = fs.existsSync(file) ? parseLines(file, fs.readFileSync(file, 'utf8')) : [];
    return { segment: new SegmentFile(partitionDir, baseOffset, fsync), baseOffset, records };
  }

  /** Appends already-serialised records, one per line. */
  append(lines: readonly string[]): void {
    if (lines.length === 0) return;
    fs.writeSync(this.#fd, lines.join('\n') + '\n');
    if (this.fsync) fs.fsyncSync(this.#fd);
  }

  /**
   * Replaces the segment with one starting at `newBaseOffset` holding `lines`: write a temporary
   * file, rename it into place (the commit point), then delete the old segment.
   */
  rewrite(newBaseOffset: number, lines: readonly string[]): void {
    const oldFile = this.file;
    const newFile = path.join(this.partitionDir, segmentName(newBaseOffset));
    const tmpFile = `${newFile}.tmp`;
    fs.writeFileSync(tmpFile, lines.length > 0 ? lines.join('\n') + '\n' : '');
    if (this.fsync) {
      const fd = fs.openSync(tmpFile, 'r');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    }
    fs.renameSync(tmpFile, newFile);
    fs.closeSync(this.#fd);
    if (oldFile !== newFile) fs.rmSync(oldFile, { force: true });
    this.baseOffset = newBaseOffset;
    this.#fd = fs.openSync(newFile, 'a');
  }

  /** Closes the file descriptor. */
  close(): void {
    fs.closeSync(this.#fd);
  }
}

function parseLines(file: string, text: string): unknown[] {
  if (text === '') return [];
  const lines = text.split('\n');
  // A file written by append ends with a newline, so the last piece is empty; anything else
  // there is a partial last line.
  const complete = lines[lines.length - 1] === '';
  if (complete) lines.pop();
  return lines.map((line, index) => {
    const lineNumber = index + 1;
    if (!complete && index === lines.length - 1) {
      throw LogErrors.corruptLine(file, lineNumber, 'the last line has no newline, so its write did not finish');
    }
    try {
      return JSON.parse(line) as unknown;
    } catch (error) {
      throw LogErrors.corruptLine(file, lineNumber, (error as Error).message);
    }
  });
}
