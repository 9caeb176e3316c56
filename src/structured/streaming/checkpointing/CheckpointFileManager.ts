/**
 * Atomic file operations for checkpoint files. Spark: sql/core/.../execution/streaming/
 * CheckpointFileManager.scala (createAtomic: write a hidden temp file, then rename it into place).
 *
 * A reader never sees a half-written file: content goes to `.<name>.<uuid>.tmp` in the same
 * directory and is then linked to its final name, which fails if that name exists, so a file
 * written without `overwrite` is never replaced (Spark's `overwriteIfPossible = false`).
 *
 * A micro-batch writes four or more of these files (offsets, commits, a state delta per
 * partition), so the system calls per file are counted: the directory is created once per
 * manager (again only if it disappears), and the content goes out in one write. Under a running
 * micro-batch query's checkpoint the temp file is usually made ahead of time by another thread
 * (SpareTempFiles.ts): creating it is the costly call.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { takeSpareTempFile } from './SpareTempFiles.js';

/** Options for CheckpointFileManager. */
export interface CheckpointFileManagerOptions {
  /** fsync every file (and its directory) before it becomes visible: durable across power loss, slower. */
  readonly fsync?: boolean;
}

/** Atomic writes, listing and deletion of checkpoint files on the local file system. */
export class CheckpointFileManager {
  readonly #fsync: boolean;
  /** Directories this manager made or wrote to: no mkdir before each file. */
  readonly #knownDirs = new Set<string>();

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
    const overwrite = options.overwrite ?? false;
    const spare = takeSpareTempFile(dir);
    if (spare !== undefined) {
      try {
        return this.#writeAndPlace(spare.file, spare.fd, file, content, overwrite);
      } catch (error) {
        // The directory was removed after the spare was made, and the spare with it: write as usual.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    const temp = path.join(dir, `.${path.basename(file)}.${randomUUID()}.tmp`);
    return this.#writeAndPlace(temp, this.#openTemp(dir, temp), file, content, overwrite);
  }

  /** Writes `content` through `fd` (an open, empty `temp`), closes it and makes it visible as `file`. */
  #writeAndPlace(temp: string, fd: number, file: string, content: string, overwrite: boolean): boolean {
    try {
      fs.writeSync(fd, content);
      if (this.#fsync) fs.fsyncSync(fd);
    } catch (error) {
      fs.closeSync(fd);
      unlinkIfExists(temp);
      throw error;
    }
    fs.closeSync(fd);
    const dir = path.dirname(file);
    if (overwrite) {
      try {
        fs.renameSync(temp, file);
      } catch (error) {
        unlinkIfExists(temp);
        throw error;
      }
      if (this.#fsync) fsyncDir(dir);
      return true;
    }
    try {
      // link() refuses an existing target, which rename() would silently replace.
      fs.linkSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      unlinkIfExists(temp);
    }
    if (this.#fsync) fsyncDir(dir);
    return true;
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

  /**
   * Makes `temp`, a complete file written by someone else (the state maintenance thread), visible
   * as `file`, replacing any: durable first when this manager fsyncs, like the files it writes.
   */
  publish(temp: string, file: string): void {
    if (this.#fsync) {
      const fd = fs.openSync(temp, 'r+');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    fs.renameSync(temp, file);
    if (this.#fsync) fsyncDir(path.dirname(file));
  }

  /** Creates `dir` and its parents. */
  mkdirs(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Creates `temp` (empty, exclusive) in `dir`, making the directory first when this manager has not. */
  #openTemp(dir: string, temp: string): number {
    if (!this.#knownDirs.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      this.#knownDirs.add(dir);
    }
    try {
      return fs.openSync(temp, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // The directory went away since it was made (a test or a user cleared the checkpoint).
      fs.mkdirSync(dir, { recursive: true });
      return fs.openSync(temp, 'wx');
    }
  }
}

/** One unlink (fs.rmSync lstats the file twice first: two system calls per checkpoint file). */
function unlinkIfExists(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
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
