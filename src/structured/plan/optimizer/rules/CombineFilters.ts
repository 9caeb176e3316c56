/**
 * Merges adjacent filters into one. Spark: optimizer/Optimizer.scala (CombineFilters).
 *
 * ```
 * Filter (b > 2)                 Filter ((a > 1) AND (b > 2))
 * +- Filter (a > 1)       =>     +- child
 *    +- child
 * ```
 * The inner condition comes first, so it still runs first.
 */
import { Filter } from '../../logical/Filter.js';
import type { LogicalPlan } from '../../logical/LogicalPlan.js';
import { combineConjuncts, splitConjunctivePredicates } from '../PredicateHelper.js';
import type { Rule } from '../Rule.js';

/** Filter(Filter(x)) -> Filter(inner AND outer), dropping conjuncts the inner one already has. */
export const CombineFilters: Rule = {
  ruleName: 'CombineFilters',
  apply(plan: LogicalPlan): LogicalPlan {
    return plan.transformUp((node) => {
      if (!(node instanceof Filter) || !(node.child instanceof Filter)) return undefined;
      const inner = node.child;
      if (!node.condition.deterministic || !inner.condition.deterministic) return undefined;
      const innerParts = splitConjunctivePredicates(inner.condition);
      const extra = splitConjunctivePredicates(node.condition).filter((p) => !innerParts.some((q) => q.semanticEquals(p)));
      return new Filter(combineConjuncts([...innerParts, ...extra])!, inner.child);
    });
  },
};
