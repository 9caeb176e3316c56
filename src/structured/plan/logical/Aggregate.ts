/**
 * Groups rows by keys and computes aggregates per group. Spark: basicLogicalOperators.scala (Aggregate).
 */
import type { Expression } from '../../expressions/Expression.js';
import type { AttributeReference, NamedExpression } from '../../expressions/NamedExpression.js';
import { listString, type LogicalPlan, UnaryNode } from './LogicalPlan.js';

/**
 * `SELECT aggregateExpressions FROM child GROUP BY groupingExpressions`. With no grouping
 * expressions the whole input is one group, and the result has exactly one row even when the
 * input is empty.
 */
export class Aggregate extends UnaryNode {
  constructor(
    readonly groupingExpressions: readonly Expression[],
    readonly aggregateExpressions: readonly Expression[],
    readonly child: LogicalPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.aggregateExpressions.map((e) => (e as NamedExpression).toAttribute());
  }

  override get resolved(): boolean {
    return super.resolved && this.aggregateExpressions.every((e) => 'toAttribute' in e && (e as NamedExpression).exprId !== undefined);
  }

  get expressions(): readonly Expression[] {
    return [...this.groupingExpressions, ...this.aggregateExpressions];
  }

  withNewExpressions(e: readonly Expression[]): LogicalPlan {
    const n = this.groupingExpressions.length;
    return new Aggregate(e.slice(0, n), e.slice(n), this.child);
  }

  withNewChildren(c: readonly LogicalPlan[]): LogicalPlan {
    return c[0] === this.child ? this : new Aggregate(this.groupingExpressions, this.aggregateExpressions, c[0]!);
  }

  simpleString(): string {
    return `Aggregate ${listString(this.groupingExpressions)}, ${listString(this.aggregateExpressions)}`;
  }
}
