/**
 * Shipping functions to worker executors as source text. Spark: core/.../util/ClosureCleaner.scala
 * (and the "Task not serializable" check in SparkContext.clean): a closure may only reference
 * what the executor can rebuild. Here that means a function must not read outer variables; values
 * reach it through bind(fn, env), which appends env to its arguments.
 */
import { analyzeFunction } from './freeVariables.js';
import type { AnyFunction, FunctionAnalysis } from './freeVariables.js';

export type { AnyFunction } from './freeVariables.js';
import { ClosureErrors } from './closureErrors.js';

const BOUND_TARGET: unique symbol = Symbol.for('twinstream.bind.target');
const BOUND_ENV: unique symbol = Symbol.for('twinstream.bind.env');

/** A function made by bind(): callable as the target without env, and shippable with its env. */
export type BoundFunction<A extends unknown[], R, E> = ((...args: A) => R) & {
  readonly [BOUND_TARGET]: (...args: [...A, E]) => R;
  readonly [BOUND_ENV]: E;
};

/**
 * A function as plain data a worker can rebuild with reviveFunction: the source of a
 * self-contained function, or a bound function as its target plus the env to append.
 */
export type SerializedFunction =
  | { readonly kind: 'source'; readonly name: string; readonly source: string }
  | { readonly kind: 'bound'; readonly target: SerializedFunction; readonly env: unknown };

/**
 * Returns a function that calls `fn(...args, env)`, and that serializeFunction ships together
 * with `env`. This is how a shipped function gets values from the driver (Spark captures them in
 * the closure; a worker thread cannot see the driver's variables).
 *
 * `env` must be structured-clonable data or Broadcast handles: it is copied to the worker.
 *
 * @example
 * const factor = 3;
 * rdd.map(bind((x: number, env: { factor: number }) => x * env.factor, { factor }));
 */
export function bind<A extends unknown[], E, R>(fn: (...args: [...A, E]) => R, env: E): BoundFunction<A, R, E> {
  const call = fn as (...args: unknown[]) => R;
  // Bound functions run once per record (map, filter): a rest parameter plus a spread call cost
  // ~3x a direct call (micro-benchmark, 3M calls), and were 3-6% of a yahoo profile. `arguments`
  // with fixed arities keeps the common cases direct; `env` still comes after every argument.
  const bound = function bound(): R {
    // eslint-disable-next-line prefer-rest-params
    const args = arguments;
    switch (args.length) {
      case 0:
        return call(env);
      case 1:
        return call(args[0], env);
      case 2:
        return call(args[0], args[1], env);
      case 3:
        return call(args[0], args[1], args[2], env);
      default:
        return call(...Array.from(args), env);
    }
  };
  Object.defineProperty(bound, 'name', { value: `bound(${fn.name})` });
  Object.defineProperty(bound, BOUND_TARGET, { value: fn });
  Object.defineProperty(bound, BOUND_ENV, { value: env });
  return bound as BoundFunction<A, R, E>;
}

/** The target and env of a function made by bind(), or undefined for any other function. */
export function unbind(fn: AnyFunction): { readonly target: AnyFunction; readonly env: unknown } | undefined {
  const target = (fn as Partial<BoundFunction<unknown[], unknown, unknown>>)[BOUND_TARGET];
  return target ? { target, env: (fn as BoundFunction<unknown[], unknown, unknown>)[BOUND_ENV] } : undefined;
}

/**
 * The outer names `fn` reads that a fresh worker thread would not have: not its own parameters
 * or locals, and not a JavaScript or Node global. For a bound function, those of its target.
 * Names are listed once each, in order of first use.
 *
 * @throws SparkException TASK_NOT_SERIALIZABLE when `fn` is native or bound with
 *   Function.prototype.bind (no source text), or its source cannot be parsed.
 */
export function findCapturedIdentifiers(fn: AnyFunction): string[] {
  return [...analyzeShippable(unbind(fn)?.target ?? fn, undefined).captured];
}

/**
 * Checks that `fn` can run on a worker thread and turns it into data. `where` names the call
 * site for the error message, e.g. "map in stage 1".
 *
 * @throws SparkException TASK_NOT_SERIALIZABLE naming every captured outer variable, with the
 *   bind() call that fixes the function; or when `fn` is native, or an env value is a function.
 */
export function serializeFunction(fn: AnyFunction, where: string): SerializedFunction {
  const bound = unbind(fn);
  if (bound) {
    checkEnv(bound.env, where);
    return { kind: 'bound', target: serializeFunction(bound.target, where), env: bound.env };
  }
  const analysis = analyzeShippable(fn, where);
  if (analysis.captured.length > 0) throw ClosureErrors.capturesOuterVariables(where, analysis);
  return { kind: 'source', name: fn.name, source: analysis.expression };
}

/** Rebuilds a function from serializeFunction's output; a bound one appends its env again. */
export function reviveFunction(serialized: SerializedFunction): AnyFunction {
  if (serialized.kind === 'bound') {
    return bind(reviveFunction(serialized.target) as (...args: unknown[]) => unknown, serialized.env);
  }
  let fn = revived.get(serialized.source);
  if (!fn) {
    // Strict, like the ES module the function came from; __name is tsx's keepNames helper.
    fn = new Function('__name', `'use strict';\nreturn ${serialized.source};`)(setFunctionName) as AnyFunction;
    if (revived.size >= MAX_REVIVED) revived.clear();
    revived.set(serialized.source, fn);
  }
  return fn;
}

/** Workers revive the same few functions for every task; compiling each once saves a parse. */
const revived = new Map<string, AnyFunction>();
const MAX_REVIVED = 256;

function setFunctionName<T extends object>(target: T, value: string): T {
  return Object.defineProperty(target, 'name', { value, configurable: true });
}

function analyzeShippable(fn: AnyFunction, where: string | undefined): FunctionAnalysis {
  const analysis = analyzeFunction(fn);
  if ('source' in analysis) return analysis;
  if (analysis.kind === 'native') throw ClosureErrors.nativeFunction(where, fn.name);
  throw ClosureErrors.unparsable(where, fn.name, analysis.reason);
}

/** A shallow look for what postMessage can never copy; deeper values fail at postMessage. */
function checkEnv(env: unknown, where: string): void {
  if (typeof env === 'function' || typeof env === 'symbol') throw ClosureErrors.envNotClonable(where, '', typeof env);
  if (typeof env !== 'object' || env === null) return;
  for (const [key, value] of Object.entries(env)) {
    if (typeof value === 'function' || typeof value === 'symbol') {
      throw ClosureErrors.envNotClonable(where, key, typeof value);
    }
  }
}
