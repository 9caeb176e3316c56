/**
 * Turns a task's data (RDD descriptors, partitioners, functions, broadcasts) into something
 * postMessage can copy, and back. Functions become source text (util/closure.ts), builtins their
 * registered name, bound functions their target plus env (which may hold functions too).
 */
import { Broadcast } from '../Broadcast.js';
import { builtinFunction, builtinName } from '../util/builtinFunctions.js';
import { bind, reviveFunction, serializeFunction, unbind, type SerializedFunction } from '../util/closure.js';

type Shipped =
  | { readonly __ship: 'builtin'; readonly name: string }
  | { readonly __ship: 'source'; readonly fn: SerializedFunction }
  | { readonly __ship: 'bound'; readonly target: unknown; readonly env: unknown }
  | { readonly __ship: 'broadcast'; readonly id: number; readonly value: unknown };

/** A copy of `value` with every function replaced by data; `where` names the call site in errors. */
export function toShippable(value: unknown, where: string): unknown {
  if (typeof value === 'function') {
    const name = builtinName(value);
    if (name) return { __ship: 'builtin', name } satisfies Shipped;
    const bound = unbind(value as (...args: unknown[]) => unknown);
    if (bound) return { __ship: 'bound', target: toShippable(bound.target, where), env: toShippable(bound.env, where) } satisfies Shipped;
    return { __ship: 'source', fn: serializeFunction(value as (...args: unknown[]) => unknown, where) } satisfies Shipped;
  }
  if (value instanceof Broadcast) return { __ship: 'broadcast', id: value.id, value: value.value } satisfies Shipped;
  if (Array.isArray(value)) return value.map((v) => toShippable(v, where));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toShippable(v, where);
    return out;
  }
  return value;
}

/** The inverse of toShippable, run on the worker. Broadcast values are kept once per id. */
export function fromShippable(value: unknown, broadcasts: Map<number, Broadcast<unknown>>): unknown {
  if (Array.isArray(value)) return value.map((v) => fromShippable(v, broadcasts));
  if (value === null || typeof value !== 'object') return value;
  const shipped = value as Partial<Shipped> & Record<string, unknown>;
  switch (shipped.__ship) {
    case 'builtin':
      return builtinFunction(shipped.name as string);
    case 'source':
      return reviveFunction(shipped.fn as SerializedFunction);
    case 'bound':
      return bind(fromShippable(shipped.target, broadcasts) as (...args: unknown[]) => unknown, fromShippable(shipped.env, broadcasts));
    case 'broadcast': {
      const id = shipped.id as number;
      if (!broadcasts.has(id)) broadcasts.set(id, new Broadcast(id, shipped.value));
      return broadcasts.get(id);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = fromShippable(v, broadcasts);
  return out;
}
