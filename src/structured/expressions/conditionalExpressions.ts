/**
 * CASE WHEN ... THEN ... ELSE ... END. Spark: sql/catalyst/.../expressions/conditionalExpressions.scala.
 */
import { BooleanType, NullType, type DataType } from '../types/DataType.js';
import type { CodegenContext, ExprCode } from './codegen/CodegenContext.js';
import { Expression, type InternalRow, TYPE_CHECK_OK, type TypeCheckResult } from './Expression.js';

/** The first branch whose condition is true gives the value; otherwise the else value (or null). */
export class CaseWhen extends Expression {
  constructor(
    readonly branches: ReadonlyArray<readonly [Expression, Expression]>,
    readonly elseValue: Expression | undefined = undefined,
  ) {
    super();
  }

  get children(): readonly Expression[] {
    const out: Expression[] = [];
    for (const [c, v] of this.branches) out.push(c, v);
    if (this.elseValue) out.push(this.elseValue);
    return out;
  }

  withNewChildren(c: readonly Expression[]): Expression {
    const branches: [Expression, Expression][] = [];
    for (let i = 0; i < this.branches.length; i++) branches.push([c[2 * i]!, c[2 * i + 1]!]);
    return new CaseWhen(branches, this.elseValue ? c[c.length - 1] : undefined);
  }

  /** The value types: every branch value and the else value. */
  get valueExpressions(): Expression[] {
    return [...this.branches.map(([, v]) => v), ...(this.elseValue ? [this.elseValue] : [])];
  }

  get dataType(): DataType {
    return this.valueExpressions.find((v) => v.dataType !== NullType)?.dataType ?? NullType;
  }

  override get nullable(): boolean {
    return this.elseValue === undefined || this.valueExpressions.some((v) => v.nullable);
  }

  override get foldable(): boolean {
    return this.children.every((c) => c.foldable);
  }

  override checkInputDataTypes(): TypeCheckResult {
    const t = this.dataType;
    const values = this.valueExpressions;
    if (values.some((v) => v.dataType !== NullType && !v.dataType.sameType(t))) {
      return {
        ok: false,
        subClass: 'DATA_DIFF_TYPES',
        message: `Input to \`casewhen\` should all be the same type, but it's [${values.map((v) => `"${v.dataType.sqlName}"`).join(', ')}].`,
      };
    }
    const badIndex = this.branches.findIndex(([c]) => c.dataType !== BooleanType && c.dataType !== NullType);
    if (badIndex >= 0) {
      const cond = this.branches[badIndex]![0];
      return {
        ok: false,
        subClass: 'UNEXPECTED_INPUT_TYPE',
        message: `WHEN expressions in CaseWhen should all be boolean type, but the ${badIndex + 1}th when expression's type is "${cond.dataType.sqlName}".`,
      };
    }
    return TYPE_CHECK_OK;
  }

  eval(row: InternalRow): unknown {
    for (const [c, v] of this.branches) if (c.eval(row) === true) return v.eval(row);
    return this.elseValue ? this.elseValue.eval(row) : null;
  }

  genCode(ctx: CodegenContext): ExprCode {
    const result = ctx.freshName('v');
    const build = (i: number): string => {
      if (i === this.branches.length) {
        if (!this.elseValue) return '';
        const e = this.elseValue.genCode(ctx);
        return `${e.code}${result} = ${e.value};\n`;
      }
      const [cond, value] = this.branches[i]!;
      const c = cond.genCode(ctx);
      const v = value.genCode(ctx);
      return `${c.code}if (${c.value} === true) {\n${v.code}${result} = ${v.value};\n} else {\n${build(i + 1)}}\n`;
    };
    return { code: `let ${result} = null;\n${build(0)}`, value: result };
  }

  protected render(child: (e: Expression) => string): string {
    const parts = this.branches.map(([c, v]) => ` WHEN ${child(c)} THEN ${child(v)}`).join('');
    const elsePart = this.elseValue ? ` ELSE ${child(this.elseValue)}` : '';
    return `CASE${parts}${elsePart} END`;
  }
}
