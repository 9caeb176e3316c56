/**
 * Null tests and coalesce. Spark: sql/catalyst/.../expressions/nullExpressions.scala.
 */
import { BooleanType, NullType, type DataType } from '../types/DataType.js';
import type { CodegenContext, ExprCode } from './codegen/CodegenContext.js';
import { Expression, type InternalRow, type RenderMode, TYPE_CHECK_OK, type TypeCheckResult } from './Expression.js';

/** IS NULL and IS NOT NULL: never null themselves, true when the child's nullness is `whenNull`. */
abstract class NullTest extends Expression {
  constructor(readonly child: Expression) {
    super();
  }
  /** The result for a null child: true for IS NULL, false for IS NOT NULL. */
  protected abstract get whenNull(): boolean;
  protected abstract make(child: Expression): NullTest;
  get children(): readonly Expression[] {
    return [this.child];
  }
  withNewChildren(c: readonly Expression[]): Expression {
    return c[0] === this.child ? this : this.make(c[0]!);
  }
  get dataType(): DataType {
    return BooleanType;
  }
  override get nullable(): boolean {
    return false;
  }
  override get foldable(): boolean {
    return this.child.foldable;
  }
  eval(row: InternalRow): unknown {
    return (this.child.eval(row) === null) === this.whenNull;
  }
  genCode(ctx: CodegenContext): ExprCode {
    const c = this.child.genCode(ctx);
    return { code: c.code, value: `(${c.value} ${this.whenNull ? '===' : '!=='} null)` };
  }
  protected render(child: (e: Expression) => string, mode: RenderMode): string {
    const [fn, sql] = this.whenNull ? ['isnull', 'IS NULL'] : ['isnotnull', 'IS NOT NULL'];
    return mode === 'plan' ? `${fn}(${child(this.child)})` : `(${child(this.child)} ${sql})`;
  }
}

/** `a IS NULL`. */
export class IsNull extends NullTest {
  protected get whenNull(): boolean {
    return true;
  }
  protected make(child: Expression): NullTest {
    return new IsNull(child);
  }
}

/** `a IS NOT NULL`. */
export class IsNotNull extends NullTest {
  protected get whenNull(): boolean {
    return false;
  }
  protected make(child: Expression): NullTest {
    return new IsNotNull(child);
  }
}

/** `coalesce(a, b, ...)`: the first non-null argument. */
export class Coalesce extends Expression {
  constructor(readonly args: readonly Expression[]) {
    super();
  }
  get children(): readonly Expression[] {
    return this.args;
  }
  withNewChildren(c: readonly Expression[]): Expression {
    return new Coalesce(c);
  }
  get dataType(): DataType {
    return this.args.find((a) => a.dataType !== NullType)?.dataType ?? NullType;
  }
  override get nullable(): boolean {
    return this.args.every((a) => a.nullable);
  }
  override get foldable(): boolean {
    return this.args.every((a) => a.foldable);
  }
  override checkInputDataTypes(): TypeCheckResult {
    const t = this.dataType;
    const bad = this.args.find((a) => a.dataType !== NullType && !a.dataType.sameType(t));
    if (!bad) return TYPE_CHECK_OK;
    return {
      ok: false,
      subClass: 'DATA_DIFF_TYPES',
      message: `Input to \`coalesce\` should all be the same type, but it's [${this.args.map((a) => `"${a.dataType.sqlName}"`).join(', ')}].`,
    };
  }
  eval(row: InternalRow): unknown {
    for (const a of this.args) {
      const v = a.eval(row);
      if (v !== null) return v;
    }
    return null;
  }
  genCode(ctx: CodegenContext): ExprCode {
    const v = ctx.freshName('v');
    let code = `let ${v} = null;\n`;
    for (const a of this.args) {
      const c = a.genCode(ctx);
      code += `if (${v} === null) {\n${c.code}${v} = ${c.value};\n}\n`;
    }
    return { code, value: v };
  }
  protected render(child: (e: Expression) => string): string {
    return `coalesce(${this.args.map(child).join(', ')})`;
  }
}
