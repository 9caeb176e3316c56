/**
 * Atomic file operations for checkpoint files. Spark: sql/core/.../execution/streaming/
 * CheckpointFileManager.scala (createAtomic: write a hidden temp file, then rename it into place).
 *
 * A reader never sees a half-written file: content goes to `.<name>.<uuid>.tmp` in the same
 * directory and is then linked to its final name, which fails if that name exists, so a file
 * written without `overwrite` is never replaced (Spark's `overwriteIfPossible = false`).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Options for CheckpointFileManager. */
export interface CheckpointFileManagerOptions {
  /** fsync every file (and its directory) before it becomes visible: durable across power loss, slower. */
  readonly fsync?: boolean;
}

/** Atomic writes, listing and deletion of checkpoint files on the local file system. */
export class CheckpointFileManager {
  readonly #fsync: boolean;

  constructor(options: CheckpointFileManagerOptions = {}) {
    this.#fsync = options.fsync ?? false;
  }

  /**
   * Writes `content` to `file` atomically. Without `overwrite`, an existing file is left as it is
   * and the call returns false; with it, the new content replaces the old one in one rename.
   *
   * @example
   * fm.createAtomic('/ckpt/offsets/0', 'v1\n...');   // true
   * fm.createAtomic('/ckpt/offsets/0', 'other');      // false: the first write stays
   */
  createAtomic(file: string, content: string, options: { overwrite?: boolean } = {}): boolean {
    const dir = path.dirname(file);
    fs.mkdirSync(dir, { recursive: true });
    const temp = path.join(dir, `.${path.basename(file)}.${randomUUID()}.tmp`);
    this.#writeTemp(temp, content);
    try {
      if (options.overwrite) {
        fs.renameSync(temp, file);
        return true;
      }
      try {
        // link() refuses an existing target, which rename() would silently replace.
        fs.linkSync(temp, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      }
      return true;
    } finally {
      fs.rmSync(temp, { force: true });
      if (this.#fsync) fsyncDir(dir);
    }
  }

  /** The content of `file` as UTF-8, or undefined when it does not exist. */
  readIfExists(file: string): string | undefined {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** True when `file` exists. */
  exists(file: string): boolean {
    return fs.existsSync(file);
  }

  /**
   * The visible entries of `dir` (no hidden temp files), or [] when it does not exist.
   * Names starting with `.` are in-flight or abandoned temp files and are never listed.
   */
  list(dir: string): string[] {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names.filter((name) => !name.startsWith('.'));
  }

  /** Deletes `file` if it exists. */
  delete(file: string): void {
    fs.rmSync(file, { force: true, recursive: true });
  }

  /** Creates `dir` and its parents. */
  mkdirs(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
  }

  #writeTemp(temp: string, content: string): void {
    const fd = fs.openSync(temp, 'wx');
    try {
      fs.writeSync(fd, content);
      if (this.#fsync) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
