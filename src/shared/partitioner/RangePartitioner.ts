/**
 * Places keys into sorted, roughly equal ranges for sortByKey. Spark: Partitioner.scala (RangePartitioner).
 *
 * Spark samples the parent in the constructor with a job; here the sampling job runs in
 * `prepare()`, which the scheduler calls before the job that needs the partitioner.
 */
import { compareKeys } from './compareKeys.js';
import { Partitioner, type PartitionerDescriptor } from './Partitioner.js';

/** Keys sampled from each partition: enough for even ranges, as Spark's 20 per output partition. */
const SAMPLES_PER_PARTITION = 20;

/** Something that can run a sampling job over the keys to be placed. */
export type KeySampler = (samplesPerPartition: number) => Promise<unknown[]>;

/**
 * Range partitioning: partition i holds keys in (bounds[i-1], bounds[i]] (ascending), or the
 * mirror image when descending.
 *
 * Differs from Spark: Spark's numPartitions is bounds.length + 1, known after its eager sampling
 * job; here the count is the one asked for (partitions exist before sampling), and when the sample
 * has fewer distinct keys the trailing partitions stay empty.
 */
export class RangePartitioner extends Partitioner {
  #bounds: unknown[] | undefined;

  constructor(
    readonly numPartitions: number,
    readonly ascending = true,
    bounds?: unknown[],
    readonly sampler?: KeySampler,
  ) {
    super();
    this.#bounds = bounds;
  }

  /** Upper keys of each partition but the last; known once prepared. */
  get bounds(): unknown[] {
    if (!this.#bounds) throw new Error('RangePartitioner used before its sampling job ran (call prepare())');
    return this.#bounds;
  }

  override async prepare(): Promise<void> {
    if (this.#bounds || !this.sampler) return;
    // One partition needs no bounds, so Spark runs no sampling job for it.
    if (this.numPartitions <= 1) {
      this.#bounds = [];
      return;
    }
    this.#bounds = RangePartitioner.boundsFromSample(await this.sampler(SAMPLES_PER_PARTITION * this.numPartitions), this.numPartitions);
  }

  /**
   * Bounds that split a sorted sample into `partitions` runs of similar size, without repeats.
   * Spark's determineBounds with every candidate weighing 1: walk the sorted sample, and each time
   * the running count reaches the next multiple of sample/partitions, take the key as a bound
   * unless it equals the previous one. Six keys into three: bounds 2 and 4, runs of two.
   */
  static boundsFromSample(sample: unknown[], partitions: number): unknown[] {
    const sorted = [...sample].sort(compareKeys);
    const step = sorted.length / partitions;
    const bounds: unknown[] = [];
    let target = step;
    for (let i = 0; i < sorted.length && bounds.length < partitions - 1; i++) {
      if (i + 1 < target) continue;
      const key = sorted[i];
      if (bounds.length === 0 || compareKeys(key, bounds[bounds.length - 1]) > 0) {
        bounds.push(key);
        target += step;
      }
    }
    return bounds;
  }

  getPartition(key: unknown): number {
    const bounds = this.bounds;
    let lo = 0;
    let hi = bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(bounds[mid], key) < 0) lo = mid + 1;
      else hi = mid;
    }
    // Spark counts descending partitions from the last bound, not from numPartitions: with fewer
    // distinct keys than partitions, the keys fill the first bounds.length + 1 partitions either way.
    return this.ascending ? lo : bounds.length - lo;
  }

  equals(other: Partitioner | undefined): boolean {
    if (other === this) return true;
    if (!(other instanceof RangePartitioner) || !this.#bounds || !other.#bounds) return false;
    return (
      other.ascending === this.ascending &&
      other.numPartitions === this.numPartitions &&
      other.bounds.length === this.bounds.length &&
      other.bounds.every((b, i) => compareKeys(b, this.bounds[i]) === 0)
    );
  }

  describe(): PartitionerDescriptor {
    return { kind: 'range', numPartitions: this.numPartitions, bounds: this.bounds, ascending: this.ascending };
  }
}
