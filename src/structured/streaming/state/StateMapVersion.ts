/**
 * One version of a state store's map held in memory as the changes of that version over its
 * parent version, so opening, updating and committing a version costs what the batch touches,
 * not the whole state. Spark: HDFSBackedStateStoreProvider's loadedMaps, where each new version
 * starts as a full copy of the previous map (`newMap.putAll(loadedMap)`); here versions share it.
 *
 * ```
 *  version 7 (cached)      version 8 (cached)       the open store (-> 9)
 *  base: Map of entries <- changes of 8       <-    changes of this batch
 * ```
 * A version is either a base (it owns a flat Map) or a layer (a Map of changes over its parent).
 * Layers are folded into the base below them once nobody can read that base's version any more
 * (not cached by the provider, no store open on it): the base's Map is updated in place with the
 * layer's changes and handed to the layer, at a cost proportional to the layer's changes.
 *
 * Order: every version iterates its entries in exactly the order a copied Map would have them
 * (keys in first insertion order; an update keeps the key's place; a key removed and put again
 * goes to the end). A layer records for each key whether the key took a new place at the end
 * (`appended`), and the iteration and the fold follow that.
 */
import type { StateMapEntry } from './StateFiles.js';

/** What a layer holds for a key: the entry (undefined once removed) and whether it went to the end. */
interface LayerChange {
  entry: StateMapEntry | undefined;
  appended: boolean;
}

/** A layer deeper than this is flattened into a Map of its own (a store left open keeps old layers alive). */
const MAX_LAYERS = 8;

/** Memory of one entry: a Map entry, the entry object and its key text (a rough V8 figure). */
export function entryBytes(keyJson: string, entry: StateMapEntry): number {
  return ENTRY_OVERHEAD_BYTES + 2 * keyJson.length + estimateBytes(entry.value);
}

const ENTRY_OVERHEAD_BYTES = 64;

/** A rough size of a JSON value in V8's heap (strings as UTF-16), like Spark's SizeEstimator estimate. */
function estimateBytes(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 8;
  if (typeof value === 'number') return 16;
  if (typeof value === 'string') return 16 + 2 * value.length;
  if (Array.isArray(value)) {
    let sum = 16;
    for (const v of value) sum += 8 + estimateBytes(v);
    return sum;
  }
  let sum = 16;
  for (const [k, v] of Object.entries(value as object)) sum += 8 + 2 * k.length + estimateBytes(v);
  return sum;
}

/** One version of a store's entries, keyed by the canonical JSON of each key. */
export class StateMapVersion {
  #base: Map<string, StateMapEntry> | undefined;
  #parent: StateMapVersion | undefined;
  #changes: Map<string, LayerChange> | undefined;
  #isFolded = false;
  /** Stores open on this version (their parent): a version with one is never folded away. */
  #openChildren = 0;
  #size: number;
  #bytes: number;
  /**
   * The last key get() looked up and what it found: an operator reads a key and then writes it,
   * and the write needs the old entry again (up to one Map lookup per layer of the chain).
   * Only this version's own put and remove change what a lookup finds, and both clear it.
   */
  #lastKeyJson: string | undefined;
  #lastEntry: StateMapEntry | undefined;

  private constructor(base: Map<string, StateMapEntry> | undefined, parent: StateMapVersion | undefined, size: number, bytes: number) {
    this.#base = base;
    this.#parent = parent;
    this.#changes = base === undefined ? new Map() : undefined;
    this.#size = size;
    this.#bytes = bytes;
  }

  /** A version owning `entries` (loaded from files, or empty). */
  static fromMap(entries: Map<string, StateMapEntry>): StateMapVersion {
    let bytes = 0;
    for (const [keyJson, entry] of entries) bytes += entryBytes(keyJson, entry);
    return new StateMapVersion(entries, undefined, entries.size, bytes);
  }

  /** A new, empty layer over this version, for a store opened on it; release() it when the store is done. */
  openChild(): StateMapVersion {
    this.#checkReadable();
    this.#openChildren++;
    return new StateMapVersion(undefined, this, this.#size, this.#bytes);
  }

  /** The store opened with openChild() committed or aborted. */
  release(): void {
    this.#openChildren--;
  }

  /** Number of keys. */
  get size(): number {
    return this.#size;
  }

  /** Estimated memory of the entries (Spark's memoryUsedBytes), kept as entries change. */
  get bytes(): number {
    return this.#bytes;
  }

  get(keyJson: string): StateMapEntry | undefined {
    const entry = StateMapVersion.#lookup(this, keyJson);
    this.#lastKeyJson = keyJson;
    this.#lastEntry = entry;
    return entry;
  }

  /** The entry of `keyJson` before a change, from the last get() when it was of the same key. */
  #previous(keyJson: string): StateMapEntry | undefined {
    const previous = keyJson === this.#lastKeyJson ? this.#lastEntry : StateMapVersion.#lookup(this, keyJson);
    this.#lastKeyJson = undefined;
    this.#lastEntry = undefined;
    return previous;
  }

