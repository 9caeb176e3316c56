/**
 * The map side of a shuffle: splits a partition's records into one bucket per reduce partition,
 * combining by key first when the dependency asks for map-side combine.
 * Spark: core/.../shuffle/sort/SortShuffleWriter.scala (without spilling).
 */
import type { Partitioner } from '../partitioner/Partitioner.js';
import { combineValuesByKey, type Aggregator } from './Aggregator.js';

/** Buckets of [key, value] (or [key, combiner]) records, indexed by reduce partition. */
export function writeShuffleBuckets(
  records: Iterable<[unknown, unknown]>,
  partitioner: Partitioner,
  aggregator: Aggregator<unknown, unknown, unknown> | undefined,
  mapSideCombine: boolean,
): unknown[][] {
  const input = mapSideCombine && aggregator ? combineValuesByKey(aggregator, records) : records;
  const buckets: unknown[][] = Array.from({ length: partitioner.numPartitions }, () => []);
  for (const record of input) buckets[partitioner.getPartition(record[0])].push(record);
  return buckets;
}
