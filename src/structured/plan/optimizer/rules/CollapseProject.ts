/**
 * Merges a Project into the Project or Aggregate below it, substituting aliases.
 * Spark: optimizer/Optimizer.scala (CollapseProject).
 *
 * ```
 * Project [(b#1 * 2) AS c#2]                Project [((a#0 + 1) * 2) AS c#2]
 * +- Project [(a#0 + 1) AS b#1]     =>      +- child
 *    +- child
 * ```
 * It refuses when that would compute a non-trivial or non-deterministic alias more than once.
 */
import type { Alias } from '../../../expressions/Alias.js';
import { AggregateFunction } from '../../../expressions/aggregate/AggregateFunction.js';
import type { Expression } from '../../../expressions/Expression.js';
import { AttributeReference } from '../../../expressions/NamedExpression.js';
import { Aggregate } from '../../logical/Aggregate.js';
import type { LogicalPlan } from '../../logical/LogicalPlan.js';
import { Project } from '../../logical/Project.js';
import { aliasMap, isCheap, replaceAliasButKeepName } from '../PredicateHelper.js';
import type { Rule } from '../Rule.js';

/** True when substituting `aliases` into `upper` duplicates no costly or non-deterministic alias. */
function canCollapse(upper: readonly Expression[], aliases: ReadonlyMap<number, Alias>): boolean {
  const uses = new Map<number, number>();
  for (const e of upper) {
    e.foreach((x) => {
      if (x instanceof AttributeReference && aliases.has(x.exprId)) uses.set(x.exprId, (uses.get(x.exprId) ?? 0) + 1);
    });
  }
  for (const [id, n] of uses) {
    const alias = aliases.get(id)!;
    if (!alias.child.deterministic) return false;
    if (n > 1 && !isCheap(alias.child)) return false;
  }
  return true;
}

/** Project(Project(x)) -> Project(x); Project(Aggregate(x)) -> Aggregate(x). */
export const CollapseProject: Rule = {
  ruleName: 'CollapseProject',
  apply(plan: LogicalPlan): LogicalPlan {
    return plan.transformUp((node) => {
      if (!(node instanceof Project)) return undefined;
      const child = node.child;
      if (child instanceof Project) {
        const aliases = aliasMap(child.projectList);
        if (!canCollapse(node.projectList, aliases)) return undefined;
        return new Project(node.projectList.map((e) => replaceAliasButKeepName(e, aliases)), child.child);
      }
      if (child instanceof Aggregate) {
        const aliases = aliasMap(child.aggregateExpressions);
        if (!canCollapse(node.projectList, aliases)) return undefined;
        // An aggregate inside another expression is fine; only a bare re-aggregation is not.
        if (node.projectList.some((e) => e.exists((x) => x instanceof AggregateFunction))) return undefined;
        return new Aggregate(child.groupingExpressions, node.projectList.map((e) => replaceAliasButKeepName(e, aliases)), child.child);
      }
      return undefined;
    });
  },
};
