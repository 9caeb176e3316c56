/**
 * Concatenates its children's partitions. Spark: execution/basicPhysicalOperators.scala (UnionExec).
 */
import type { RDD } from '../../../shared/index.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { type ExecutionContext, SparkPlan } from './SparkPlan.js';

/** UNION ALL: the output takes the first child's attributes. */
export class UnionExec extends SparkPlan {
  constructor(
    readonly children: readonly SparkPlan[],
    readonly outputAttrs: AttributeReference[],
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.outputAttrs;
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    return new UnionExec(c, this.outputAttrs);
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    return ctx.sparkContext.union(this.children.map((c) => c.execute(ctx)));
  }

  simpleString(): string {
    return 'Union';
  }
}
