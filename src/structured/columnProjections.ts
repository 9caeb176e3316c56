/**
 * The column lists behind withColumn, withColumnRenamed, drop, toDF and dropDuplicates(cols).
 * Spark: Dataset.scala, where the first four are a Project over the current plan that keeps the
 * other columns in order.
 *
 * Each function returns undefined when the DataFrame would not change, so the caller can return
 * itself (Spark's withColumnRenamed and drop are no-ops for unknown names).
 */
import { Alias } from './expressions/Alias.js';
import type { Expression } from './expressions/Expression.js';
import type { AttributeReference } from './expressions/NamedExpression.js';
import type { NameEquality } from './plan/analysis/ResolveReferences.js';
import { QueryErrors } from './errors.js';

/** Every column, with `name` replaced in place by `value`, or appended when there is none. */
export function withColumnList(output: readonly AttributeReference[], eq: NameEquality, name: string, value: Expression): Expression[] {
  const exists = output.some((a) => eq(a.name, name));
  const list: Expression[] = output.map((a) => (eq(a.name, name) ? new Alias(value, name) : a));
  if (!exists) list.push(new Alias(value, name));
  return list;
}

/** Every column, `existing` renamed to `newName`; undefined when there is no such column. */
export function renamedList(output: readonly AttributeReference[], eq: NameEquality, existing: string, newName: string): Expression[] | undefined {
  if (!output.some((a) => eq(a.name, existing))) return undefined;
  return output.map((a) => (eq(a.name, existing) ? new Alias(a, newName) : a));
}

/** The columns left after dropping `ids` and `names`; undefined when nothing is dropped. */
export function droppedList(
  output: readonly AttributeReference[],
  eq: NameEquality,
  ids: ReadonlySet<number>,
  names: readonly string[],
): AttributeReference[] | undefined {
  const kept = output.filter((a) => !ids.has(a.exprId) && !names.some((n) => eq(a.name, n)));
  return kept.length === output.length ? undefined : kept;
}

/** Every column renamed, in order; columns past the end of `names` keep theirs. */
export function renamedAllList(output: readonly AttributeReference[], names: readonly string[]): Expression[] {
  return output.map((a, i) => new Alias(a, names[i] ?? a.name));
}

/**
 * The output columns called `names`, in that order.
 * @throws AnalysisException UNRESOLVED_COLUMN for a name no column has.
 */
export function attributesNamed(output: readonly AttributeReference[], eq: NameEquality, names: readonly string[]): AttributeReference[] {
  return names.map((n) => {
    const a = output.find((x) => eq(x.name, n));
    if (!a) throw QueryErrors.unresolvedColumn(n, output.map((x) => x.name));
    return a;
  });
}
