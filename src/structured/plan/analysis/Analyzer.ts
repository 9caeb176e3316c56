/**
 * Turns a plan with names into one with typed, identified columns: resolves references and
 * functions, names select-list expressions, rewrites generators and global aggregates, applies
 * type coercion, then checks the result. Spark: sql/catalyst/.../analysis/Analyzer.scala.
 *
 * DataFrames are analyzed eagerly (an unknown column fails at `select`, not at `collect`), and
 * each new DataFrame adds one unresolved node over an analyzed child, so the analyzer remembers
 * which plans it has already analyzed and skips them.
 */
import { Alias } from '../../expressions/Alias.js';
import type { Expression } from '../../expressions/Expression.js';
import { Generator } from '../../expressions/generators.js';
import { AttributeReference, type ExprIdGenerator, NamedExpression } from '../../expressions/NamedExpression.js';
import { QueryErrors } from '../../errors.js';
import { Aggregate } from '../logical/Aggregate.js';
import { Generate } from '../logical/Generate.js';
import { Join } from '../logical/Join.js';
import type { LogicalPlan } from '../logical/LogicalPlan.js';
import { Project } from '../logical/Project.js';
import { Sort } from '../logical/Sort.js';
import { Union } from '../logical/Union.js';
import { checkAnalysis } from './CheckAnalysis.js';
import type { FunctionRegistry } from './FunctionRegistry.js';
import {
  containsAggregate,
  expandStars,
  nameEquality,
  type NameEquality,
  resolveExpression,
  toNamed,
} from './ResolveReferences.js';
import { coerceExpression, findWiderType } from './TypeCoercion.js';
import { Cast } from '../../expressions/Cast.js';
import { UnresolvedAttribute, UnresolvedExtractValue, UnresolvedFunction, UnresolvedStar } from '../../expressions/unresolved.js';

/** True when no name in `e` is left to resolve (its types may still need coercion). */
function isBound(e: Expression): boolean {
  return !e.exists((x) => x instanceof UnresolvedAttribute || x instanceof UnresolvedFunction || x instanceof UnresolvedStar || x instanceof UnresolvedExtractValue);
}

/** What the analyzer needs from the session. */
export interface AnalyzerContext {
  readonly exprIds: ExprIdGenerator;
  readonly registry: FunctionRegistry;
  readonly caseSensitive: boolean;
}

/** Resolves and checks logical plans for one session. */
export class Analyzer {
  readonly #analyzed = new WeakSet<LogicalPlan>();

  constructor(readonly context: AnalyzerContext) {}

  /** Name equality under this session's case sensitivity (read at each use, as the conf may change). */
  get resolver(): NameEquality {
    return nameEquality(this.context.caseSensitive);
  }

