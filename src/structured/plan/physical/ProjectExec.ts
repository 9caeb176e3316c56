/**
 * Computes a list of expressions per row. Spark: execution/basicPhysicalOperators.scala (ProjectExec).
 */
import { bind, type RDD, type TaskContext } from '../../../shared/index.js';
import { registerBuiltin } from '../../../shared/util/builtinFunctions.js';
import type { CodegenContext } from '../../expressions/codegen/CodegenContext.js';
import type { Expression, InternalRow } from '../../expressions/Expression.js';
import { type AttributeReference, bindReferences, type NamedExpression } from '../../expressions/NamedExpression.js';
import { listString } from '../logical/LogicalPlan.js';
import { instantiate, projectionCode, type ShippableCode } from './ShippableCode.js';
import { type Consumer, type ExecutionContext, type Partitioning, type ProduceChild, type SparkPlan, UnaryExecNode } from './SparkPlan.js';

/** The unfused projection's task function (a builtin, so it runs on worker executors too). */
const projectRows = registerBuiltin('structured.projectRows', (rows: Iterable<InternalRow>, _task: TaskContext, env: { readonly projection: ShippableCode }): InternalRow[] => {
  const project = instantiate<(row: InternalRow) => InternalRow>(env.projection, []);
  const out: InternalRow[] = [];
  for (const row of rows) out.push(project(row));
  return out;
});

/** SELECT projectList; fused into its stage, or one RDD map when whole-stage codegen is off. */
export class ProjectExec extends UnaryExecNode {
  constructor(
    readonly projectList: readonly Expression[],
    readonly child: SparkPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.projectList.map((e) => (e as NamedExpression).toAttribute());
  }

  override get outputPartitioning(): Partitioning {
    return this.child.outputPartitioning;
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    return c[0] === this.child ? this : new ProjectExec(this.projectList, c[0]!);
  }

  override get supportsCodegen(): boolean {
    return true;
  }

  #bound(): Expression[] {
    return this.projectList.map((e) => bindReferences(e, this.child.output));
  }

  override doProduce(ctx: CodegenContext, consume: Consumer, produceChild: ProduceChild): string {
    const bound = this.#bound();
    return produceChild(this.child, (vars) => {
      ctx.currentVars = vars;
      const codes = bound.map((e) => e.genCode(ctx));
      return codes.map((c) => c.code).join('') + consume(codes.map((c) => c.value));
    });
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const projection = projectionCode(this.#bound(), this.child.output.length, ctx);
    return this.child.execute(ctx).mapPartitions(bind(projectRows, { projection }));
  }

  simpleString(): string {
    return `Project ${listString(this.projectList)}`;
  }
}
