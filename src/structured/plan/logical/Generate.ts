/**
 * Applies a generator (explode) to each row and appends its columns. Spark: basicLogicalOperators.scala (Generate).
 */
import type { Expression } from '../../expressions/Expression.js';
import type { Generator } from '../../expressions/generators.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { listString, type LogicalPlan, UnaryNode } from './LogicalPlan.js';

/** Output: the child's columns, then `generatorOutput`, once per generated row. */
export class Generate extends UnaryNode {
  constructor(
    readonly generator: Generator,
    readonly generatorOutput: readonly AttributeReference[],
    readonly child: LogicalPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return [...this.child.output, ...this.generatorOutput];
  }

  get expressions(): readonly Expression[] {
    return [this.generator];
  }

  withNewExpressions(e: readonly Expression[]): LogicalPlan {
    return new Generate(e[0] as Generator, this.generatorOutput, this.child);
  }

  withNewChildren(c: readonly LogicalPlan[]): LogicalPlan {
    return c[0] === this.child ? this : new Generate(this.generator, this.generatorOutput, c[0]!);
  }

  simpleString(): string {
    return `Generate ${this.generator.toString()}, false, ${listString(this.generatorOutput)}`;
  }
}
