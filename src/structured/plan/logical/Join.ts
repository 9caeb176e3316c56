/**
 * Joins two plans on a condition. Spark: basicLogicalOperators.scala (Join).
 */
import type { Expression } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { type JoinType, keepsUnmatchedLeft, keepsUnmatchedRight } from './JoinType.js';
import { LogicalPlan } from './LogicalPlan.js';

/** `left JOIN right ON condition`; semi and anti joins output only the left columns. */
export class Join extends LogicalPlan {
  constructor(
    readonly left: LogicalPlan,
    readonly right: LogicalPlan,
    readonly joinType: JoinType,
    readonly condition: Expression | undefined,
  ) {
    super();
  }

  get children(): readonly LogicalPlan[] {
    return [this.left, this.right];
  }

  withNewChildren(c: readonly LogicalPlan[]): LogicalPlan {
    return c[0] === this.left && c[1] === this.right ? this : new Join(c[0]!, c[1]!, this.joinType, this.condition);
  }

  get output(): AttributeReference[] {
    const t = this.joinType;
    if (t === 'LeftSemi' || t === 'LeftAnti') return this.left.output;
    const left = keepsUnmatchedRight(t) ? this.left.output.map((a) => a.withNullability(true)) : this.left.output;
    const right = keepsUnmatchedLeft(t) ? this.right.output.map((a) => a.withNullability(true)) : this.right.output;
    return [...left, ...right];
  }

  get expressions(): readonly Expression[] {
    return this.condition ? [this.condition] : [];
  }

  withNewExpressions(e: readonly Expression[]): LogicalPlan {
    return new Join(this.left, this.right, this.joinType, e[0]);
  }

  simpleString(): string {
    return this.condition ? `Join ${this.joinType}, ${this.condition.toString()}` : `Join ${this.joinType}`;
  }
}
