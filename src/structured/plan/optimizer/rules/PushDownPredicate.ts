/**
 * Moves filters towards the data: below projections (substituting aliases), into the side of a
 * join that a conjunct references, below aggregates on grouping columns, into each input of a
 * union, and below generators. Spark: Optimizer.scala (PushPredicateThroughNonJoin,
 * PushPredicateThroughJoin, combined as PushDownPredicates).
 *
 * ```
 * Filter (x#1 > 1)                        Join Inner, (id#0 = id#2)
 * +- Join Inner, (id#0 = id#2)     =>     :- Filter (x#1 > 1)
 *    :- left [id#0, x#1]                  :  +- left [id#0, x#1]
 *    +- right [id#2, y#3]                 +- right [id#2, y#3]
 * ```
 * Outer joins keep a predicate above the side that may be null-extended: pushing it down would
 * turn removed rows into null-padded ones.
 */
import { Aggregate } from '../../logical/Aggregate.js';
import { Filter } from '../../logical/Filter.js';
import { Generate } from '../../logical/Generate.js';
import { Join } from '../../logical/Join.js';
import type { JoinType } from '../../logical/JoinType.js';
import type { LogicalPlan } from '../../logical/LogicalPlan.js';
import { Project } from '../../logical/Project.js';
import { Sort } from '../../logical/Sort.js';
import { Union } from '../../logical/Union.js';
import { AggregateFunction } from '../../../expressions/aggregate/AggregateFunction.js';
import { AttributeReference } from '../../../expressions/NamedExpression.js';
import type { Expression } from '../../../expressions/Expression.js';
import { aliasMap, canEvaluate, combineConjuncts, replaceAlias, splitConjunctivePredicates } from '../PredicateHelper.js';
import type { Rule } from '../Rule.js';

/** Filter over x with the given conjuncts, or x itself for none. */
function filterOver(preds: readonly Expression[], child: LogicalPlan): LogicalPlan {
  const cond = combineConjuncts(preds);
  return cond ? new Filter(cond, child) : child;
}

function pushThroughProject(f: Filter, p: Project): LogicalPlan | undefined {
  if (!p.projectList.every((e) => e.deterministic) || !f.condition.deterministic) return undefined;
  const aliases = aliasMap(p.projectList);
  return new Project(p.projectList, new Filter(replaceAlias(f.condition, aliases), p.child));
}

function pushThroughAggregate(f: Filter, a: Aggregate): LogicalPlan | undefined {
  const aliases = aliasMap(a.aggregateExpressions);
  const groupingAttrs = a.groupingExpressions.filter((g): g is AttributeReference => g instanceof AttributeReference);
  const [pushable, rest] = partition(splitConjunctivePredicates(f.condition), (p) => {
    if (!p.deterministic) return false;
    const replaced = replaceAlias(p, aliases);
    return canEvaluate(replaced, groupingAttrs) && replaced.deterministic && !replaced.exists((x) => x instanceof AggregateFunction);
  });
  if (pushable.length === 0) return undefined;
  const below = new Filter(combineConjuncts(pushable.map((p) => replaceAlias(p, aliases)))!, a.child);
  return filterOver(rest, a.withNewChildren([below]));
}

function pushThroughUnion(f: Filter, u: Union): LogicalPlan | undefined {
  if (!f.condition.deterministic) return undefined;
  const first = u.children[0]!.output;
  const children = u.children.map((c) => {
    const byId = new Map(first.map((a, i) => [a.exprId, c.output[i]!]));
    return new Filter(f.condition.transformUp((e) => (e instanceof AttributeReference ? byId.get(e.exprId) : undefined)), c);
  });
  return new Union(children);
}

/** Which sides a WHERE conjunct may move to, per join type. */
function whereSides(t: JoinType): { left: boolean; right: boolean } {
  if (t === 'Inner' || t === 'Cross') return { left: true, right: true };
  if (t === 'LeftOuter' || t === 'LeftSemi' || t === 'LeftAnti') return { left: true, right: false };
  if (t === 'RightOuter') return { left: false, right: true };
  return { left: false, right: false };
}

/** Which sides an ON conjunct may move to: only the side whose unmatched rows are dropped anyway. */
function onSides(t: JoinType): { left: boolean; right: boolean } {
  if (t === 'Inner' || t === 'Cross' || t === 'LeftSemi') return { left: true, right: true };
  if (t === 'LeftOuter' || t === 'LeftAnti') return { left: false, right: true };
  if (t === 'RightOuter') return { left: true, right: false };
  return { left: false, right: false };
}

function splitBySide(preds: readonly Expression[], j: Join, sides: { left: boolean; right: boolean }) {
  const left: Expression[] = [];
  const right: Expression[] = [];
  const rest: Expression[] = [];
  for (const p of preds) {
    if (sides.left && p.deterministic && canEvaluate(p, j.left.output)) left.push(p);
    else if (sides.right && p.deterministic && canEvaluate(p, j.right.output)) right.push(p);
    else rest.push(p);
  }
  return { left, right, rest };
}

function pushIntoJoin(f: Filter, j: Join): LogicalPlan | undefined {
  const { left, right, rest } = splitBySide(splitConjunctivePredicates(f.condition), j, whereSides(j.joinType));
  if (left.length === 0 && right.length === 0) return undefined;
  const join = new Join(filterOver(left, j.left), filterOver(right, j.right), j.joinType, j.condition);
  return filterOver(rest, join);
}

function pushJoinCondition(j: Join): LogicalPlan | undefined {
  if (!j.condition) return undefined;
  const { left, right, rest } = splitBySide(splitConjunctivePredicates(j.condition), j, onSides(j.joinType));
  if (left.length === 0 && right.length === 0) return undefined;
  return new Join(filterOver(left, j.left), filterOver(right, j.right), j.joinType, combineConjuncts(rest));
}

function pushThroughGenerate(f: Filter, g: Generate): LogicalPlan | undefined {
  const [pushable, rest] = partition(splitConjunctivePredicates(f.condition), (p) => p.deterministic && canEvaluate(p, g.child.output));
  if (pushable.length === 0) return undefined;
  return filterOver(rest, new Generate(g.generator, g.generatorOutput, new Filter(combineConjuncts(pushable)!, g.child)));
}

function partition<T>(items: readonly T[], p: (x: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const x of items) (p(x) ? yes : no).push(x);
  return [yes, no];
}

/** Pushes Filter below Project, Join (by side), Aggregate (grouping keys), Union, Sort and Generate. */
export const PushDownPredicate: Rule = {
  ruleName: 'PushDownPredicate',
  apply(plan: LogicalPlan): LogicalPlan {
    return plan.transformDown((node) => {
      if (node instanceof Join) return pushJoinCondition(node);
      if (!(node instanceof Filter)) return undefined;
      const child = node.child;
      if (child instanceof Project) return pushThroughProject(node, child);
      if (child instanceof Join) return pushIntoJoin(node, child);
      if (child instanceof Aggregate) return pushThroughAggregate(node, child);
      if (child instanceof Union) return pushThroughUnion(node, child);
      if (child instanceof Generate) return pushThroughGenerate(node, child);
      if (child instanceof Sort && node.condition.deterministic) return new Sort(child.order, child.global, new Filter(node.condition, child.child));
      return undefined;
    });
  },
};
