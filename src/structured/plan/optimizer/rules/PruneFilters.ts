/**
 * Removes filters that keep every row, and replaces filters that keep none with an empty
 * relation. Spark: optimizer/Optimizer.scala (PruneFilters).
 *
 * ```
 * Filter true       =>   child          Filter false    =>   LocalRelation <empty>, [a#0]
 * +- child                              +- child
 * ```
 */
import { Literal } from '../../../expressions/Literal.js';
import { Filter } from '../../logical/Filter.js';
import { LocalRelation } from '../../logical/LocalRelation.js';
import type { LogicalPlan } from '../../logical/LogicalPlan.js';
import type { Rule } from '../Rule.js';

/** Filter(true) -> child; Filter(false or null) -> empty LocalRelation. */
export const PruneFilters: Rule = {
  ruleName: 'PruneFilters',
  apply(plan: LogicalPlan): LogicalPlan {
    return plan.transformUp((node) => {
      if (!(node instanceof Filter) || !(node.condition instanceof Literal)) return undefined;
      if (node.condition.value === true) return node.child;
      if (node.child.isStreaming) return undefined;
      return new LocalRelation(node.output, []);
    });
  },
};
