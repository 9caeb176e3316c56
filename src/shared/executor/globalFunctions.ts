/**
 * Native functions a worker thread has too, shipped by their global path: `rdd.map(String)` or
 * `rdd.map(Math.abs)` has no source text to send, but every thread has the same `String` and
 * `Math.abs`. Spark needs no such table: a JVM class is loaded by name on every executor anyway.
 */

/** Global constructors and functions shipped by name. */
const GLOBAL_FUNCTIONS = ['String', 'Number', 'Boolean', 'BigInt', 'Symbol', 'Array', 'Object', 'Date', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI', 'structuredClone'];
/** Namespaces whose static functions are shipped as `Namespace.name`. */
const NAMESPACES = ['Math', 'JSON', 'Object', 'Array', 'Number', 'String', 'Reflect'];

const pathOf = new Map<unknown, string>();
for (const name of GLOBAL_FUNCTIONS) pathOf.set((globalThis as Record<string, unknown>)[name], name);
for (const namespace of NAMESPACES) {
  const holder = (globalThis as Record<string, unknown>)[namespace] as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(holder)) {
    const value = Object.getOwnPropertyDescriptor(holder, key)?.value;
    if (typeof value === 'function' && !pathOf.has(value)) pathOf.set(value, `${namespace}.${key}`);
  }
}

/** The global path of a native function every thread has (`'Math.abs'`), or undefined. */
export function globalFunctionPath(fn: unknown): string | undefined {
  return pathOf.get(fn);
}

/** The function at a global path, on this thread. */
export function globalFunctionAt(path: string): unknown {
  let value: unknown = globalThis;
  for (const part of path.split('.')) value = (value as Record<string, unknown>)[part];
  if (typeof value !== 'function') throw new Error(`No global function ${path} on this thread`);
  return value;
}