  /**
   * The analyzed plan.
   * @throws AnalysisException for unknown columns or functions, type mismatches, bad aggregates.
   */
  execute(plan: LogicalPlan): LogicalPlan {
    if (this.#analyzed.has(plan)) return plan;
    const resolved = plan.transformUp((node) => (this.#analyzed.has(node) ? node : this.#resolveNode(node)));
    checkAnalysis(resolved);
    resolved.foreach((n) => this.#analyzed.add(n));
    return resolved;
  }

  /** Gives a fresh exprId to every column of `plan`'s output (for the right side of a self-join). */
  newInstance(plan: LogicalPlan): LogicalPlan {
    const projected = new Project(
      plan.output.map((a) => new Alias(a, a.name, this.context.exprIds.next())),
      plan,
    );
    this.#analyzed.add(projected);
    return projected;
  }

  #resolveNode(node: LogicalPlan): LogicalPlan {
    if (!node.childrenResolved) return node;
    let plan = node;
    if (plan instanceof Join) plan = this.#dedupJoin(plan);
    if (plan instanceof Project) plan = new Project(expandStars(plan.projectList, plan.child.output), plan.child);
    if (plan instanceof Aggregate) {
      // Aliases name output columns; as grouping keys they are just their expression (Spark's CleanupAliases).
      const grouping = plan.groupingExpressions.map((g) => (g instanceof Alias ? g.child : g));
      plan = new Aggregate(grouping, expandStars(plan.aggregateExpressions, plan.child.output), plan.child);
    }
    const input = plan.inputSet;
    plan = plan.mapExpressions((e) => resolveExpression(e, input, this.resolver, this.context.registry));
    plan = this.#nameLists(plan);
    plan = plan.mapExpressions((e) => e.transformUp(coerceExpression));
    if (plan instanceof Project) plan = this.#rewriteProject(plan);
    if (plan instanceof Union) plan = this.#widenUnion(plan);
    return plan;
  }

  /** Select lists get names (aliases) and exprIds, before coercion so names show the user's expression. */
  #nameLists(plan: LogicalPlan): LogicalPlan {
    const name = (list: readonly Expression[]) => list.map((e) => this.#assignId(isBound(e) ? toNamed(e) : e));
    if (plan instanceof Project) return new Project(name(plan.projectList), plan.child);
    if (plan instanceof Aggregate) return new Aggregate(plan.groupingExpressions, name(plan.aggregateExpressions), plan.child);
    return plan;
  }

  #assignId(e: Expression): Expression {
    return e instanceof Alias && e.exprId === undefined ? e.withExprId(this.context.exprIds.next()) : e;
  }

  /** A select with aggregates is a global aggregate; a select with explode is a Generate below a Project. */
  #rewriteProject(p: Project): LogicalPlan {
    if (!p.projectList.every((e) => e.resolved)) return p;
    if (p.projectList.some(containsAggregate)) return new Aggregate([], p.projectList, p.child);
    const genIndex = p.projectList.findIndex((e) => e instanceof Generator || (e instanceof Alias && e.child instanceof Generator));
    if (genIndex < 0) return p;
    const item = p.projectList[genIndex]!;
    const generator = (item instanceof Alias ? item.child : item) as Generator;
    const field = generator.elementSchema.fields[0]!;
    const name = item instanceof Alias && item.name !== generator.sql() ? item.name : field.name;
    const out = new AttributeReference(name, field.dataType, field.nullable, (item as NamedExpression).exprId ?? this.context.exprIds.next());
    const generate = new Generate(generator, [out], p.child);
    const list = p.projectList.map((e, i) => (i === genIndex ? out : e));
    return new Project(list, generate);
  }

  /** When both sides of a join carry the same exprIds (a self-join), the right side gets new ones. */
  #dedupJoin(j: Join): Join {
    const leftIds = new Set(j.left.output.map((a) => a.exprId));
    if (!j.right.output.some((a) => leftIds.has(a.exprId))) return j;
    return new Join(j.left, this.newInstance(j.right), j.joinType, j.condition);
  }

  /** Union inputs are cast to the wider type per column (int with long gives long). */
  #widenUnion(u: Union): LogicalPlan {
    const first = u.children[0]!.output;
    u.children.forEach((c, i) => {
      if (c.output.length !== first.length) throw QueryErrors.unionNumColumns(first.length, c.output.length, i);
    });
    const types = first.map((a, col) =>
      u.children.reduce<ReturnType<typeof findWiderType>>((t, c) => {
        const other = c.output[col]!.dataType;
        const wider = t && findWiderType(t, other);
        if (!wider) throw QueryErrors.unionIncompatibleTypes(a.name, a.dataType.sqlName, other.sqlName);
        return wider;
      }, a.dataType),
    );
    if (u.children.every((c) => c.output.every((a, col) => a.dataType.sameType(types[col]!)))) return u;
    const children = u.children.map((c) => {
      if (c.output.every((a, col) => a.dataType.sameType(types[col]!))) return c;
      const list = c.output.map((a, col) =>
        a.dataType.sameType(types[col]!) ? a : new Alias(new Cast(a, types[col]!), a.name, this.context.exprIds.next()),
      );
      return new Project(list, c);
    });
    return new Union(children);
  }

  /** Exposed for DataFrame.orderBy: a sort that names columns the select dropped (Spark's ResolveMissingReferences). */
  resolveSortWithMissing(sort: Sort): LogicalPlan {
    const child = sort.child;
    if (!(child instanceof Project)) return sort;
    const grand = child.child.output;
    const order = sort.order.map((o) => resolveExpression(o, [...child.output, ...grand], this.resolver, this.context.registry));
    const known = new Set(child.output.map((a) => a.exprId));
    const missing = grand.filter((a) => order.some((o) => o.exists((e) => e instanceof AttributeReference && e.exprId === a.exprId)) && !known.has(a.exprId));
    if (missing.length === 0) return sort;
    const widened = new Project([...child.projectList, ...missing], child.child);
    return new Project(child.output, new Sort(order as unknown as Sort['order'], sort.global, widened));
  }
}
