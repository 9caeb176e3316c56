/**
 * The messages of the RDD core's own errors, written once (Spark: SparkCoreErrors.scala). Each says
 * what failed, why, and how to fix it, with the actual values; `errorClass` is the stable code.
 */
import { IllegalArgumentError, IllegalStateError, SparkException } from './errors.js';

/** Error factories for RDD operations, storage and broadcasts. */
export const CoreErrors = {
  /** Worker threads kept dying before they could run a task (their entry failed to load). */
  executorsFailedToStart(master: string, failures: number, lastReason: string): SparkException {
    return new SparkException(
      'EXECUTORS_FAILED_TO_START',
      `the worker executors of master ${master} failed to start ${failures} times in a row (spark.deploy.maxExecutorRetries); most recent: ${lastReason}. ` +
        'A worker thread dies while loading when workerMain.ts or a module registered with registerExecutorModule throws at import: fix that module ' +
        '(or run on local[N]), then create a new SparkContext; this one no longer starts executors.',
    );
  },

  nonPositivePartitions(operation: string, numPartitions: number): IllegalArgumentError {
    return new IllegalArgumentError(
      'INVALID_NUM_PARTITIONS',
      `Number of partitions (${numPartitions}) must be positive in ${operation}(${numPartitions}); pass a whole number >= 1.`,
    );
  },

  /** Spark: UnsupportedOperationException("empty collection") from reduce, first, max, min. */
  emptyCollection(operation: string): IllegalStateError {
    return new IllegalStateError(
      'EMPTY_COLLECTION',
      `empty collection: ${operation}() needs at least one element, but every partition was empty. Use fold(zeroValue, f) or take(1) to allow an empty RDD.`,
    );
  },

  storageLevelChange(rddId: number, current: string, requested: string): IllegalStateError {
    return new IllegalStateError(
      'STORAGE_LEVEL_ALREADY_SET',
      `Cannot change storage level of an RDD after it was already assigned a level: RDD ${rddId} is ${current}, asked for ${requested}. Call unpersist() first.`,
    );
  },

  broadcastDestroyed(id: number): SparkException {
    return new SparkException(
      'BROADCAST_DESTROYED',
      `Attempted to use Broadcast(${id}) after it was destroyed: destroy() releases its value for good. Create a new broadcast with sc.broadcast(value).`,
    );
  },

  /** Spark: FileAlreadyExistsException from saveAsTextFile. */
  outputPathExists(path: string): IllegalStateError {
    return new IllegalStateError(
      'PATH_ALREADY_EXISTS',
      `Output directory ${path} already exists: saveAsTextFile never overwrites part files. Delete it first or choose a new path.`,
    );
  },
};
