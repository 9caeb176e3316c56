/**
 * Applies a generator to each row and appends its values. Spark: execution/GenerateExec.scala.
 */
import type { RDD } from '../../../shared/index.js';
import type { CodegenContext } from '../../expressions/codegen/CodegenContext.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { Generator } from '../../expressions/generators.js';
import { type AttributeReference, bindReferences } from '../../expressions/NamedExpression.js';
import { listString } from '../logical/LogicalPlan.js';
import { type Consumer, type ExecutionContext, type ProduceChild, type SparkPlan, UnaryExecNode } from './SparkPlan.js';

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
      const arr = bound.genCode(ctx);
      const element = ctx.freshName('el');
      return `${arr.code}if (${arr.value} !== null) for (const ${element} of ${arr.value}) {\n${consume([...vars, element])}}\n`;
    });
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const bound = bindReferences(this.generator, this.child.output);
    return this.child.execute(ctx).flatMap((row) => {
      const arr = bound.eval(row) as unknown[] | null;
      return arr === null ? [] : arr.map((el) => [...row, el]);
    });
  }

  simpleString(): string {
    return `Generate ${this.generator.toString()}, ${listString(this.child.output)}, false, ${listString(this.generatorOutput)}`;
  }
}
