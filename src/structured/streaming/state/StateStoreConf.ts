/**
 * The state store settings, read from the session configuration. Spark:
 * sql/core/.../execution/streaming/state/StateStoreConf.scala.
 */
import { SourceErrors } from '../streamingErrors.js';

/** How often snapshots are written and how many versions are kept. */
export interface StateStoreConf {
  /** A snapshot is written once more than this many deltas follow the last one (spark.sql.streaming.stateStore.minDeltasForSnapshot). */
  readonly minDeltasForSnapshot: number;
  /** Versions that stay recoverable from files (spark.sql.streaming.minBatchesToRetain). */
  readonly minVersionsToRetain: number;
  /** Loaded versions kept in memory per store (spark.sql.streaming.maxBatchesToRetainInMemory). */
  readonly maxVersionsToRetainInMemory: number;
}

/** Spark's defaults: 10, 100, 2. */
export const DEFAULT_STATE_STORE_CONF: StateStoreConf = {
  minDeltasForSnapshot: 10,
  minVersionsToRetain: 100,
  maxVersionsToRetainInMemory: 2,
};

const KEYS = {
  minDeltasForSnapshot: 'spark.sql.streaming.stateStore.minDeltasForSnapshot',
  minVersionsToRetain: 'spark.sql.streaming.minBatchesToRetain',
  maxVersionsToRetainInMemory: 'spark.sql.streaming.maxBatchesToRetainInMemory',
} as const;

/**
 * The settings from a session configuration; unset keys take Spark's defaults.
 * @throws IllegalArgumentError INVALID_OPTION for a value that is not a positive integer
 *   (0 for maxBatchesToRetainInMemory)
 * @example
 * stateStoreConfFrom({ 'spark.sql.streaming.stateStore.minDeltasForSnapshot': '2' }).minDeltasForSnapshot; // 2
 */
export function stateStoreConfFrom(conf: Readonly<Record<string, string>>): StateStoreConf {
  const read = (name: keyof StateStoreConf, min: number): number => {
    const raw = conf[KEYS[name]];
    if (raw === undefined) return DEFAULT_STATE_STORE_CONF[name];
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < min) {
      throw SourceErrors.invalidOption('the state store', KEYS[name], raw, `use an integer >= ${min}`);
    }
    return value;
  };
  return {
    minDeltasForSnapshot: read('minDeltasForSnapshot', 1),
    minVersionsToRetain: read('minVersionsToRetain', 1),
    maxVersionsToRetainInMemory: read('maxVersionsToRetainInMemory', 0),
  };
}
