/**
 * Simplifies boolean logic: `true AND x` -> x, `x AND false` -> false, `false OR x` -> x,
 * `x OR true` -> true, `NOT NOT x` -> x, `NOT true` -> false, `x AND x` -> x, and pushes NOT
 * into comparisons (`NOT (a > b)` -> `a <= b`). Spark: optimizer/expressions.scala (BooleanSimplification).
 *
 * `x AND false` is false even when x is null (SQL three-valued logic), so these are exact.
 */
import type { Expression } from '../../../expressions/Expression.js';
import { Literal } from '../../../expressions/Literal.js';
import {
  And,
  GreaterThan,
  GreaterThanOrEqual,
  LessThan,
  LessThanOrEqual,
  Not,
  Or,
} from '../../../expressions/predicates.js';
import { IsNotNull, IsNull } from '../../../expressions/nullExpressions.js';
import type { LogicalPlan } from '../../logical/LogicalPlan.js';
import type { Rule } from '../Rule.js';

const isTrue = (e: Expression) => e instanceof Literal && e.value === true;
const isFalse = (e: Expression) => e instanceof Literal && e.value === false;

function simplify(e: Expression): Expression | undefined {
  if (e instanceof And) {
    if (isTrue(e.left)) return e.right;
    if (isTrue(e.right)) return e.left;
    if (isFalse(e.left) || isFalse(e.right)) return Literal.FALSE;
    if (e.left.semanticEquals(e.right)) return e.left;
    return undefined;
  }
  if (e instanceof Or) {
    if (isTrue(e.left) || isTrue(e.right)) return Literal.TRUE;
    if (isFalse(e.left)) return e.right;
    if (isFalse(e.right)) return e.left;
    if (e.left.semanticEquals(e.right)) return e.left;
    return undefined;
  }
  if (e instanceof Not) {
    const c = e.child;
    if (isTrue(c)) return Literal.FALSE;
    if (isFalse(c)) return Literal.TRUE;
    if (c instanceof Not) return c.child;
    if (c instanceof GreaterThan) return new LessThanOrEqual(c.left, c.right);
    if (c instanceof GreaterThanOrEqual) return new LessThan(c.left, c.right);
    if (c instanceof LessThan) return new GreaterThanOrEqual(c.left, c.right);
    if (c instanceof LessThanOrEqual) return new GreaterThan(c.left, c.right);
    if (c instanceof IsNull) return new IsNotNull(c.child);
    if (c instanceof IsNotNull) return new IsNull(c.child);
  }
  return undefined;
}

/** Applies the boolean identities bottom-up in every expression. */
export const BooleanSimplification: Rule = {
  ruleName: 'BooleanSimplification',
  apply(plan: LogicalPlan): LogicalPlan {
    return plan.transformAllExpressions(simplify);
  },
};
