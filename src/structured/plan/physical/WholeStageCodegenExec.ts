/**
 * Fuses a chain of operators (filter, project, explode, aggregate) into one generated JavaScript
 * function per stage, compiled with `new Function`. Spark: execution/WholeStageCodegenExec.scala.
 *
 * ```
 * *(1) Project [(a#0 + 1) AS b#2]        function stage1(input) {
 * +- *(1) Filter (a#0 > 1)         =>      for (const row0 of input) {
 *    +- InputAdapter (hidden)                if (!(row0[0] > 1)) continue;
 *       +- LocalTableScan [a#0]              out.push([(row0[0] + 1) | 0]); } }
 * ```
 * The stage runs as one RDD mapPartitions over its input, instead of one RDD per operator, and
 * without materializing rows between the operators. The task function is the builtin
 * `structured.runStage` bound to the source and its references as data (ShippableCode.ts), so the
 * same stage runs on worker threads, which compile the source once per thread.
 */
import { bind, type RDD, type TaskContext } from '../../../shared/index.js';
import { registerBuiltin } from '../../../shared/util/builtinFunctions.js';
import { CodegenContext } from '../../expressions/codegen/CodegenContext.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { type GeneratedStageCache, stageKey } from './GeneratedStageCache.js';
import { inputLoopCode } from './objectRowScan.js';
import { instantiate, reportLocals, type ShippableCode, shippableCode, type TaskLocals } from './ShippableCode.js';
import { type Consumer, type ExecutionContext, type SparkPlan, UnaryExecNode, type Partitioning } from './SparkPlan.js';

/** A fused stage's task function: compile (cached by source), run over the partition, report accumulators. */
const runStage = registerBuiltin('structured.runStage', (rows: Iterable<InternalRow>, task: TaskContext, env: { readonly code: ShippableCode }): InternalRow[] => {
  const locals: TaskLocals = [];
  const out = instantiate<(input: Iterable<InternalRow>) => InternalRow[]>(env.code, locals)(rows);
  reportLocals(task, locals);
  return out;
});

/** Marks where a fused stage reads its input: the child runs as its own RDD. */
export class InputAdapter extends UnaryExecNode {
  constructor(readonly child: SparkPlan) {
    super();
  }

  get output(): AttributeReference[] {
    return this.child.output;
  }

  override get outputPartitioning(): Partitioning {
    return this.child.outputPartitioning;
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    return c[0] === this.child ? this : new InputAdapter(c[0]!);
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    return this.child.execute(ctx);
  }

  simpleString(): string {
    return 'InputAdapter';
  }
}

/** One fused stage; `child` is the top operator of the stage. */
export class WholeStageCodegenExec extends UnaryExecNode {
  constructor(
    readonly child: SparkPlan,
    readonly codegenStageId: number,
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
    return c[0] === this.child ? this : new WholeStageCodegenExec(c[0]!, this.codegenStageId);
  }

  /** The stage's input: the one InputAdapter under the fused operators. */
  get input(): InputAdapter {
    const found = this.child.find((p) => p instanceof InputAdapter);
    if (!(found instanceof InputAdapter)) throw new Error(`Internal error: codegen stage ${this.codegenStageId} has no input`);
    return found;
  }

  /**
   * The generated source and the objects it reads through `refs`; a stage with the same canonical
   * description as one generated before (the same query's stage in an earlier micro-batch) reuses
   * that source, with this batch's values in its references (GeneratedStageCache.ts); without a
   * `cache` (a batch query, explain) the stage is generated.
   */
  generate(cache?: GeneratedStageCache): { source: string; references: readonly unknown[] } {
    const keyed = cache === undefined ? undefined : { cache, ...stageKey(this, (p) => p instanceof InputAdapter) };
    const cached = keyed?.cache.lookup(keyed.key, keyed.nodes);
    if (cached !== undefined) return cached;
    const ctx = new CodegenContext();
    const produce = (plan: SparkPlan, consume: Consumer): string => {
      if (plan instanceof InputAdapter) return inputLoopCode(ctx, plan.output, consume);
      return plan.doProduce(ctx, consume, produce);
    };
    const body = produce(this.child, (vars) => `out.push([${vars.join(', ')}]);\n`);
    const source = `return function stage${this.codegenStageId}(input) {\nconst out = [];\n${body}return out;\n};`;
    keyed?.cache.store(keyed.key, keyed.nodes, source, ctx);
    return { source, references: ctx.references };
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const { source, references } = this.generate(ctx.generatedStages);
    const code = shippableCode(source, references, ctx.sparkContext);
    return this.input.child.execute(ctx).mapPartitions(bind(runStage, { code }));
  }

  simpleString(): string {
    return `WholeStageCodegen (${this.codegenStageId})`;
  }
}
