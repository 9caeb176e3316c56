/**
 * Computes a list of named expressions per row. Spark: plans/logical/basicLogicalOperators.scala (Project).
 */
import type { Expression } from '../../expressions/Expression.js';
import type { AttributeReference, NamedExpression } from '../../expressions/NamedExpression.js';
import { listString, type LogicalPlan, UnaryNode } from './LogicalPlan.js';

/** `SELECT projectList FROM child`. */
export class Project extends UnaryNode {
  constructor(
    readonly projectList: readonly Expression[],
    readonly child: LogicalPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.projectList.map((e) => (e as NamedExpression).toAttribute());
  }

  override get resolved(): boolean {
    return super.resolved && this.projectList.every((e) => 'toAttribute' in e && (e as NamedExpression).exprId !== undefined);
  }

  get expressions(): readonly Expression[] {
    return this.projectList;
  }

  withNewExpressions(e: readonly Expression[]): LogicalPlan {
    return new Project(e, this.child);
  }

  withNewChildren(c: readonly LogicalPlan[]): LogicalPlan {
    return c[0] === this.child ? this : new Project(this.projectList, c[0]!);
  }

  simpleString(): string {
    return `Project ${listString(this.projectList)}`;
  }
}
