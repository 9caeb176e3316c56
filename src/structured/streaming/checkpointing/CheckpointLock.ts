/**
 * A lock file that stops two runs of a query from using one checkpoint at once.
 * Spark: StreamingQueryManager refuses a second active query with the same id in one session
 * ("Cannot start query with id ... as another query with same id is already active").
 *
 * Differs from Spark: Spark's check covers one driver only; this lock is a file,
 * `<checkpoint>/lock` holding `{"runId":"...","pid":N}`, so it also covers two processes on one
 * machine. A lock left by a run that died is taken over: its process is gone, or it is this
 * process and the run released nothing because it crashed. Two processes taking over the same
 * stale lock at the same instant can both win; the file system offers nothing stronger here.
 */
import * as path from 'node:path';
import { CheckpointErrors } from '../streamingErrors.js';
import { CheckpointFileManager } from './CheckpointFileManager.js';
import { isJsonObject } from './versionedText.js';

/** Who holds a checkpoint. */
export interface LockHolder {
  readonly runId: string;
  readonly pid: number;
}

/** Options for CheckpointLock.acquire. */
export interface CheckpointLockOptions {
  /** Whether process `pid` still runs; `process.kill(pid, 0)` by default. A seam for tests. */
  readonly isProcessAlive?: (pid: number) => boolean;
  readonly fileManager?: CheckpointFileManager;
}

/** Run ids holding a lock in this process: a lock of this pid whose run is not here is stale. */
const heldInThisProcess = new Set<string>();

/**
 * The lock of one run on one checkpoint; release it when the run stops.
 *
 * @example
 * const lock = CheckpointLock.acquire('/ckpt', runId);
 * try { ... run batches ... } finally { lock.release(); }
 */
export class CheckpointLock {
  #released = false;

  private constructor(
    readonly file: string,
    readonly runId: string,
    private readonly fm: CheckpointFileManager,
  ) {}

  /** The lock file of a checkpoint. */
  static path(checkpointDir: string): string {
    return path.join(checkpointDir, 'lock');
  }

  /**
   * Takes the checkpoint for `runId`.
   * @throws IllegalStateError CONCURRENT_QUERY naming the checkpoint and the other run's id when
   *   a live run holds it
   */
  static acquire(checkpointDir: string, runId: string, options: CheckpointLockOptions = {}): CheckpointLock {
    const fm = options.fileManager ?? new CheckpointFileManager();
    const isAlive = options.isProcessAlive ?? isProcessAlive;
    const file = CheckpointLock.path(checkpointDir);
    const content = JSON.stringify({ runId, pid: process.pid } satisfies LockHolder);
    for (let attempt = 0; attempt < 2; attempt++) {
      if (fm.createAtomic(file, content)) {
        heldInThisProcess.add(runId);
        return new CheckpointLock(file, runId, fm);
      }
      const holder = CheckpointLock.holder(checkpointDir, fm);
      if (holder && isLive(holder, isAlive)) throw CheckpointErrors.concurrentRun(checkpointDir, holder.runId, file);
      fm.delete(file);
    }
    const holder = CheckpointLock.holder(checkpointDir, fm);
    throw CheckpointErrors.concurrentRun(checkpointDir, holder?.runId ?? 'unknown', file);
  }

  /** Who holds the checkpoint now, or undefined when nobody does (or the file is unreadable). */
  static holder(checkpointDir: string, fm = new CheckpointFileManager()): LockHolder | undefined {
    const text = fm.readIfExists(CheckpointLock.path(checkpointDir));
    if (text === undefined) return undefined;
    try {
      const value: unknown = JSON.parse(text);
      if (isJsonObject(value) && typeof value.runId === 'string' && typeof value.pid === 'number') {
        return { runId: value.runId, pid: value.pid };
      }
    } catch {
      // An unreadable lock file is treated as stale: no live run could have written it.
    }
    return undefined;
  }

  /** Gives the checkpoint up; a second call does nothing. Only deletes the file if it is still ours. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    heldInThisProcess.delete(this.runId);
    const holder = CheckpointLock.holder(path.dirname(this.file), this.fm);
    if (holder?.runId === this.runId) this.fm.delete(this.file);
  }
}

function isLive(holder: LockHolder, isAlive: (pid: number) => boolean): boolean {
  if (holder.pid === process.pid) return heldInThisProcess.has(holder.runId);
  return isAlive(holder.pid);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
