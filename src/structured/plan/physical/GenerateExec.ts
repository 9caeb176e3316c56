/**
 * Applies a generator to each row and appends its values. Spark: execution/GenerateExec.scala.
 */
import { bind, type RDD, type TaskContext } from '../../../shared/index.js';
import { registerBuiltin } from '../../../shared/util/builtinFunctions.js';
import type { CodegenContext } from '../../expressions/codegen/CodegenContext.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { Generator } from '../../expressions/generators.js';
import { TimeWindow } from '../../expressions/TimeWindow.js';
import { type AttributeReference, bindReferences } from '../../expressions/NamedExpression.js';
import { listString } from '../logical/LogicalPlan.js';
import { instantiate, projectionCode, type ShippableCode } from './ShippableCode.js';
import { type Consumer, type ExecutionContext, type ProduceChild, type SparkPlan, UnaryExecNode } from './SparkPlan.js';

/** The unfused generator's task function: `env.generator` yields `[elements]` per row. */
const generateRows = registerBuiltin('structured.generateRows', (rows: Iterable<InternalRow>, _task: TaskContext, env: { readonly generator: ShippableCode }): InternalRow[] => {
  const generate = instantiate<(row: InternalRow) => [unknown[] | null]>(env.generator, []);
  const out: InternalRow[] = [];
  for (const row of rows) {
    const elements = generate(row)[0];
    if (elements !== null) for (const el of elements) out.push([...row, el]);
  }
  return out;
});

/** explode: one output row per element, the child's columns followed by the element. */
export class GenerateExec extends UnaryExecNode {
  constructor(
    readonly generator: Generator,
    readonly generatorOutput: readonly AttributeReference[],
    readonly child: SparkPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return [...this.child.output, ...this.generatorOutput];
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    return c[0] === this.child ? this : new GenerateExec(this.generator, this.generatorOutput, c[0]!);
  }

  override get supportsCodegen(): boolean {
    return true;
  }

  override doProduce(ctx: CodegenContext, consume: Consumer, produceChild: ProduceChild): string {
    const bound = bindReferences(this.generator, this.child.output);
    return produceChild(this.child, (vars) => {
      ctx.currentVars = vars;
      // Windows computed inline, no array of windows per row (TimeWindow.genInlineCode).
      if (bound instanceof TimeWindow) return bound.genInlineCode(ctx, (window) => consume([...vars, window]));
      const arr = bound.genCode(ctx);
      const element = ctx.freshName('el');
      return `${arr.code}if (${arr.value} !== null) for (const ${element} of ${arr.value}) {\n${consume([...vars, element])}}\n`;
    });
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const generator = projectionCode([bindReferences(this.generator, this.child.output)], this.child.output.length, ctx);
    return this.child.execute(ctx).mapPartitions(bind(generateRows, { generator }));
  }

  simpleString(): string {
    return `Generate ${this.generator.toString()}, ${listString(this.child.output)}, false, ${listString(this.generatorOutput)}`;
  }
}
