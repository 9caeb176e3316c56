/**
 * Keeps the rows whose condition is true. Spark: basicLogicalOperators.scala (Filter).
 */
import type { Expression } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { type LogicalPlan, UnaryNode } from './LogicalPlan.js';

/** `WHERE condition`; null counts as false. */
export class Filter extends UnaryNode {
  constructor(
    readonly condition: Expression,
    readonly child: LogicalPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.child.output;
  }

  get expressions(): readonly Expression[] {
    return [this.condition];
  }

  withNewExpressions(e: readonly Expression[]): LogicalPlan {
    return new Filter(e[0]!, this.child);
  }

  withNewChildren(c: readonly LogicalPlan[]): LogicalPlan {
    return c[0] === this.child ? this : new Filter(this.condition, c[0]!);
  }

  simpleString(): string {
    return `Filter ${this.condition.toString()}`;
  }
}
