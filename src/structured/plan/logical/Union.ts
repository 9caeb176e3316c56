/**
 * Concatenates the rows of plans with the same column count, by position. Spark: basicLogicalOperators.scala (Union).
 */
import type { Expression } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { LogicalPlan } from './LogicalPlan.js';

/** UNION ALL: duplicates kept; the output takes the first child's names and ids. */
export class Union extends LogicalPlan {
  constructor(readonly children: readonly LogicalPlan[]) {
    super();
  }

  withNewChildren(c: readonly LogicalPlan[]): LogicalPlan {
    return c.every((x, i) => x === this.children[i]) ? this : new Union(c);
  }

  get output(): AttributeReference[] {
    const first = this.children[0]!.output;
    return first.map((a, i) => a.withNullability(this.children.some((c) => c.output[i]?.nullable ?? true)));
  }

  get expressions(): readonly Expression[] {
    return [];
  }

  withNewExpressions(): LogicalPlan {
    return this;
  }

  simpleString(): string {
    return 'Union';
  }
}
