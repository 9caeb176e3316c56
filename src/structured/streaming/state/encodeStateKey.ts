/**
 * The canonical text of a state key: JSON with object keys in canonicalJson's order, the form a
 * state store compares keys by and writes to its files. Spark: the UnsafeProjection that turns a
 * key row into the bytes StateStore compares (keys there are UnsafeRows).
 *
 * Every key a stateful operator touches goes through here once per batch, so this is a hot path:
 * the generic canonicalJson sorts each object's keys with a regular expression per comparison
 * (~1 us per window key); here the order of each object shape (its keys in insertion order) is
 * worked out once and cached (~0.5 us). The output equals canonicalJson(key) for every value;
 * StateStore.test.ts checks both on the same keys.
 */
import { canonicalJson, compareKeys } from '../sources/Offset.js';

/** The canonical order of one object shape and the JSON text of each name, `"name":`. */
interface ObjectShape {
  readonly keys: readonly string[];
  readonly order: readonly number[];
  readonly names: readonly string[];
}

/**
 * Shapes seen, by their first key (a property name: V8 keeps its hash, so the lookup allocates
 * nothing); a list per first key, told apart key by key. Cleared past SHAPE_LIMIT shapes (objects
 * whose keys are data).
 */
const shapes = new Map<string, ObjectShape[]>();
const SHAPE_LIMIT = 1024;
let shapeCount = 0;

function shapeOf(keys: readonly string[]): ObjectShape {
  const first = keys.length === 0 ? '' : keys[0]!;
  const seen = shapes.get(first);
  if (seen !== undefined) for (const shape of seen) if (sameKeys(shape.keys, keys)) return shape;
  const order = keys.map((_, i) => i).sort((a, b) => compareKeys(keys[a]!, keys[b]!));
  const shape = { keys, order, names: keys.map((k) => `${JSON.stringify(k)}:`) };
  if (shapeCount >= SHAPE_LIMIT) {
    shapes.clear();
    shapeCount = 0;
  }
  const list = shapes.get(first);
  if (list === undefined) shapes.set(first, [shape]);
  else list.push(shape);
  shapeCount++;
  return shape;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The canonical JSON of a state key (objects' keys sorted, undefined object members left out),
 * equal to canonicalJson(key), as one flat string.
 *
 * Flat matters: text built with `+=` is a V8 cons string, a tree of about ten heap objects for a
 * window key, and a state store keeps its keys for as long as the state lives. 1M such keys held
 * ~350 MB against ~80 MB flat, and every lookup that hits walks the tree (bench/perf/stateCurveThirds.ts).
 * The pieces are collected and joined once, which yields a sequential string.
 *
 * @example
 * encodeStateKey([{ start: 0, end: 10000 }, 'a']); // '[{"end":10000,"start":0},"a"]'
 */
export function encodeStateKey(key: unknown): string {
  if (typeof key !== 'object' || key === null) return encodePrimitive(key);
  const parts: string[] = [];
  appendKey(key, parts);
  return parts.join('');
}

/** A key that is not an object or array; number and string texts are flat already. */
function encodePrimitive(key: unknown): string {
  switch (typeof key) {
    case 'number':
      return Number.isFinite(key) ? `${key}` : 'null';
    case 'string':
      return JSON.stringify(key);
    case 'boolean':
      return key ? 'true' : 'false';
    case 'object':
      return 'null';
    default:
      // undefined, functions, symbols and bigints: whatever canonicalJson does with them.
      return canonicalJson(key);
  }
}

/** Pushes the canonical JSON of `key` onto `parts`, piece by piece. */
function appendKey(key: unknown, parts: string[]): void {
  if (typeof key !== 'object' || key === null) {
    parts.push(encodePrimitive(key));
    return;
  }
  if (Array.isArray(key)) {
    parts.push('[');
    for (let i = 0; i < key.length; i++) {
      if (i > 0) parts.push(',');
      appendKey(key[i], parts);
    }
    parts.push(']');
    return;
  }
  const record = key as Record<string, unknown>;
  const keys = Object.keys(record);
  const shape = shapeOf(keys);
  parts.push('{');
  let first = true;
  for (const i of shape.order) {
    const value = record[keys[i]!];
    if (value === undefined) continue;
    if (!first) parts.push(',');
    first = false;
    parts.push(shape.names[i]!);
    appendKey(value, parts);
  }
  parts.push('}');
}
