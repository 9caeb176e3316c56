/**
 * The contract of a versioned key-value store that a stateful operator keeps per partition.
 * Spark: sql/core/.../execution/streaming/state/StateStore.scala (StateStore, StateStoreId,
 * StateStoreMetrics).
 *
 * Version v is the state after batch v - 1: a batch loads version `batchId`, updates it, and
 * commits version `batchId + 1`. Keys and values are JSON values; keys are compared by their
 * canonical JSON (object keys sorted), so `["a", 1]` is one key however it was built.
 */
import * as path from 'node:path';
import type { JsonValue } from '../sources/Offset.js';

/** Which store: one per stateful operator and partition of a checkpoint. */
export interface StateStoreId {
  /** The checkpoint's `state` directory (`<checkpoint>/state`). */
  readonly checkpointRootLocation: string;
  readonly operatorId: number;
  readonly partitionId: number;
  /** Spark's default store name; another name adds a directory level, as in Spark. */
  readonly storeName?: string;
}

/** The directory of a store's files: `<root>/<operatorId>/<partitionId>[/<storeName>]`. */
export function stateStoreDir(id: StateStoreId): string {
  const base = path.join(id.checkpointRootLocation, String(id.operatorId), String(id.partitionId));
  return id.storeName === undefined || id.storeName === 'default' ? base : path.join(base, id.storeName);
}

/** Spark's rendering of a store id in messages. */
export function describeStateStoreId(id: StateStoreId): string {
  return `StateStoreId[operatorId=${id.operatorId}, partitionId=${id.partitionId}, storeName=${id.storeName ?? 'default'}]`;
}

/** What a store reports after (or during) a batch; the numbers of StateOperatorProgress. */
export interface StateStoreMetrics {
  /** Keys in the store (Spark's numKeys, reported as numRowsTotal). */
  readonly numRowsTotal: number;
  /** put() calls in this version. */
  readonly numRowsUpdated: number;
  /** remove() calls that removed a key in this version. */
  readonly numRowsRemoved: number;
  /** An estimate of the memory the store's map holds, in bytes. */
  readonly memoryUsedBytes: number;
  /**
   * Provider-specific numbers for StateOperatorProgress.customMetrics; the file-backed provider
   * reports Spark's loadedMapCacheHitCount, loadedMapCacheMissCount (since the provider was
   * created) and stateOnCurrentVersionSizeBytes.
   */
  readonly customMetrics: Readonly<Record<string, number>>;
}

/** A key-value entry of a store. */
export type StateEntry = readonly [key: JsonValue, value: JsonValue];

/**
 * One version of one store, open for the updates of one batch. After commit() or abort() it can
 * still be read, but not changed.
 *
 * Do not mutate a value after put(): the store keeps it by reference until commit writes it.
 */
export interface StateStore {
  readonly id: StateStoreId;
  /** The version this store was loaded at; commit() produces version + 1. */
  readonly version: number;
  /**
   * The value of `key`, or undefined. `keyJson`, when given, must be encodeStateKey(key): a caller
   * that uses one key for several calls encodes it once (get, put and remove all take it).
   */
  get(key: JsonValue, keyJson?: string): JsonValue | undefined;
  /** Sets `key` to `value` in this version. @throws IllegalStateError after commit/abort */
  put(key: JsonValue, value: JsonValue, keyJson?: string): void;
  /** Removes `key` if present. @throws IllegalStateError after commit/abort */
  remove(key: JsonValue, keyJson?: string): void;
  /**
   * Removes every entry for which `predicate` holds and returns them in iteration order, in one
   * walk of the state (Spark: WatermarkSupport.removeKeysOlderThanWatermark).
   * @throws IllegalStateError after commit/abort
   */
  removeWhere(predicate: (key: JsonValue, value: JsonValue) => boolean): StateEntry[];
  /** Every entry, in insertion order of the underlying map. */
  iterator(): IterableIterator<StateEntry>;
  /** The entries whose key is an array starting with the elements of `prefix`. */
  prefixScan(prefix: readonly JsonValue[]): IterableIterator<StateEntry>;
  /** Writes this version's changes and returns the new version. */
  commit(): number;
  /** Drops this version's changes. */
  abort(): void;
  readonly hasCommitted: boolean;
  metrics(): StateStoreMetrics;
}
