/**
 * Keeps rows whose condition is true. Spark: execution/basicPhysicalOperators.scala (FilterExec).
 */
import type { RDD } from '../../../shared/index.js';
import type { CodegenContext } from '../../expressions/codegen/CodegenContext.js';
import { compilePredicate } from '../../expressions/codegen/compileExpressions.js';
import type { Expression, InternalRow } from '../../expressions/Expression.js';
import { type AttributeReference, bindReferences } from '../../expressions/NamedExpression.js';
import { type Consumer, type ExecutionContext, type Partitioning, type ProduceChild, type SparkPlan, UnaryExecNode } from './SparkPlan.js';

/** WHERE condition; fused as `if (cond !== true) continue;`, or one RDD filter when unfused. */
export class FilterExec extends UnaryExecNode {
  constructor(
    readonly condition: Expression,
    readonly child: SparkPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.child.output;
  }

  override get outputPartitioning(): Partitioning {
    return this.child.outputPartitioning;
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    return c[0] === this.child ? this : new FilterExec(this.condition, c[0]!);
  }

  override get supportsCodegen(): boolean {
    return true;
  }

  override doProduce(ctx: CodegenContext, consume: Consumer, produceChild: ProduceChild): string {
    const bound = bindReferences(this.condition, this.child.output);
    return produceChild(this.child, (vars) => {
      ctx.currentVars = vars;
      const c = bound.genCode(ctx);
      return `${c.code}if (${c.value} !== true) continue;\n${consume(vars)}`;
    });
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const predicate = compilePredicate(bindReferences(this.condition, this.child.output), ctx.compileExpressions, this.child.output.length);
    return this.child.execute(ctx).filter(predicate);
  }

  simpleString(): string {
    return `Filter ${this.condition.toString()}`;
  }
}
