/**
 * Removes columns nobody reads: unused items of a project or aggregate list, and, by inserting a
 * Project, columns a join, aggregate, filter or sort would carry along for nothing.
 * Spark: optimizer/Optimizer.scala (ColumnPruning).
 *
 * ```
 * Aggregate [c], [sum(a)]           Aggregate [c], [sum(a)]
 * +- LocalRelation [a, b, c]  =>    +- Project [a, c]
 *                                      +- LocalRelation [a, b, c]
 * ```
 * A Project directly over a leaf relation is left to the scan; one over another Project is
 * CollapseProject's job.
 */
import type { Expression } from '../../../expressions/Expression.js';
import { AttributeReference, type NamedExpression, referencesOf } from '../../../expressions/NamedExpression.js';
import { Aggregate } from '../../logical/Aggregate.js';
import { Deduplicate } from '../../logical/Distinct.js';
import { Filter } from '../../logical/Filter.js';
import { Generate } from '../../logical/Generate.js';
import { Join } from '../../logical/Join.js';
import { LeafNode, type LogicalPlan } from '../../logical/LogicalPlan.js';
import { Project } from '../../logical/Project.js';
import { Union } from '../../logical/Union.js';
import type { Rule } from '../Rule.js';

function idsOf(exprs: readonly Expression[]): Set<number> {
  const ids = new Set<number>();
  for (const e of exprs) for (const a of referencesOf(e)) ids.add(a.exprId);
  return ids;
}

/** `child` with a Project keeping only `required` columns, when it produces more. */
function prunedChild(child: LogicalPlan, required: ReadonlySet<number>): LogicalPlan {
  const kept = child.output.filter((a) => required.has(a.exprId));
  if (kept.length === child.output.length) return child;
  return new Project(kept, child);
}

function keepReferenced(list: readonly Expression[], required: ReadonlySet<number>): Expression[] {
  return list.filter((e) => required.has((e as NamedExpression).exprId!));
}

function pruneUnderProject(p: Project): LogicalPlan | undefined {
  const child = p.child;
  const required = idsOf(p.projectList);
  if (child instanceof Project) {
    const kept = keepReferenced(child.projectList, required);
    return kept.length === child.projectList.length ? undefined : new Project(p.projectList, new Project(kept, child.child));
  }
  if (child instanceof Aggregate) {
    const kept = keepReferenced(child.aggregateExpressions, required);
    if (kept.length === child.aggregateExpressions.length) return undefined;
    return new Project(p.projectList, new Aggregate(child.groupingExpressions, kept, child.child));
  }
  if (child instanceof Join) {
    const needed = new Set([...required, ...idsOf(child.expressions)]);
    const left = prunedChild(child.left, needed);
    const right = prunedChild(child.right, needed);
    if (left === child.left && right === child.right) return undefined;
    return new Project(p.projectList, new Join(left, right, child.joinType, child.condition));
  }
  if (child instanceof Generate) {
    const needed = new Set([...required, ...idsOf(child.expressions)]);
    const grand = prunedChild(child.child, needed);
    return grand === child.child ? undefined : new Project(p.projectList, child.withNewChildren([grand]));
  }
  if (child instanceof LeafNode || child instanceof Union || child instanceof Deduplicate) return undefined;
  // Filter, Sort, limits: the child passes columns through; its grandchildren need ours and its own.
  const needed = new Set([...required, ...idsOf(child.expressions)]);
  const grandchildren = child.children.map((g) => (g instanceof Project ? g : prunedChild(g, needed)));
  if (grandchildren.every((g, i) => g === child.children[i])) return undefined;
  return new Project(p.projectList, child.withNewChildren(grandchildren));
}

/** Inserts a Project under an aggregate that reads fewer columns than its child makes. */
function pruneUnderAggregate(a: Aggregate): LogicalPlan | undefined {
  if (a.child instanceof Project) {
    const required = idsOf(a.expressions);
    const kept = keepReferenced(a.child.projectList, required);
    if (kept.length === a.child.projectList.length) return undefined;
    return new Aggregate(a.groupingExpressions, a.aggregateExpressions, new Project(kept, a.child.child));
  }
  const pruned = prunedChild(a.child, idsOf(a.expressions));
  return pruned === a.child ? undefined : new Aggregate(a.groupingExpressions, a.aggregateExpressions, pruned);
}

/**
 * Removes an attribute-only Project between a Filter and its input: PushDownPredicate would move
 * the Filter below it again, and the two rules would never reach a fixed point (Spark's
 * removeProjectBeforeFilter).
 */
function removeProjectBeforeFilter(plan: LogicalPlan): LogicalPlan {
  return plan.transformUp((node) => {
    if (!(node instanceof Project) || !(node.child instanceof Filter) || !(node.child.child instanceof Project)) return undefined;
    const filter = node.child;
    const inner = filter.child as Project;
    if (!inner.projectList.every((e) => e instanceof AttributeReference)) return undefined;
    return new Project(node.projectList, new Filter(filter.condition, inner.child));
  });
}

/** Drops unread columns under projections and aggregates. */
export const ColumnPruning: Rule = {
  ruleName: 'ColumnPruning',
  apply(plan: LogicalPlan): LogicalPlan {
    const pruned = plan.transformDown((node) => {
      if (node instanceof Project) return pruneUnderProject(node);
      if (node instanceof Aggregate) return pruneUnderAggregate(node);
      return undefined;
    });
    return removeProjectBeforeFilter(pruned);
  },
};

/** The attributes of `plan`'s output, for tests of the rule. */
export function outputNames(plan: LogicalPlan): string[] {
  return plan.output.map((a: AttributeReference) => a.name);
}
