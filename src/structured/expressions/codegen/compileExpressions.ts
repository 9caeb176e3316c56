/**
 * Turns bound expressions into row functions, compiled to JavaScript or interpreted.
 * Spark: expressions/codegen/GenerateUnsafeProjection.scala, GeneratePredicate.scala, and the
 * interpreted fallbacks (InterpretedProjection, InterpretedPredicate).
 *
 * Generated functions are cached by source text, as Spark's CodeGenerator caches classes, so a
 * query run twice does not compile twice.
 */
import type { Expression, InternalRow } from '../Expression.js';
import { CodegenContext } from './CodegenContext.js';

const compiled = new Map<string, (refs: readonly unknown[]) => unknown>();

/** Compiles `body` (which may read `refs`) once per distinct source text. */
export function compileFunction<F>(source: string, refs: readonly unknown[]): F {
  let factory = compiled.get(source);
  if (!factory) {
    factory = new Function('refs', source) as (refs: readonly unknown[]) => unknown;
    compiled.set(source, factory);
  }
  return factory(refs) as F;
}

/** A function from a row to the values of `exprs` (already bound to the row's ordinals). */
export function compileProjection(exprs: readonly Expression[], useCodegen: boolean, width: number): (row: InternalRow) => unknown[] {
  if (!useCodegen) return (row) => exprs.map((e) => e.eval(row));
  const ctx = new CodegenContext();
  ctx.currentVars = Array.from({ length: width }, (_, i) => `row[${i}]`);
  const codes = exprs.map((e) => e.genCode(ctx));
  const source = `return function projection(row) {\n${codes.map((c) => c.code).join('')}return [${codes.map((c) => c.value).join(', ')}];\n};`;
  return compileFunction(source, ctx.references);
}

/** A function telling whether `condition` (bound) is exactly true for a row. */
export function compilePredicate(condition: Expression, useCodegen: boolean, width: number): (row: InternalRow) => boolean {
  if (!useCodegen) return (row) => condition.eval(row) === true;
  const ctx = new CodegenContext();
  ctx.currentVars = Array.from({ length: width }, (_, i) => `row[${i}]`);
  const c = condition.genCode(ctx);
  const source = `return function predicate(row) {\n${c.code}return ${c.value} === true;\n};`;
  return compileFunction(source, ctx.references);
}
