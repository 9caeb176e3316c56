/**
 * LIMIT n as Spark splits it: LocalLimit per partition under GlobalLimit over all.
 * Spark: basicLogicalOperators.scala (GlobalLimit, LocalLimit).
 */
import type { Expression } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { type LogicalPlan, UnaryNode } from './LogicalPlan.js';

/** At most `limit` rows in total. */
export class GlobalLimit extends UnaryNode {
  constructor(
    readonly limit: number,
    readonly child: LogicalPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.child.output;
  }

  get expressions(): readonly Expression[] {
    return [];
  }

  withNewExpressions(): LogicalPlan {
    return this;
  }

  withNewChildren(c: readonly LogicalPlan[]): LogicalPlan {
    return c[0] === this.child ? this : new GlobalLimit(this.limit, c[0]!);
  }

  simpleString(): string {
    return `GlobalLimit ${this.limit}`;
  }
}

/** At most `limit` rows from each partition. */
export class LocalLimit extends UnaryNode {
  constructor(
    readonly limit: number,
    readonly child: LogicalPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.child.output;
  }

  get expressions(): readonly Expression[] {
    return [];
  }

  withNewExpressions(): LogicalPlan {
    return this;
  }

  withNewChildren(c: readonly LogicalPlan[]): LogicalPlan {
    return c[0] === this.child ? this : new LocalLimit(this.limit, c[0]!);
  }

  simpleString(): string {
    return `LocalLimit ${this.limit}`;
  }
}
