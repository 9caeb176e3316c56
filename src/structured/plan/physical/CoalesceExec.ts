/**
 * Fewer partitions without a shuffle: each output partition reads a run of input partitions,
 * in order. Spark: execution/basicPhysicalOperators.scala (CoalesceExec).
 */
import type { RDD } from '../../../shared/index.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { type ExecutionContext, type Partitioning, type SparkPlan, UnaryExecNode } from './SparkPlan.js';

/** `coalesce(n)`. */
export class CoalesceExec extends UnaryExecNode {
  constructor(
    readonly numPartitions: number,
    readonly child: SparkPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.child.output;
  }

  override get outputPartitioning(): Partitioning {
    return this.numPartitions === 1 ? { kind: 'single' } : { kind: 'unknown' };
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    return c[0] === this.child ? this : new CoalesceExec(this.numPartitions, c[0]!);
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    return this.child.execute(ctx).coalesce(this.numPartitions);
  }

  simpleString(): string {
    return `Coalesce ${this.numPartitions}`;
  }
}
