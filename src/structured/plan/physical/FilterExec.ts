/**
 * Keeps rows whose condition is true. Spark: execution/basicPhysicalOperators.scala (FilterExec).
 */
import { bind, type RDD, type TaskContext } from '../../../shared/index.js';
import { registerBuiltin } from '../../../shared/util/builtinFunctions.js';
import type { CodegenContext } from '../../expressions/codegen/CodegenContext.js';
import type { Expression, InternalRow } from '../../expressions/Expression.js';
import { type AttributeReference, bindReferences } from '../../expressions/NamedExpression.js';
import { instantiate, predicateCode, type ShippableCode } from './ShippableCode.js';
import { type Consumer, type ExecutionContext, type Partitioning, type ProduceChild, type SparkPlan, UnaryExecNode } from './SparkPlan.js';

/** The unfused filter's task function (a builtin, so it runs on worker executors too). */
const filterRows = registerBuiltin('structured.filterRows', (rows: Iterable<InternalRow>, _task: TaskContext, env: { readonly predicate: ShippableCode }): InternalRow[] => {
  const predicate = instantiate<(row: InternalRow) => boolean>(env.predicate, []);
  const out: InternalRow[] = [];
  for (const row of rows) if (predicate(row)) out.push(row);
  return out;
});

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
    const predicate = predicateCode(bindReferences(this.condition, this.child.output), this.child.output.length, ctx);
    return this.child.execute(ctx).mapPartitions(bind(filterRows, { predicate }), true);
  }

  simpleString(): string {
    return `Filter ${this.condition.toString()}`;
  }
}
