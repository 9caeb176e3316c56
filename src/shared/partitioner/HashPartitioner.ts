/**
 * Places a key by the non-negative modulo of its hash. Spark: Partitioner.scala (HashPartitioner).
 */
import { IllegalArgumentError } from '../errors.js';
import { hashCode, nonNegativeMod } from './hashCode.js';
import { Partitioner, type PartitionerDescriptor } from './Partitioner.js';

/**
 * Hash partitioning: key k goes to `nonNegativeMod(hashCode(k), numPartitions)`; null goes to 0.
 * @example new HashPartitioner(2).getPartition(-1) // 1, as in Spark
 */
export class HashPartitioner extends Partitioner {
  constructor(readonly numPartitions: number) {
    super();
    if (!Number.isInteger(numPartitions) || numPartitions < 0) {
      throw new IllegalArgumentError(
        'INVALID_NUM_PARTITIONS',
        `Number of partitions (${numPartitions}) cannot be negative or fractional; pass a whole number >= 0.`,
      );
    }
  }

  getPartition(key: unknown): number {
    return key == null ? 0 : nonNegativeMod(hashCode(key), this.numPartitions);
  }

  equals(other: Partitioner | undefined): boolean {
    return other instanceof HashPartitioner && other.numPartitions === this.numPartitions;
  }

  describe(): PartitionerDescriptor {
    return { kind: 'hash', numPartitions: this.numPartitions };
  }
}
