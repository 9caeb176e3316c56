/**
 * Functions the engine itself ships to executors by name instead of by source text.
 *
 * A shipped function's source cannot import anything, yet writing checkpoint or part files needs
 * node:fs. Registered functions travel as their name; the worker imports the same module and
 * finds the same function, so they may use the module's imports freely.
 */
const byName = new Map<string, (...args: any[]) => any>();
const names = new WeakMap<object, string>();

/** Registers `fn` under `name` (a module-level function, registered when its module loads). */
export function registerBuiltin<F extends (...args: any[]) => any>(name: string, fn: F): F {
  byName.set(name, fn);
  names.set(fn, name);
  return fn;
}

/** The registered name of `fn`, if it is a builtin. */
export function builtinName(fn: object): string | undefined {
  return names.get(fn);
}

/** The builtin registered under `name`. */
export function builtinFunction(name: string): (...args: any[]) => any {
  const fn = byName.get(name);
  if (!fn) throw new Error(`No builtin function "${name}" is registered in this thread; its module was not loaded.`);
  return fn;
}
