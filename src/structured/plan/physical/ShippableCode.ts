/**
 * Generated JavaScript and the references it reads, in a form a task can take to any executor:
 * a worker thread compiles the same source and rebuilds the references there. Spark:
 * execution/WholeStageCodegenExec.scala, whose tasks deserialize the generated class's source and
 * `references` on the executor and compile them there (cached by source).
 *
 * On a `local-workers[N]` master every reference is turned into data when the plan is executed:
 * builtin functions travel by name (shared/util/builtinFunctions.ts), closures and class instances
 * by their factory recipe (expressions/codegen/referenceFactories.ts), values marked by
 * shipAsBroadcast as a broadcast variable (sent once per executor, like the build side of Spark's
 * BroadcastExchangeExec), Broadcasts as themselves, other values as they are; anything else is an
 * internal error, raised on the driver before a task starts. Inline masters keep the driver's objects. Accumulators (TaskAccumulators.ts) become a fresh local copy per task on every
 * master, so their values reach the driver the same way everywhere.
 */
import { Broadcast, parseMasterURL, type SparkContext, type TaskContext, unbind } from '../../../shared/index.js';
import { builtinName } from '../../../shared/util/builtinFunctions.js';
import { CodegenContext } from '../../expressions/codegen/CodegenContext.js';
import { compileFunction } from '../../expressions/codegen/compileExpressions.js';
import { makeReference, recipeOf, type ReferenceRecipe } from '../../expressions/codegen/referenceFactories.js';
import type { Expression } from '../../expressions/Expression.js';
import type { ExecutionContext } from './SparkPlan.js';
import { AccumulatorRef, localAccumulator, registerAccumulator, reportAccumulators, type ShippedAccumulator } from './TaskAccumulators.js';

/** Source text (the body of `new Function('refs', source)`) and its references. */
export interface ShippableCode {
  readonly source: string;
  readonly references: readonly unknown[];
  /**
   * The broadcasts packed references point into. Kept apart from `references`, in an array of
   * Broadcasts only, because the executor's shipping walks every element of such an array (it
   * samples long mixed arrays) and sends each broadcast's value once per executor.
   */
  readonly broadcasts?: readonly Broadcast<unknown>[];
}

type PackedReference =
  | { readonly __ref: 'factory'; readonly recipe: ReferenceRecipe }
  | ({ readonly __ref: 'accumulator' } & ShippedAccumulator)
  | { readonly __ref: 'broadcast' | 'broadcastValue'; readonly index: number };

/** Values that ship to worker executors as a broadcast instead of with every task. */
const broadcastValues = new WeakSet<object>();

/** The broadcast of each such value, per context: created once, released with the value or the context. */
const broadcastsByValue = new WeakMap<object, WeakMap<SparkContext, Broadcast<unknown>>>();

/**
 * Marks `value` (read-only from now on) to reach worker executors as a broadcast variable: the
 * first task an executor runs brings it, later tasks name its id, and the executor keeps its copy
 * per broadcast id. Generated code still reads the value itself through `refs`. One broadcast is
 * made per value and context, on first use, and never destroyed while either lives, so every query
 * and batch referencing the value shares it; the executors' copies go when the context stops.
 * Why: a broadcast join's ~120 KB hash table shipped with every map task cost each worker 1-2 ms
 * of deserialisation per task.
 */
export function shipAsBroadcast<T extends object>(value: T): T {
  broadcastValues.add(value);
  return value;
}

function broadcastOf(value: object, sc: SparkContext): Broadcast<unknown> {
  let byContext = broadcastsByValue.get(value);
  if (byContext === undefined) broadcastsByValue.set(value, (byContext = new WeakMap()));
  let broadcast = byContext.get(sc);
  if (broadcast === undefined) byContext.set(sc, (broadcast = sc.broadcast(value)));
  return broadcast;
}

/** A task's local accumulator copies, reported when its partition is done. */
export type TaskLocals = ReturnType<typeof localAccumulator>[];

/** A context's master never changes; parsing it (several regular expressions) ran a few times per micro-batch. */
const shipsByContext = new WeakMap<SparkContext, boolean>();

/** True when tasks of `sc` run on worker threads, so what they reference must ship as data. */
export function shipsToWorkers(sc: SparkContext): boolean {
  let ships = shipsByContext.get(sc);
  if (ships === undefined) shipsByContext.set(sc, (ships = parseMasterURL(sc.master).kind === 'worker'));
  return ships;
}

/** `source` with `references` made ready for the executors of `sc`. */
export function shippableCode(source: string, references: readonly unknown[], sc: SparkContext): ShippableCode {
  const ship = shipsToWorkers(sc);
  const broadcasts: Broadcast<unknown>[] = [];
  const packed = references.map((ref) => packReference(ref, sc, ship, broadcasts));
  return broadcasts.length === 0 ? { source, references: packed } : { source, references: packed, broadcasts };
}

