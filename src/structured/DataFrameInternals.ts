/**
 * Plans that DataFrame methods build in more than one step: the using-columns join,
 * unionByName and a sort by columns a select dropped. Spark: Dataset.scala (join with
 * usingColumns, unionByName, sort) and the Analyzer's ResolveNaturalAndUsingJoin / ResolveUnion /
 * ResolveMissingReferences.
 *
 * A using-columns join is an equi-join on the named columns, then a projection that keeps each
 * join column once, first:
 * ```
 * Project [k, left rest..., right rest...]        k is coalesce(l.k, r.k) for a full outer join,
 * +- Join <how>, (l.k = r.k)                      r.k for a right join, l.k otherwise
 * ```
 */
import { AnalysisException } from '../shared/errors.js';
import { type ColumnOrName, toColumn } from './Column.js';
import { QueryErrors } from './errors.js';
import { Alias } from './expressions/Alias.js';
import type { Expression } from './expressions/Expression.js';
import { Literal } from './expressions/Literal.js';
import type { AttributeReference } from './expressions/NamedExpression.js';
import { Coalesce } from './expressions/nullExpressions.js';
import { And, EqualTo } from './expressions/predicates.js';
import type { NameEquality } from './plan/analysis/ResolveReferences.js';
import { Join } from './plan/logical/Join.js';
import type { JoinType } from './plan/logical/JoinType.js';
import type { LogicalPlan } from './plan/logical/LogicalPlan.js';
import { Project } from './plan/logical/Project.js';
import type { Sort } from './plan/logical/Sort.js';
import { Union } from './plan/logical/Union.js';
import { SortOrder } from './expressions/SortOrder.js';
import type { SparkSession } from './SparkSession.js';

/** The join on `names` and, unless semi/anti, the select list that keeps each name once. */
export function usingJoin(
  left: LogicalPlan,
  right: LogicalPlan,
  names: readonly string[],
  joinType: JoinType,
  eq: NameEquality,
): { join: Join; projectList: Expression[] | undefined } {
  const find = (plan: LogicalPlan, name: string): AttributeReference => {
    const a = plan.output.find((x) => eq(x.name, name));
    if (!a) throw QueryErrors.unresolvedColumn(name, plan.output.map((x) => x.name));
    return a;
  };
  const pairs = names.map((n) => [find(left, n), find(right, n)] as const);
  const cond = pairs.map(([l, r]): Expression => new EqualTo(l, r)).reduce((a, b) => new And(a, b));
  const join = new Join(left, right, joinType, cond);
  if (joinType === 'LeftSemi' || joinType === 'LeftAnti') return { join, projectList: undefined };
  const usedL = new Set(pairs.map(([l]) => l.exprId));
  const usedR = new Set(pairs.map(([, r]) => r.exprId));
  const keys = pairs.map(([l, r]) => {
    if (joinType === 'FullOuter') return new Alias(new Coalesce([l, r]), l.name);
    return joinType === 'RightOuter' ? r : l;
  });
  const rest = [...left.output.filter((a) => !usedL.has(a.exprId)), ...right.output.filter((a) => !usedR.has(a.exprId))];
  return { join, projectList: [...keys, ...rest] };
}

/**
 * UNION ALL of `left` and `right` matched by column name; with `allowMissingColumns` a column
 * one side lacks is null there (and `right`'s extra columns are appended).
 * @throws AnalysisException UNRESOLVED_COLUMN when `right` lacks a column of `left` and missing columns are not allowed.
 */
export function unionByNamePlan(left: LogicalPlan, right: LogicalPlan, allowMissingColumns: boolean, eq: NameEquality): Union {
  const rightOut = right.output;
  const list: Expression[] = left.output.map((a) => {
    const match = rightOut.find((o) => eq(o.name, a.name));
    if (match) return match;
    if (!allowMissingColumns) throw QueryErrors.unresolvedColumn(a.name, rightOut.map((o) => o.name));
    return new Alias(Literal.NULL, a.name);
  });
  let leftPlan: LogicalPlan = left;
  if (allowMissingColumns) {
    const extra = rightOut.filter((o) => !left.output.some((a) => eq(a.name, o.name)));
    list.push(...extra);
    if (extra.length > 0) leftPlan = new Project([...left.output, ...extra.map((e) => new Alias(Literal.NULL, e.name))], left);
  }
  return new Union([leftPlan, new Project(list, right)]);
}

/** Sort orders for `cols`: ascending unless a Column already says `.asc()`/`.desc()`. */
export function sortOrdersOf(cols: readonly ColumnOrName[]): SortOrder[] {
  return cols.map((c) => {
    const e = toColumn(c).expr;
    return e instanceof SortOrder ? e : new SortOrder(e, true);
  });
}

/**
 * The plan to use when analysing `sort` failed with `err`: if the sort names columns a select
 * below it dropped, the sort reads them from below the select and a projection drops them again
 * (as Spark allows `df.select("a").orderBy("b")`); any other error is rethrown.
 */
export function sortWithMissingColumns(session: SparkSession, sort: Sort, err: unknown): LogicalPlan {
  if (!(err instanceof AnalysisException) || err.errorClass !== 'UNRESOLVED_COLUMN') throw err;
  const rewritten = session.analyzer.resolveSortWithMissing(sort);
  if (rewritten === sort) throw err;
  return rewritten;
}
