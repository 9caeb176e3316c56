/**
 * Functions a checkpoint saves by name instead of by source text: driver-side outputs that use
 * the program's own objects (a result buffer, a database client). No Spark counterpart: Spark
 * serialises such closures as Java objects; JavaScript closures cannot be serialised, so the
 * restarted program registers the same names again before StreamingContext.getOrCreate, the
 * way a restarted Spark driver has the same classes on its classpath.
 */
import { StreamingErrors } from './errors.js';

type AnyFunction = (...args: any[]) => any;

const byName = new Map<string, AnyFunction>();
const names = new WeakMap<AnyFunction, string>();

/**
 * Registers `fn` under `name` and returns it. Registering a name again replaces the function, so
 * a restarted program can bind the name to its new objects.
 *
 * @example
 * const results: number[][] = [];
 * counts.foreachRDD(namedFunction('collect-counts', async (rdd) => { results.push(await rdd.collect()); }));
 */
export function namedFunction<F extends AnyFunction>(name: string, fn: F): F;
/**
 * The function registered under `name`, for building a graph with a function registered elsewhere.
 * @throws IllegalStateError UNKNOWN_NAMED_FUNCTION
 */
export function namedFunction<F extends AnyFunction = AnyFunction>(name: string): F;
export function namedFunction<F extends AnyFunction>(name: string, fn?: F): F {
  if (!fn) return lookupNamedFunction(name) as F;
  byName.set(name, fn);
  names.set(fn, name);
  return fn;
}

/**
 * Removes the function registered under `name`; true when there was one. A program that registers
 * a fresh name per run (a bench, a test) calls it when the run ends: the registry is global, so the
 * function, and everything its closure holds (a run's input, its results), would stay reachable
 * for the process's life.
 *
 * @example
 * const name = `collect.${runId}`;
 * stream.foreachRDD(namedFunction(name, async (rdd) => { results.push(await rdd.collect()); }));
 * // ... after ssc.stop():
 * forgetNamedFunction(name); // true
 */
export function forgetNamedFunction(name: string): boolean {
  const fn = byName.get(name);
  if (!fn) return false;
  byName.delete(name);
  names.delete(fn);
  return true;
}

/** The name `fn` was registered under, if any. */
export function nameOfFunction(fn: AnyFunction): string | undefined {
  return names.get(fn);
}

/**
 * The function registered under `name`.
 * @throws IllegalStateError UNKNOWN_NAMED_FUNCTION listing the registered names
 */
export function lookupNamedFunction(name: string): AnyFunction {
  const fn = byName.get(name);
  if (!fn) throw StreamingErrors.unknownNamedFunction(name, [...byName.keys()]);
  return fn;
}
