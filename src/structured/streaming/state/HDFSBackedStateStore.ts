/**
 * One version of a file-backed state store, open for one batch's updates. Spark:
 * HDFSBackedStateStoreProvider.scala (its inner class HDFSBackedStateStore).
 *
 * The store writes into its own layer over the loaded version (StateMapVersion: no copy of the
 * loaded map) and records the last change of each key in first-change order (a key removed and
 * put again moves to the end, as it does in the layer), the order of the delta file; commit()
 * hands both to the provider, which writes `<version + 1>.delta`. Row counts
 * and memory are kept as keys change, so metrics() does not walk the state.
 */
import type { JsonValue } from '../sources/Offset.js';
import { StateStoreErrors } from '../streamingErrors.js';
import { encodeStateKey } from './encodeStateKey.js';
import { describeStateStoreId, type StateEntry, type StateStore, type StateStoreId, type StateStoreMetrics } from './StateStore.js';
import type { StateChanges, StateMapEntry } from './StateFiles.js';
import type { StateMapVersion } from './StateMapVersion.js';

/** Writes a committed version; the provider's side of commit(). */
export type CommitVersion = (newVersion: number, map: StateMapVersion, changes: StateChanges, moved: ReadonlySet<string>) => void;

/** The provider's loaded-map cache counters, for customMetrics. */
export interface CacheCounters {
  readonly loadedMapCacheHitCount: number;
  readonly loadedMapCacheMissCount: number;
}

type StoreState = 'updating' | 'committed' | 'aborted';

/** A StateStore over an in-memory map, committed through the provider. */
export class HDFSBackedStateStore implements StateStore {
  /** This store's layer over the loaded version. */
  readonly #map: StateMapVersion;
  readonly #changes: StateChanges = new Map();
  /** Keys removed and put again in this version: they went to the end (encodeDelta). */
  readonly #moved = new Set<string>();
  readonly #commitVersion: CommitVersion;
  readonly #release: () => void;
  #state: StoreState = 'updating';
  #numRowsUpdated = 0;
  #numRowsRemoved = 0;

  constructor(
    readonly id: StateStoreId,
    readonly version: number,
    map: StateMapVersion,
    commitVersion: CommitVersion,
    private readonly cacheCounters: () => CacheCounters = () => ({ loadedMapCacheHitCount: 0, loadedMapCacheMissCount: 0 }),
    /** Called once when the store is aborted (a commit releases through commitVersion). */
    release: () => void = () => {},
  ) {
    this.#map = map;
    this.#commitVersion = commitVersion;
    this.#release = release;
  }

  get hasCommitted(): boolean {
    return this.#state === 'committed';
  }

  get(key: JsonValue, keyJson?: string): JsonValue | undefined {
    return this.#map.get(keyJson ?? this.#encodeKey(key))?.value;
  }

  put(key: JsonValue, value: JsonValue, keyJson?: string): void {
    this.#checkUpdating('put');
    if (value === undefined) throw StateStoreErrors.notJson(this.#name(), 'value', 'undefined has no JSON form; remove the key instead');
    if (keyJson === undefined) keyJson = this.#encodeKey(key);
    const entry = { key, value };
    if (this.#map.put(keyJson, entry) && this.#changes.has(keyJson)) {
      // Removed earlier in this version and put again: the key goes to the end of the order, in
      // memory and so in the delta (a put alone would leave a replayed key where it was).
      this.#changes.delete(keyJson);
      this.#moved.add(keyJson);
    }
    this.#changes.set(keyJson, entry);
    this.#numRowsUpdated++;
  }

  remove(key: JsonValue, keyJson?: string): void {
    this.#checkUpdating('remove');
    this.#removeEncoded(keyJson ?? this.#encodeKey(key));
  }

  removeWhere(predicate: (key: JsonValue, value: JsonValue) => boolean): StateEntry[] {
    this.#checkUpdating('removeWhere');
    // Matches are collected first: removing adds to the layer that entries() is walking.
    const matches: Array<[string, StateMapEntry]> = [];
    for (const match of this.#map.entries()) if (predicate(match[1].key, match[1].value)) matches.push(match);
    const removed: StateEntry[] = [];
    for (const [keyJson, entry] of matches) {
      this.#removeEncoded(keyJson);
      removed.push([entry.key, entry.value]);
    }
    return removed;
  }

  #removeEncoded(keyJson: string): void {
    if (this.#map.remove(keyJson)) {
      this.#changes.set(keyJson, undefined);
      this.#numRowsRemoved++;
    }
  }

  *iterator(): IterableIterator<StateEntry> {
    for (const [, entry] of this.#map.entries()) yield [entry.key, entry.value];
  }

  *prefixScan(prefix: readonly JsonValue[]): IterableIterator<StateEntry> {
    // Canonical JSON of an array is `[e1,e2,...]` and each element encodes self-delimited, so a key
    // starts with `prefix` exactly when its text starts with `[p1,...,pn` followed by `,` or `]`.
    const head = prefix.length === 0 ? '[' : `[${prefix.map(encodeStateKey).join(',')}`;
    for (const [keyJson, entry] of this.#map.entries()) {
      if (!keyJson.startsWith(head)) continue;
      const next = keyJson.charAt(head.length);
      if (prefix.length === 0 || next === ',' || next === ']') yield [entry.key, entry.value];
    }
  }

  commit(): number {
    this.#checkUpdating('commit');
    const newVersion = this.version + 1;
    this.#commitVersion(newVersion, this.#map, this.#changes, this.#moved);
    this.#state = 'committed';
    return newVersion;
  }

  abort(): void {
    if (this.#state !== 'updating') return;
    this.#state = 'aborted';
    this.#release();
  }

  metrics(): StateStoreMetrics {
    const memoryUsedBytes = this.#map.bytes;
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
