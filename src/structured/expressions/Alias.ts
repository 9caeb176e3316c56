/**
 * Gives an expression a column name (and, once analyzed, an exprId). Spark: namedExpressions.scala (Alias).
 */
import { AnalysisException } from '../../shared/errors.js';
import type { DataType } from '../types/DataType.js';
import type { CodegenContext, ExprCode } from './codegen/CodegenContext.js';
import type { Expression, InternalRow, RenderMode } from './Expression.js';
import { AttributeReference, NamedExpression, typeSuffix } from './NamedExpression.js';

/** `expr AS name`. The exprId is assigned by the analyzer when the alias is built by the DataFrame API. */
export class Alias extends NamedExpression {
  constructor(
    readonly child: Expression,
    readonly name: string,
    readonly exprId: number | undefined = undefined,
  ) {
    super();
  }

  get children(): readonly Expression[] {
    return [this.child];
  }

  withNewChildren(children: readonly Expression[]): Expression {
    return children[0] === this.child ? this : new Alias(children[0]!, this.name, this.exprId);
  }

  get dataType(): DataType {
    return this.child.dataType;
  }

  override get resolved(): boolean {
    return this.exprId !== undefined && this.child.resolved;
  }

  override get foldable(): boolean {
    return false;
  }

  withExprId(exprId: number): Alias {
    return new Alias(this.child, this.name, exprId);
  }

  toAttribute(): AttributeReference {
    if (this.exprId === undefined) {
      throw new AnalysisException('INTERNAL_ERROR', `Alias ${this.name} used before analysis assigned it an id`);
    }
    return new AttributeReference(this.name, this.child.dataType, this.child.nullable, this.exprId);
  }

  eval(row: InternalRow): unknown {
    return this.child.eval(row);
  }

  genCode(ctx: CodegenContext): ExprCode {
    return this.child.genCode(ctx);
  }

  protected render(child: (e: Expression) => string, mode: RenderMode): string {
    if (mode === 'sql') return `${child(this.child)} AS ${this.name}`;
    const id = this.exprId === undefined ? '' : `#${this.exprId}${this.child.resolved ? typeSuffix(this.child.dataType) : ''}`;
    return `${child(this.child)} AS ${this.name}${id}`;
  }
}
