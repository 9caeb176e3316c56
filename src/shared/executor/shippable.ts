/**
 * Turns a task's data (RDD descriptors, partitioners, functions, broadcasts) into something
 * postMessage can copy, and back. Functions become source text (util/closure.ts), builtins their
 * registered name, native globals (String, Math.abs) their global path, bound functions their
 * target plus env (which may hold functions too).
 */
import { Broadcast } from '../Broadcast.js';
import { builtinFunction, builtinName } from '../util/builtinFunctions.js';
import { isPlainObject } from '../util/isPlainObject.js';
import { globalFunctionAt, globalFunctionPath } from './globalFunctions.js';
import { bind, reviveFunction, serializeFunction, unbind, type SerializedFunction } from '../util/closure.js';

type Shipped =
  | { readonly __ship: 'builtin'; readonly name: string }
  | { readonly __ship: 'global'; readonly path: string }
  | { readonly __ship: 'source'; readonly fn: SerializedFunction }
  | { readonly __ship: 'bound'; readonly target: unknown; readonly env: unknown }
  | { readonly __ship: 'broadcast'; readonly id: number; readonly value?: unknown };

/**
 * `value` with every function replaced by data; `where` names the call site in errors. With
 * `sentBroadcasts` (the ids an executor already holds), a broadcast's value is sent only once.
 */
export function toShippable(value: unknown, where: string, sentBroadcasts?: Set<number>): unknown {
  if (typeof value === 'function') {
    const name = builtinName(value);
    if (name) return { __ship: 'builtin', name } satisfies Shipped;
    const path = globalFunctionPath(value);
    if (path) return { __ship: 'global', path } satisfies Shipped;
    const bound = unbind(value as (...args: unknown[]) => unknown);
    if (bound) return { __ship: 'bound', target: toShippable(bound.target, where, sentBroadcasts), env: toShippable(bound.env, where, sentBroadcasts) } satisfies Shipped;
    return { __ship: 'source', fn: serializeFunction(value as (...args: unknown[]) => unknown, where) } satisfies Shipped;
  }
  if (value instanceof Broadcast) {
    // Like Spark's TorrentBroadcast, an executor receives the value once; later tasks name the id.
    if (sentBroadcasts?.has(value.id)) return { __ship: 'broadcast', id: value.id } satisfies Shipped;
    const shipped = { __ship: 'broadcast', id: value.id, value: value.value } satisfies Shipped;
    sentBroadcasts?.add(value.id);
    return shipped;
  }
  if (Array.isArray(value)) return shippableArray(value, where, sentBroadcasts);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const shipped = toShippable(v, where, sentBroadcasts);
      if (shipped !== v) out ??= { ...value };
      if (out) out[k] = shipped;
    }
    return out ?? value;
  }
  return value;
}

/**
 * Copy on write: a slice of rows (a parallelized partition) usually holds no function, and is
 * returned as it is, so the driver does not copy every row once before postMessage copies it again.
 * A long array whose sampled rows are plain data is not walked at all (walking every row was 28.5%
 * of the driver's time on local-workers[2]); a function in a row that was not sampled then fails
 * the post, which the worker executor reports as TASK_NOT_SERIALIZABLE naming the value.
 */
function shippableArray(items: readonly unknown[], where: string, sentBroadcasts: Set<number> | undefined): unknown[] {
  if (items.length > SAMPLED_ARRAY_LENGTH && sampledRowsAre(items, isPlainData)) return items as unknown[];
  let out: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item === null || (typeof item !== 'object' && typeof item !== 'function')) {
      if (out) out[i] = item;
      continue;
    }
    const shipped = toShippable(item, where, sentBroadcasts);
    if (shipped !== item && !out) out = items.slice(0, i);
    if (out) out[i] = shipped;
  }
  return out ?? (items as unknown[]);
}

/** Arrays longer than this are judged by their first and last SAMPLE_ROWS rows. */
const SAMPLED_ARRAY_LENGTH = 32;
const SAMPLE_ROWS = 16;
/** Nesting deeper than this inside a sampled row counts as "not data": the row is walked. */
const MAX_DATA_DEPTH = 4;

function sampledRowsAre(items: readonly unknown[], isData: (value: unknown, depth: number) => boolean): boolean {
  const n = items.length;
  for (let i = 0; i < SAMPLE_ROWS; i++) if (!isData(items[i], MAX_DATA_DEPTH) || !isData(items[n - 1 - i], MAX_DATA_DEPTH)) return false;
  return true;
}

/** Whether toShippable would return `value` unchanged: no function or broadcast inside (up to `depth` levels). */
function isPlainData(value: unknown, depth: number): boolean {
  if (typeof value === 'function') return false;
  if (value === null || typeof value !== 'object') return true;
  if (value instanceof Broadcast || depth === 0) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!isPlainData(item, depth - 1)) return false;
    return true;
  }
  if (!isPlainObject(value)) return true;
  for (const key in value) if (!isPlainData((value as Record<string, unknown>)[key], depth - 1)) return false;
  return true;
}

/** Whether fromShippable has nothing to revive in `value`: no shipped marker inside (up to `depth` levels). */
function hasNoShippedValue(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (depth === 0) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!hasNoShippedValue(item, depth - 1)) return false;
    return true;
  }
  if (!isPlainObject(value)) return true;
  if ('__ship' in value) return false;
  for (const key in value) if (!hasNoShippedValue((value as Record<string, unknown>)[key], depth - 1)) return false;
  return true;
}

/** The inverse of toShippable, run on the worker. Broadcast values are kept once per id. */
export function fromShippable(value: unknown, broadcasts: Map<number, Broadcast<unknown>>): unknown {
  if (Array.isArray(value)) {
    // The driver's rule for long arrays, seen from this side: sampled rows with nothing shipped
    // inside mean the driver sent the rows as they were, so there is nothing to revive.
    if (value.length > SAMPLED_ARRAY_LENGTH && sampledRowsAre(value, hasNoShippedValue)) return value;
    // In place: the value is the worker's own structured-clone copy, so nobody else sees it.
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object') value[i] = fromShippable(item, broadcasts);
    }
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  const shipped = value as Partial<Shipped> & Record<string, unknown>;
  switch (shipped.__ship) {
    case 'builtin':
      return builtinFunction(shipped.name as string);
    case 'global':
      return globalFunctionAt(shipped.path as string);
    case 'source':
      return reviveFunction(shipped.fn as SerializedFunction);
    case 'bound':
      return bind(fromShippable(shipped.target, broadcasts) as (...args: unknown[]) => unknown, fromShippable(shipped.env, broadcasts));
    case 'broadcast': {
      const id = shipped.id as number;
      if (!broadcasts.has(id)) {
        if (!('value' in shipped)) throw new Error(`Broadcast(${id}) was never sent to this worker executor`);
        broadcasts.set(id, new Broadcast(id, shipped.value));
      }
      return broadcasts.get(id);
    }
  }
  const record = value as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    const v = record[k];
    if (v !== null && typeof v === 'object') record[k] = fromShippable(v, broadcasts);
  }
  return record;
}
