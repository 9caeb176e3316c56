/**
 * A Map whose keys compare by value, as Scala's tuples and case classes do.
 *
 * JS Maps compare objects by identity, so two tuples ['a', 1] would be two keys. Primitive keys
 * (the hot path) go into the Map as they are; only object keys pay for an encoding.
 */
export class KeyMap<K, V> {
  readonly #entries = new Map<unknown, [K, V]>();

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    return this.#entries.get(encode(key))?.[1];
  }

  has(key: K): boolean {
    return this.#entries.has(encode(key));
  }

  set(key: K, value: V): this {
    const encoded = encode(key);
    const entry = this.#entries.get(encoded);
    if (entry) entry[1] = value;
    else this.#entries.set(encoded, [key, value]);
    return this;
  }

  /**
   * The live [key, value] entry of `key`, or undefined: writing entry[1] updates the map. Lets a
   * hot loop (combining by key) update with one lookup instead of has + get + set.
   */
  entry(key: K): [K, V] | undefined {
    return this.#entries.get(encode(key));
  }

  /** Adds an entry for a key known to be absent (after entry() returned undefined). */
  insert(key: K, value: V): void {
    this.#entries.set(encode(key), [key, value]);
  }

  /** The entry's value, created by `create` the first time the key is seen. */
  getOrCreate(key: K, create: () => V): V {
    const encoded = encode(key);
    const entry = this.#entries.get(encoded);
    if (entry) return entry[1];
    const value = create();
    this.#entries.set(encoded, [key, value]);
    return value;
  }

  delete(key: K): boolean {
    return this.#entries.delete(encode(key));
  }

  /** Entries as [key, value] pairs, in first-inserted order. */
  entries(): IterableIterator<[K, V]> {
    return this.#entries.values();
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.#entries.values();
  }
}

function encode(key: unknown): unknown {
  return typeof key === 'object' && key !== null ? '\u0000' + JSON.stringify(key) : key;
}
