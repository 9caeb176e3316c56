/**
 * One version of a file-backed state store, open for one batch's updates. Spark:
 * HDFSBackedStateStoreProvider.scala (its inner class HDFSBackedStateStore).
 *
 * The store works on its own copy of the loaded version's map and records the last change of
 * each key; commit() hands both to the provider, which writes `<version + 1>.delta`.
 */
import { canonicalJson, type JsonValue } from '../sources/Offset.js';
import { StateStoreErrors } from '../streamingErrors.js';
import { describeStateStoreId, type StateEntry, type StateStore, type StateStoreId, type StateStoreMetrics } from './StateStore.js';
import type { StateChanges, StateMap } from './StateFiles.js';

/** Writes a committed version; the provider's side of commit(). */
export type CommitVersion = (newVersion: number, map: StateMap, changes: StateChanges) => void;

/** The provider's loaded-map cache counters, for customMetrics. */
export interface CacheCounters {
  readonly loadedMapCacheHitCount: number;
  readonly loadedMapCacheMissCount: number;
}

/** The canonical encoding of a state key: JSON with object keys sorted. */
export const encodeStateKey: (key: JsonValue) => string = canonicalJson;

type StoreState = 'updating' | 'committed' | 'aborted';

/** A StateStore over an in-memory map, committed through the provider. */
export class HDFSBackedStateStore implements StateStore {
  readonly #map: StateMap;
  readonly #changes: StateChanges = new Map();
  readonly #commitVersion: CommitVersion;
  #state: StoreState = 'updating';
  #numRowsUpdated = 0;
  #numRowsRemoved = 0;

  constructor(
    readonly id: StateStoreId,
    readonly version: number,
    map: StateMap,
    commitVersion: CommitVersion,
    private readonly cacheCounters: () => CacheCounters = () => ({ loadedMapCacheHitCount: 0, loadedMapCacheMissCount: 0 }),
  ) {
    this.#map = map;
    this.#commitVersion = commitVersion;
  }

  get hasCommitted(): boolean {
    return this.#state === 'committed';
  }

  get(key: JsonValue): JsonValue | undefined {
    return this.#map.get(this.#encodeKey(key))?.value;
  }

  put(key: JsonValue, value: JsonValue): void {
    this.#checkUpdating('put');
    if (value === undefined) throw StateStoreErrors.notJson(this.#name(), 'value', 'undefined has no JSON form; remove the key instead');
    const keyJson = this.#encodeKey(key);
    const entry = { key, value };
    this.#map.set(keyJson, entry);
    this.#changes.set(keyJson, entry);
    this.#numRowsUpdated++;
  }

  remove(key: JsonValue): void {
    this.#checkUpdating('remove');
    const keyJson = this.#encodeKey(key);
    if (this.#map.delete(keyJson)) {
      this.#changes.set(keyJson, undefined);
      this.#numRowsRemoved++;
    }
  }

  *iterator(): IterableIterator<StateEntry> {
    for (const entry of this.#map.values()) yield [entry.key, entry.value];
  }

  *prefixScan(prefix: readonly JsonValue[]): IterableIterator<StateEntry> {
    // Canonical JSON of an array is `[e1,e2,...]` and each element encodes self-delimited, so a key
    // starts with `prefix` exactly when its text starts with `[p1,...,pn` followed by `,` or `]`.
    const head = prefix.length === 0 ? '[' : `[${prefix.map(canonicalJson).join(',')}`;
    for (const [keyJson, entry] of this.#map) {
      if (!keyJson.startsWith(head)) continue;
      const next = keyJson.charAt(head.length);
      if (prefix.length === 0 || next === ',' || next === ']') yield [entry.key, entry.value];
    }
  }

  commit(): number {
    this.#checkUpdating('commit');
    const newVersion = this.version + 1;
    this.#commitVersion(newVersion, this.#map, this.#changes);
    this.#state = 'committed';
    return newVersion;
  }

  abort(): void {
    if (this.#state === 'updating') this.#state = 'aborted';
  }

  metrics(): StateStoreMetrics {
    let memoryUsedBytes = 0;
    for (const [keyJson, entry] of this.#map) memoryUsedBytes += ENTRY_OVERHEAD_BYTES + 2 * keyJson.length + estimateBytes(entry.value);
    return {
      numRowsTotal: this.#map.size,
      numRowsUpdated: this.#numRowsUpdated,
      numRowsRemoved: this.#numRowsRemoved,
      memoryUsedBytes,
      customMetrics: { ...this.cacheCounters(), stateOnCurrentVersionSizeBytes: memoryUsedBytes },
    };
  }

  toString(): string {
    return `HDFSStateStore[${this.#name()}, version=${this.version}]`;
  }

  #encodeKey(key: JsonValue): string {
    if (key === undefined) throw StateStoreErrors.notJson(this.#name(), 'key', 'undefined has no JSON form');
    return encodeStateKey(key);
  }

  #checkUpdating(operation: string): void {
    if (this.#state !== 'updating') throw StateStoreErrors.notUpdatable(this.#name(), this.version, operation, this.#state);
  }

  #name(): string {
    return describeStateStoreId(this.id);
  }
}

/** A Map entry, the entry object and its key object: a rough V8 figure. */
const ENTRY_OVERHEAD_BYTES = 64;

/** A rough size of a JSON value in V8's heap (strings as UTF-16), like Spark's SizeEstimator estimate. */
function estimateBytes(value: JsonValue): number {
  if (value === null || typeof value === 'boolean') return 8;
  if (typeof value === 'number') return 16;
  if (typeof value === 'string') return 16 + 2 * value.length;
  if (Array.isArray(value)) return value.reduce<number>((sum, v) => sum + 8 + estimateBytes(v), 16);
  let sum = 16;
  for (const [k, v] of Object.entries(value)) sum += 8 + 2 * k.length + estimateBytes(v);
  return sum;
}
