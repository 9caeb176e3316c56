/**
 * Binds names to columns: attributes (with nested struct fields), functions, stars.
 * Spark: analysis/Analyzer.scala (ResolveReferences, ResolveFunctions) and
 * plans/logical/package.scala (LogicalPlan.resolve).
 */
import { AggregateFunction } from '../../expressions/aggregate/AggregateFunction.js';
import { Count } from '../../expressions/aggregate/Count.js';
import { Alias } from '../../expressions/Alias.js';
import { GetStructField } from '../../expressions/complexTypes.js';
import type { Expression } from '../../expressions/Expression.js';
import { Literal } from '../../expressions/Literal.js';
import { AttributeReference, NamedExpression } from '../../expressions/NamedExpression.js';
import { UnresolvedAttribute, UnresolvedExtractValue, UnresolvedFunction, UnresolvedStar } from '../../expressions/unresolved.js';
import { QueryErrors } from '../../errors.js';
import { StructType } from '../../types/StructType.js';
import type { FunctionRegistry } from './FunctionRegistry.js';

/** Name equality under the session's case sensitivity (spark.sql.caseSensitive, default false). */
export type NameEquality = (a: string, b: string) => boolean;

/** The resolver for spark.sql.caseSensitive = `caseSensitive`. */
export function nameEquality(caseSensitive: boolean): NameEquality {
  return caseSensitive ? (a, b) => a === b : (a, b) => a.toLowerCase() === b.toLowerCase();
}

/** `child.field`, checking that child is a struct with that field. */
export function extractField(child: Expression, field: string, eq: NameEquality): Expression {
  const t = child.dataType;
  if (!(t instanceof StructType)) throw QueryErrors.invalidExtractBase(child.sql(), t.sqlName);
  const f = t.fields.find((x) => eq(x.name, field));
  if (!f) throw QueryErrors.fieldNotFound(field, t.fieldNames);
  return new GetStructField(child, f.name);
}

/**
 * The expression `nameParts` denotes in `input`, or undefined when no column matches.
 * `a.b.c` is column `a` then fields `b`, `c`; a column literally named `a.b` matches too.
 * @throws AnalysisException AMBIGUOUS_REFERENCE when the first part names two different columns.
 */
export function resolveName(nameParts: readonly string[], input: readonly AttributeReference[], eq: NameEquality): Expression | undefined {
  const full = nameParts.join('.');
  const matches = input.filter((a) => eq(a.name, nameParts[0]!));
  const distinct = [...new Map(matches.map((m) => [m.exprId, m])).values()];
  if (distinct.length > 1) throw QueryErrors.ambiguousReference(full, distinct.map((a) => `\`${a.name}\``));
  if (distinct.length === 1) {
    let e: Expression = distinct[0]!;
    for (const part of nameParts.slice(1)) e = extractField(e, part, eq);
    return e;
  }
  if (nameParts.length > 1) {
    const whole = input.filter((a) => eq(a.name, full));
    if (whole.length >= 1) return whole[0];
  }
  return undefined;
}

/** Resolves attributes, extract-values and functions inside `expr`, bottom-up, against `input`. */
export function resolveExpression(
  expr: Expression,
  input: readonly AttributeReference[],
  eq: NameEquality,
  registry: FunctionRegistry,
): Expression {
  return expr.transformUp((e) => {
    if (e instanceof UnresolvedAttribute) {
      const resolved = resolveName(e.nameParts, input, eq);
      // A dotted reference keeps the last part as its name (`window.start` -> column `start`).
      if (resolved && !(resolved instanceof AttributeReference)) return new NamedExtract(resolved, e.nameParts.at(-1)!);
      return resolved;
    }
    if (e instanceof UnresolvedExtractValue && e.child.resolved) return extractField(e.child, e.fieldName, eq);
    if (e instanceof UnresolvedFunction) {
      if (e.isStar || (e.name.toLowerCase() === 'count' && e.args.length === 1 && e.args[0] instanceof UnresolvedStar)) {
        return new Count(Literal.create(1));
      }
      return registry.lookup(e.name, e.args);
    }
    if (e instanceof Count && e.child instanceof UnresolvedStar) return new Count(Literal.create(1));
    return undefined;
  });
}

/**
 * A nested field reached through a dotted name: evaluates as the extraction but names the column
 * after the last part, as Spark does with `Alias(ExtractValue(...), nameParts.last)`.
 */
export class NamedExtract extends GetStructField {
  constructor(
    readonly extraction: Expression,
    readonly columnName: string,
  ) {
    super((extraction as GetStructField).child, (extraction as GetStructField).fieldName);
  }

  override withNewChildren(c: readonly Expression[]): Expression {
    return c[0] === this.child ? this : new NamedExtract(new GetStructField(c[0]!, this.fieldName), this.columnName);
  }
}

/** The column name Spark gives an unaliased expression: its pretty SQL. */
export function prettyName(e: Expression): string {
  if (e instanceof NamedExtract) return e.columnName;
  if (e instanceof NamedExpression) return e.name;
  return e.sql();
}

/** Wraps a non-named expression of a select list in an Alias named after it. */
export function toNamed(e: Expression): Expression {
  if (e instanceof NamedExpression && !(e instanceof NamedExtract)) return e;
  return new Alias(e, prettyName(e));
}

/** Expands `*` in a select list to the input columns. */
export function expandStars(list: readonly Expression[], input: readonly AttributeReference[]): Expression[] {
  return list.flatMap((e): Expression[] => (e instanceof UnresolvedStar ? [...input] : [e]));
}

/** True when the expression contains an aggregate function. */
export function containsAggregate(e: Expression): boolean {
  return e.exists((x) => x instanceof AggregateFunction);
}
