/**
 * The body of a task, the same on the driver thread and on a worker thread: compute the
 * partition through the RDD's lineage, then either bucket it for a shuffle or apply the action.
 * Spark: ShuffleMapTask.runTask and ResultTask.runTask.
 */
import { FetchFailedError } from '../shuffle/MapOutputTracker.js';
import { pipelinedMapSideCombine } from '../shuffle/pipelinedMapSideCombine.js';
import { writeShuffleBuckets } from '../shuffle/ShuffleWriter.js';
import { estimateBucketSize } from '../shuffle/SizeEstimator.js';
import type { Aggregator } from '../shuffle/Aggregator.js';
import type { Partitioner } from '../partitioner/Partitioner.js';
import type { RDD } from '../rdd/internal.js';
import type { TaskOutcome } from '../scheduler/Task.js';
import type { TaskContext } from '../scheduler/TaskContext.js';

/** What to run: a shuffle map (bucket by partitioner) or a result function. */
export type TaskBody =
  | { readonly kind: 'shuffleMap'; readonly partitioner: Partitioner; readonly aggregator?: Aggregator<unknown, unknown, unknown>; readonly mapSideCombine: boolean }
  | { readonly kind: 'result'; readonly func: (items: Iterable<unknown>, context: TaskContext) => unknown };

/** Runs one task attempt and reports its outcome; never throws. */
export function runTask(rdd: RDD<unknown>, partition: number, body: TaskBody, context: TaskContext, injectedFailure?: string): TaskOutcome {
  const metrics = context.metrics;
  context.env.blockManager.trackPuts();
  try {
    if (injectedFailure !== undefined) throw new Error(injectedFailure);
    const split = rdd.partitions[partition];
    // A map before a combining shuffle is mapped record by record into the combiners (pipelinedMapSideCombine.ts).
    const combined = body.kind === 'shuffleMap' && body.mapSideCombine && body.aggregator ? pipelinedMapSideCombine(rdd, split, context, body.aggregator) : undefined;
    const items = combined ?? rdd.iterator(split, context);
    const blocksStored = context.env.blockManager.trackedPuts();
    if (body.kind === 'shuffleMap') {
      const buckets = writeShuffleBuckets(items as Iterable<[unknown, unknown]>, body.partitioner, body.aggregator, body.mapSideCombine && combined === undefined);
      for (const bucket of buckets) {
        metrics.shuffleRecordsWritten += bucket.length;
        metrics.shuffleBytesWritten += estimateBucketSize(bucket);
      }
      return { status: 'success', buckets, metrics, blocksStored: newBlocks(context, blocksStored) };
    }
    const value = body.func(items, context);
    // Records the action hands back (an array's length, else one value); a writer counts its own.
    if (value !== undefined) metrics.recordsWritten += Array.isArray(value) ? value.length : 1;
    return { status: 'success', value, metrics, blocksStored: newBlocks(context, blocksStored) };
  } catch (error) {
    if (error instanceof FetchFailedError) {
      return { status: 'fetchFailed', shuffleId: error.shuffleId, mapId: error.mapId, message: error.message, metrics };
    }
    return { status: 'failed', error: error instanceof Error ? error : new Error(String(error)), metrics };
  }
}

/** Blocks cached while the task ran (lazily computed iterables may cache after the first look). */
function newBlocks(context: TaskContext, seen: string[]): string[] {
  return [...new Set([...seen, ...context.env.blockManager.trackedPuts()])];
}
