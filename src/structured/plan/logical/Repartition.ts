/**
 * Changes the number of partitions: with a shuffle (round robin, or by hash of expressions) or,
 * for coalesce, by merging neighbouring partitions. Spark: basicLogicalOperators.scala
 * (Repartition, RepartitionByExpression).
 */
import type { Expression } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { listString, type LogicalPlan, UnaryNode } from './LogicalPlan.js';

/** `repartition(n)` (shuffle, round robin), `repartition(n, cols)` (hash) or `coalesce(n)` (no shuffle). */
export class Repartition extends UnaryNode {
  constructor(
    readonly numPartitions: number,
    readonly shuffle: boolean,
    readonly partitionExpressions: readonly Expression[],
    readonly child: LogicalPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.child.output;
  }

  get expressions(): readonly Expression[] {
    return this.partitionExpressions;
  }

  withNewExpressions(e: readonly Expression[]): LogicalPlan {
    return new Repartition(this.numPartitions, this.shuffle, e, this.child);
  }

  withNewChildren(c: readonly LogicalPlan[]): LogicalPlan {
    return c[0] === this.child ? this : new Repartition(this.numPartitions, this.shuffle, this.partitionExpressions, c[0]!);
  }

  simpleString(): string {
    return this.partitionExpressions.length > 0
      ? `RepartitionByExpression ${listString(this.partitionExpressions)}, ${this.numPartitions}`
      : `Repartition ${this.numPartitions}, ${this.shuffle}`;
  }
}
