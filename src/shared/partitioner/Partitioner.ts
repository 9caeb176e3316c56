/**
 * Decides which partition of a shuffle a key goes to. Spark: core/.../Partitioner.scala.
 */
export abstract class Partitioner {
  abstract readonly numPartitions: number;
  abstract getPartition(key: unknown): number;
  /** Two partitioners are equal when they place every key alike, so a shuffle can be skipped. */
  abstract equals(other: Partitioner | undefined): boolean;
  /** A plain description that a worker thread can turn back into the same partitioner. */
  abstract describe(): PartitionerDescriptor;
  /** Work that needs a job before the partitioner can place keys (RangePartitioner's sampling). */
  prepare?(): Promise<void>;
}

/** The data a worker needs to rebuild a partitioner. */
export type PartitionerDescriptor =
  | { readonly kind: 'hash'; readonly numPartitions: number }
  | { readonly kind: 'range'; readonly numPartitions: number; readonly bounds: unknown[]; readonly ascending: boolean };