  static #lookup(version: StateMapVersion, keyJson: string): StateMapEntry | undefined {
    for (let v: StateMapVersion | undefined = version; v !== undefined; v = v.#parent) {
      if (v.#base !== undefined) return v.#base.get(keyJson);
      if (v.#isFolded) v.#checkReadable();
      const change = v.#changes!.get(keyJson);
      if (change !== undefined) return change.entry;
    }
    return undefined;
  }

  /** Sets a key in this layer; true when the key was new. */
  put(keyJson: string, entry: StateMapEntry): boolean {
    const changes = this.#layerChanges();
    const previous = this.#previous(keyJson);
    if (previous === undefined) {
      // A new key (or one removed earlier): it goes to the end of the order.
      changes.delete(keyJson);
      changes.set(keyJson, { entry, appended: true });
      this.#size++;
    } else {
      this.#bytes -= entryBytes(keyJson, previous);
      const change = changes.get(keyJson);
      if (change !== undefined) change.entry = entry;
      else changes.set(keyJson, { entry, appended: false });
    }
    this.#bytes += entryBytes(keyJson, entry);
    return previous === undefined;
  }

  /** Removes a key in this layer; true when it was there. */
  remove(keyJson: string): boolean {
    const changes = this.#layerChanges();
    const previous = this.#previous(keyJson);
    if (previous === undefined) return false;
    const change = changes.get(keyJson);
    if (change !== undefined) change.entry = undefined;
    else changes.set(keyJson, { entry: undefined, appended: false });
    this.#size--;
    this.#bytes -= entryBytes(keyJson, previous);
    return true;
  }

  /** Every entry, in the order a copied Map would iterate them. */
  *entries(): IterableIterator<[string, StateMapEntry]> {
    const chain = this.#chain();
    const base = chain[0]!.#base!;
    // Layers above position `from` in the chain decide whether a key is still at that place.
    const placedAbove = (keyJson: string, from: number): StateMapEntry | undefined | false => {
      let entry: StateMapEntry | undefined | false;
      for (let i = from + 1; i < chain.length; i++) {
        const change = chain[i]!.#changes!.get(keyJson);
        if (change === undefined) continue;
        if (change.appended || change.entry === undefined) return false;
        entry = change.entry;
      }
      return entry;
    };
    for (const [keyJson, entry] of base) {
      const above = chain.length === 1 ? undefined : placedAbove(keyJson, 0);
      if (above !== false) yield [keyJson, above ?? entry];
    }
    for (let i = 1; i < chain.length; i++) {
      for (const [keyJson, change] of chain[i]!.#changes!) {
        if (!change.appended || change.entry === undefined) continue;
        const above = placedAbove(keyJson, i);
        if (above !== false) yield [keyJson, above ?? change.entry];
      }
    }
  }

  /**
   * Folds the layers under this version into their base while nobody else reads that base, then
   * flattens this version if its chain is still deep. `isCached` says whether the provider still
   * serves a version.
   */
  compact(isCached: (version: StateMapVersion) => boolean): void {
    const chain = this.#chain();
    let bottom = 0;
    while (bottom < chain.length - 1) {
      const base = chain[bottom]!;
      if (base.#openChildren > 0 || isCached(base)) break;
      chain[bottom + 1]!.#absorbInto(base);
      bottom++;
    }
    if (chain.length - bottom > MAX_LAYERS) {
      const flat = new Map(this.entries());
      this.#base = flat;
      this.#parent = undefined;
      this.#changes = undefined;
    }
  }

  /** This layer takes over its parent's Map, updated with this layer's changes; the parent is gone. */
  #absorbInto(parent: StateMapVersion): void {
    const map = parent.#base!;
    for (const [keyJson, change] of this.#changes!) {
      if (change.entry === undefined) map.delete(keyJson);
      else if (change.appended) {
        map.delete(keyJson);
        map.set(keyJson, change.entry);
      } else map.set(keyJson, change.entry);
    }
    this.#base = map;
    this.#parent = undefined;
    this.#changes = undefined;
    parent.#base = undefined;
    parent.#isFolded = true;
  }

  /** The versions from the base up to this one. */
  #chain(): StateMapVersion[] {
    return StateMapVersion.#chainOf(this);
  }

  static #chainOf(version: StateMapVersion): StateMapVersion[] {
    const chain: StateMapVersion[] = [];
    for (let v: StateMapVersion | undefined = version; v !== undefined; v = v.#parent) {
      v.#checkReadable();
      chain.push(v);
    }
    return chain.reverse();
  }

  #layerChanges(): Map<string, LayerChange> {
    if (this.#changes === undefined || this.#base !== undefined) throw new Error('Internal error: only an open layer of a state store can change');
    return this.#changes;
  }

  #checkReadable(): void {
    if (this.#isFolded) {
      throw new Error('Internal error: a state store version was read after it was folded into a newer one; '
        + 'a store may be read until the next version of its provider is committed');
    }
  }
}
