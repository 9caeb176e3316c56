/**
 * Removes duplicate rows. Spark: basicLogicalOperators.scala (Distinct, Deduplicate); the
 * optimizer rewrites both to aggregates (ReplaceDistinctWithAggregate, ReplaceDeduplicateWithAggregate).
 */
import type { Expression } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { listString, type LogicalPlan, UnaryNode } from './LogicalPlan.js';

/** `SELECT DISTINCT *`. */
export class Distinct extends UnaryNode {
  constructor(readonly child: LogicalPlan) {
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
    return c[0] === this.child ? this : new Distinct(c[0]!);
  }

  simpleString(): string {
    return 'Distinct';
  }
}

/** dropDuplicates(keys): one row (the first seen) per distinct value of `keys`. */
export class Deduplicate extends UnaryNode {
  constructor(
    readonly keys: readonly AttributeReference[],
    readonly child: LogicalPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.child.output;
  }

  get expressions(): readonly Expression[] {
    return this.keys;
  }

  withNewExpressions(e: readonly Expression[]): LogicalPlan {
    return new Deduplicate(e as AttributeReference[], this.child);
  }

  withNewChildren(c: readonly LogicalPlan[]): LogicalPlan {
    return c[0] === this.child ? this : new Deduplicate(this.keys, c[0]!);
  }

  simpleString(): string {
    return `Deduplicate ${listString(this.keys)}`;
  }
}
