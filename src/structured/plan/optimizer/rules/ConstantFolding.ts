/**
 * Evaluates expressions whose inputs are all literals, once, at planning time.
 * Spark: optimizer/expressions.scala (ConstantFolding).
 *
 * ```
 * Filter (a#0 > (1 + 2))     =>     Filter (a#0 > 3)
 * ```
 */
import type { Expression } from '../../../expressions/Expression.js';
import { Literal } from '../../../expressions/Literal.js';
import type { LogicalPlan } from '../../logical/LogicalPlan.js';
import type { Rule } from '../Rule.js';

function fold(e: Expression): Expression | undefined {
  if (e instanceof Literal || !e.foldable || !e.resolved) return undefined;
  return new Literal(e.eval([]), e.dataType);
}

/** Replaces every foldable expression by a literal of its value. */
export const ConstantFolding: Rule = {
  ruleName: 'ConstantFolding',
  apply(plan: LogicalPlan): LogicalPlan {
    return plan.transformUp((node) => node.mapExpressions((e) => e.transformDown(fold)));
  },
};
