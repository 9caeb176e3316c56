/**
 * Orders rows. Spark: basicLogicalOperators.scala (Sort).
 */
import type { Expression } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import type { SortOrder } from '../../expressions/SortOrder.js';
import { listString, type LogicalPlan, UnaryNode } from './LogicalPlan.js';

/** ORDER BY (global) or SORT BY within partitions (global = false). */
export class Sort extends UnaryNode {
  constructor(
    readonly order: readonly SortOrder[],
    readonly global: boolean,
    readonly child: LogicalPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.child.output;
  }

  get expressions(): readonly Expression[] {
    return this.order;
  }

  withNewExpressions(e: readonly Expression[]): LogicalPlan {
    return new Sort(e as SortOrder[], this.global, this.child);
  }

  withNewChildren(c: readonly LogicalPlan[]): LogicalPlan {
    return c[0] === this.child ? this : new Sort(this.order, this.global, c[0]!);
  }

  simpleString(): string {
    return `Sort ${listString(this.order)}, ${this.global}`;
  }
}
