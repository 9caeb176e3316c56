/**
 * The map side of a combining shuffle whose RDD is a one-to-one `map` or `mapValues`: each record
 * is mapped and combined in one loop, instead of mapping the whole partition into an array first.
 * Spark pipelines the two the same way, since MapPartitionsRDD.compute returns an iterator that
 * Aggregator.combineValuesByKey consumes (core/.../shuffle/sort/SortShuffleWriter.scala).
 *
 * Why: partitions are arrays here, so a `map((w) => [w, 1])` before reduceByKey kept a pair per
 * record alive until the whole partition was mapped. Young-generation collections that fell in
 * that stretch copied, then promoted, the live pairs (DStream windowed count, 100k records per
 * batch: 2-5 MB promoted per 15 MB scavenged, scavenges ~40% of a window's time), which also filled
 * the old generation towards its next full collection. Mapped one at a time, a pair dies young.
 */
import type { TaskContext } from '../scheduler/TaskContext.js';
import type { Partition } from '../rdd/Partition.js';
import { MapPartitionsRDD, ParallelCollectionRDD, type RDD } from '../rdd/internal.js';
import { attachRecord } from '../rdd/attachRecord.js';
import { KeyMap } from '../util/KeyMap.js';
import type { Aggregator } from './Aggregator.js';

/**
 * The partition's records mapped and combined by key (first-seen key order, as
 * combineValuesByKey), or undefined when `rdd` is not a `map`/`mapValues` computed on the spot
 * (persisted or checkpointed RDDs are read through iterator(), which stores or reads their blocks).
 * A user function that throws names its record, as the unfused map does (attachRecord).
 */
export function pipelinedMapSideCombine(
  rdd: RDD<unknown>,
  split: Partition,
  context: TaskContext,
  aggregator: Aggregator<unknown, unknown, unknown>,
): [unknown, unknown][] | undefined {
  if (!(rdd instanceof MapPartitionsRDD)) return undefined;
  const op = rdd.op;
  if (op.kind !== 'map' && op.kind !== 'mapValues') return undefined;
  if (rdd.storageLevel.isValid || rdd.checkpointData?.checkpointRDD) return undefined;
  // The bookkeeping computeOrReadCheckpoint does for the RDD it computes.
  context.metrics.computedPartitions.push(`${rdd.id}:${split.index}`);
  const parent = rdd.parent;
  // A parallelized slice is read in place, as MapPartitionsRDD.compute reads it.
  const range = parent instanceof ParallelCollectionRDD ? (parent as ParallelCollectionRDD<unknown>).readRange(split, context) : undefined;
  if (range) return combineMapped(op.kind, op.fn, aggregator, range.data, range.from, range.until);
  const items = parent.iterator(split, context);
  const data = Array.isArray(items) ? items : Array.from(items);
  return combineMapped(op.kind, op.fn, aggregator, data, 0, data.length);
}

function combineMapped(
  kind: 'map' | 'mapValues',
  fn: (x: unknown) => unknown,
  agg: Aggregator<unknown, unknown, unknown>,
  data: readonly unknown[],
  from: number,
  until: number,
): [unknown, unknown][] {
  const combiners = new KeyMap<unknown, unknown>();
  let i = from;
  // Only the map function's own failure names the record; a combine function's does not, as unfused.
  let inMapFunction = false;
  try {
    for (; i < until; i++) {
      inMapFunction = true;
      let key: unknown;
      let value: unknown;
      if (kind === 'map') {
        const pair = fn(data[i]) as [unknown, unknown];
        inMapFunction = false;
        key = pair[0];
        value = pair[1];
      } else {
        const pair = data[i] as [unknown, unknown];
        value = fn(pair[1]);
        inMapFunction = false;
        key = pair[0];
      }
      const entry = combiners.entry(key);
      if (entry) entry[1] = agg.mergeValue(entry[1], value);
      else combiners.insert(key, agg.createCombiner(value));
    }
  } catch (error) {
    throw inMapFunction ? attachRecord(error, data[i]) : error;
  }
  return Array.from(combiners);
}
