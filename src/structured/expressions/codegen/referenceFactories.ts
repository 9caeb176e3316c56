/**
 * Named factories that rebuild, on an executor thread, the objects generated code reads through
 * `refs`. No Spark counterpart as such: Spark serializes the referenced objects themselves (Java
 * serialization of `references` in WholeStageCodegenExec); a JavaScript closure or class instance
 * cannot cross a thread, but the recipe that made it can.
 *
 * A reference made by `fromFactory(name, ...args)` (or described by `describeReference`) travels
 * as `{ name, args }`; the executor calls the factory registered under `name` with the same args.
 * Factories are registered when their module loads, on the driver and in every worker (the
 * structured engine's executor module imports those modules).
 */

/** How to make a reference again: a registered factory and plain-data arguments. */
export interface ReferenceRecipe {
  readonly factory: string;
  readonly args: readonly unknown[];
}

type Factory = (...args: any[]) => unknown;

const factories = new Map<string, Factory>();
const recipes = new WeakMap<object, ReferenceRecipe>();

/** Registers `factory` under `name` (once per module load); returns it. */
export function registerReferenceFactory<F extends Factory>(name: string, factory: F): F {
  factories.set(name, factory);
  return factory;
}

/** Calls the factory `name` with `args`, remembering the recipe so the result can be shipped. */
export function fromFactory<T>(name: string, ...args: unknown[]): T {
  const made = factoryNamed(name)(...args) as T;
  if (made !== null && (typeof made === 'object' || typeof made === 'function')) recipes.set(made, { factory: name, args });
  return made;
}

/** Records that `obj` (already built) is what `name(...args)` makes; returns `obj`. */
export function describeReference<T extends object>(obj: T, name: string, ...args: unknown[]): T {
  recipes.set(obj, { factory: name, args });
  return obj;
}

/** The recipe of a reference made by fromFactory or describeReference. */
export function recipeOf(obj: object): ReferenceRecipe | undefined {
  return recipes.get(obj);
}

/** Makes the reference a recipe describes, in this thread. */
export function makeReference(recipe: ReferenceRecipe): unknown {
  return factoryNamed(recipe.factory)(...recipe.args);
}

function factoryNamed(name: string): Factory {
  const factory = factories.get(name);
  if (!factory) throw new Error(`Internal error: no reference factory "${name}" is registered in this thread; its module was not loaded.`);
  return factory;
}