/**
 * A projection of `exprs` (bound to rows of `width` columns) as shippable code: `(row) => values`.
 * With spark.sql.codegen.factoryMode=NO_CODEGEN the expressions are interpreted (driver masters only).
 */
export function projectionCode(exprs: readonly Expression[], width: number, ctx: ExecutionContext): ShippableCode {
  if (!ctx.compileExpressions) return { source: 'return function projection(row) {\nreturn refs[0].map((e) => e.eval(row));\n};', references: [exprs] };
  const codegen = inputContext(width);
  const codes = exprs.map((e) => e.genCode(codegen));
  const source = `return function projection(row) {\n${codes.map((c) => c.code).join('')}return [${codes.map((c) => c.value).join(', ')}];\n};`;
  return shippableCode(source, codegen.references, ctx.sparkContext);
}

/** A predicate (bound to rows of `width` columns) as shippable code: `(row) => boolean`, true only for SQL true. */
export function predicateCode(condition: Expression, width: number, ctx: ExecutionContext): ShippableCode {
  if (!ctx.compileExpressions) return { source: 'return function predicate(row) {\nreturn refs[0].eval(row) === true;\n};', references: [condition] };
  const codegen = inputContext(width);
  const c = condition.genCode(codegen);
  return shippableCode(`return function predicate(row) {\n${c.code}return ${c.value} === true;\n};`, codegen.references, ctx.sparkContext);
}

/**
 * Objects a task function needs besides code (aggregate functions, accumulators), shipped the way
 * references are: `instantiate(values, locals)` returns them rebuilt, as an array.
 */
export function shippableValues(values: readonly unknown[], sc: SparkContext): ShippableCode {
  return shippableCode('return refs;', values, sc);
}

function inputContext(width: number): CodegenContext {
  const ctx = new CodegenContext();
  ctx.currentVars = Array.from({ length: width }, (_, i) => `row[${i}]`);
  return ctx;
}

function packReference(ref: unknown, sc: SparkContext, ship: boolean, broadcasts: Broadcast<unknown>[]): unknown {
  if (ref instanceof AccumulatorRef) return { __ref: 'accumulator', ...registerAccumulator(sc, ref) } satisfies PackedReference;
  if (!ship || ref === null || (typeof ref !== 'object' && typeof ref !== 'function')) return ref;
  if (ref instanceof Broadcast) return { __ref: 'broadcast', index: broadcasts.push(ref) - 1 } satisfies PackedReference;
  if (broadcastValues.has(ref)) return { __ref: 'broadcastValue', index: broadcasts.push(broadcastOf(ref, sc)) - 1 } satisfies PackedReference;
  const recipe = recipeOf(ref);
  if (recipe) return { __ref: 'factory', recipe } satisfies PackedReference;
  if (typeof ref === 'function') {
    if (builtinName(ref) !== undefined || unbind(ref as (...args: unknown[]) => unknown)) return ref;
    throw new Error(`Internal error: generated code references the function ${ref.name || '(anonymous)'}, which has no builtin name or factory recipe, so it cannot run on a worker executor`);
  }
  const proto = Object.getPrototypeOf(ref) as unknown;
  if (Array.isArray(ref) || proto === Object.prototype || proto === null || ref instanceof Map || ref instanceof Set) return ref;
  throw new Error(`Internal error: generated code references a ${(ref as object).constructor.name} object, which has no factory recipe, so it cannot run on a worker executor`);
}

const instances = new WeakMap<ShippableCode, unknown>();

/**
 * The function `code` defines, with its references rebuilt in this thread; accumulators get
 * fresh local copies pushed to `locals` (report them with reportLocals when the partition is done).
 * Compiled once per source text; instances without accumulators are reused for the same code object.
 */
export function instantiate<F>(code: ShippableCode, locals: TaskLocals): F {
  const cached = instances.get(code);
  if (cached !== undefined) return cached as F;
  let stateful = false;
  const refs = code.references.map((ref) => {
    const packed = ref as Partial<PackedReference> | null;
    if (packed === null || typeof packed !== 'object' || !('__ref' in packed)) return ref;
    if (packed.__ref === 'factory') return makeReference(packed.recipe!);
    if (packed.__ref === 'broadcast' || packed.__ref === 'broadcastValue') {
      const broadcast = code.broadcasts![packed.index!]!;
      return packed.__ref === 'broadcast' ? broadcast : broadcast.value;
    }
    stateful = true;
    const local = localAccumulator(packed as ShippedAccumulator);
    locals.push(local);
    return local.local;
  });
  const fn = compileFunction<F>(code.source, refs);
  if (!stateful) instances.set(code, fn);
  return fn;
}

/** Sends a partition's accumulator values back with its task. */
export function reportLocals(task: TaskContext, locals: TaskLocals): void {
  reportAccumulators(task, locals);
}
