/**
 * One executor's store of cached RDD partitions. Spark: core/.../storage/BlockManager.scala.
 *
 * Memory blocks are the arrays themselves; disk blocks are JSON files under the executor's local
 * directory, so a DISK_ONLY partition really round-trips through serialisation as Spark's does.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StorageLevel } from './StorageLevel.js';

/** The id of an RDD partition's block: `rdd_<rddId>_<partition>`, as Spark names it. */
export function rddBlockId(rddId: number, partition: number): string {
  return `rdd_${rddId}_${partition}`;
}

/** The blocks one executor holds. Dropping the executor drops them all. */
export class BlockManager {
  readonly #memory = new Map<string, unknown[]>();
  readonly #onDisk = new Set<string>();
  /** Ids put since trackPuts(), in put order (tasks run one at a time per BlockManager call stack). */
  #puts: string[] = [];

  constructor(
    readonly executorId: string,
    readonly localDir: string,
    /** Sends a copy of a block to another executor, for the replicated `_2` levels. */
    private readonly replicate?: (blockId: string, items: unknown[], level: StorageLevel) => void,
  ) {}

  get(blockId: string): unknown[] | undefined {
    const inMemory = this.#memory.get(blockId);
    if (inMemory) return inMemory;
    if (!this.#onDisk.has(blockId)) return undefined;
    return JSON.parse(readFileSync(join(this.localDir, blockId), 'utf8')) as unknown[];
  }

  /** Stores a block; a primary copy at a replicated level is also sent to one other executor. */
  put(blockId: string, items: unknown[], level: StorageLevel, isReplica = false): void {
    if (!isReplica && level.replication > 1) this.replicate?.(blockId, items, level);
    this.#puts.push(blockId);
    if (level.useMemory) this.#memory.set(blockId, items);
    if (level.useDisk) {
      mkdirSync(this.localDir, { recursive: true });
      writeFileSync(join(this.localDir, blockId), JSON.stringify(items));
      this.#onDisk.add(blockId);
    }
  }

  has(blockId: string): boolean {
    return this.#memory.has(blockId) || this.#onDisk.has(blockId);
  }

  remove(blockId: string): void {
    this.#memory.delete(blockId);
    if (this.#onDisk.delete(blockId)) rmSync(join(this.localDir, blockId), { force: true });
  }

  /** Removes every block of an RDD (unpersist). */
  removeRdd(rddId: number): void {
    const prefix = `rdd_${rddId}_`;
    for (const id of [...this.#memory.keys(), ...this.#onDisk]) if (id.startsWith(prefix)) this.remove(id);
  }

  /** Starts a new list of the blocks put from now on (a task starts). */
  trackPuts(): void {
    this.#puts = [];
  }

  /**
   * The blocks put since trackPuts() that are still held, each once: what a task cached. Listing
   * every block before and after each task instead was ~1.5% of a DStream profile, whose windows
   * keep many blocks.
   */
  trackedPuts(): string[] {
    return [...new Set(this.#puts)].filter((id) => this.has(id));
  }

  /** Ids of the blocks held, memory and disk. */
  blockIds(): string[] {
    return [...new Set([...this.#memory.keys(), ...this.#onDisk])];
  }

  /** The executor is gone: so are its blocks, memory and disk alike. */
  clear(): void {
    this.#memory.clear();
    rmSync(this.localDir, { recursive: true, force: true });
    this.#onDisk.clear();
  }
}
