/**
 * Where a persisted RDD's partitions are kept. Spark: core/.../storage/StorageLevel.scala.
 */

/** A storage level: memory and/or disk, with a replication factor (the `_2` levels keep two copies). */
export class StorageLevel {
  private constructor(
    readonly name: string,
    readonly useDisk: boolean,
    readonly useMemory: boolean,
    readonly replication: number,
  ) {}

  /** True for every level but NONE. */
  get isValid(): boolean {
    return this.useDisk || this.useMemory;
  }

  toString(): string {
    return this.name;
  }

  /**
   * Spark's human description, as toDebugString prints it: "Memory Deserialized 1x Replicated",
   * "Disk Serialized 1x Replicated"; empty for NONE.
   */
  get description(): string {
    if (!this.isValid) return '';
    // Memory blocks are the live arrays (deserialized); disk-only blocks are JSON (serialized).
    const serialization = this.useMemory ? 'Deserialized' : 'Serialized';
    return `${this.useDisk ? 'Disk ' : ''}${this.useMemory ? 'Memory ' : ''}${serialization} ${this.replication}x Replicated`;
  }

  static readonly NONE = new StorageLevel('NONE', false, false, 1);
  static readonly MEMORY_ONLY = new StorageLevel('MEMORY_ONLY', false, true, 1);
  static readonly MEMORY_ONLY_2 = new StorageLevel('MEMORY_ONLY_2', false, true, 2);
  static readonly MEMORY_AND_DISK = new StorageLevel('MEMORY_AND_DISK', true, true, 1);
  static readonly MEMORY_AND_DISK_2 = new StorageLevel('MEMORY_AND_DISK_2', true, true, 2);
  static readonly DISK_ONLY = new StorageLevel('DISK_ONLY', true, false, 1);
  static readonly DISK_ONLY_2 = new StorageLevel('DISK_ONLY_2', true, false, 2);

  /** The level of the given name, as `StorageLevel.fromString` does in Spark. */
  static fromString(name: string): StorageLevel {
    const level = LEVELS.find((l) => l.name === name);
    if (!level) throw new Error(`Invalid StorageLevel: ${name}; valid levels: ${LEVELS.map((l) => l.name).join(', ')}`);
    return level;
  }
}

const LEVELS = [
  StorageLevel.NONE,
  StorageLevel.MEMORY_ONLY,
  StorageLevel.MEMORY_ONLY_2,
  StorageLevel.MEMORY_AND_DISK,
  StorageLevel.MEMORY_AND_DISK_2,
  StorageLevel.DISK_ONLY,
  StorageLevel.DISK_ONLY_2,
];
