/**
 * Rewrites distinct and dropDuplicates as aggregates, which the planner runs with a shuffle.
 * Spark: Optimizer.scala (ReplaceDistinctWithAggregate, ReplaceDeduplicateWithAggregate).
 *
 * ```
 * Distinct                  =>   Aggregate [a#0, b#1], [a#0, b#1]
 * Deduplicate [a#0]         =>   Aggregate [a#0], [a#0, first(b#1) AS b#1]
 * ```
 * Deduplicate keeps the other columns' exprIds, so parents still bind.
 */
import { Alias } from '../../../expressions/Alias.js';
import { First } from '../../../expressions/aggregate/FirstLast.js';
import { Aggregate } from '../../logical/Aggregate.js';
import { Deduplicate, Distinct } from '../../logical/Distinct.js';
import type { LogicalPlan } from '../../logical/LogicalPlan.js';
import type { Rule } from '../Rule.js';

/** Distinct -> Aggregate on all columns. */
export const ReplaceDistinctWithAggregate: Rule = {
  ruleName: 'ReplaceDistinctWithAggregate',
  apply(plan: LogicalPlan): LogicalPlan {
    return plan.transformUp((node) => (node instanceof Distinct ? new Aggregate(node.child.output, node.child.output, node.child) : undefined));
  },
};

/** Deduplicate(keys) -> Aggregate on keys, first() of the other columns. Batch only: streaming keeps state instead. */
export const ReplaceDeduplicateWithAggregate: Rule = {
  ruleName: 'ReplaceDeduplicateWithAggregate',
  apply(plan: LogicalPlan): LogicalPlan {
    return plan.transformUp((node) => {
      if (!(node instanceof Deduplicate) || node.isStreaming) return undefined;
      const keyIds = new Set(node.keys.map((k) => k.exprId));
      const list = node.child.output.map((a) => (keyIds.has(a.exprId) ? a : new Alias(new First(a), a.name, a.exprId)));
      return new Aggregate(node.keys, list, node.child);
    });
  },
};
