/**
 * `value IN (list)`: true when value equals an item, null when it does not but the list (or the
 * value) has a null, false otherwise. Spark: expressions/predicates.scala (In).
 */
import { BooleanType, type DataType, NullType } from '../types/DataType.js';
import type { CodegenContext, ExprCode } from './codegen/CodegenContext.js';
import { Expression, type InternalRow, TYPE_CHECK_OK, type TypeCheckResult } from './Expression.js';
import { valueEquals } from './ordering.js';

/** `value IN (list...)`. */
export class In extends Expression {
  constructor(
    readonly value: Expression,
    readonly list: readonly Expression[],
  ) {
    super();
  }

  get children(): readonly Expression[] {
    return [this.value, ...this.list];
  }

  withNewChildren(c: readonly Expression[]): Expression {
    return c.every((x, i) => x === this.children[i]) ? this : new In(c[0]!, c.slice(1));
  }

  get dataType(): DataType {
    return BooleanType;
  }

  override get foldable(): boolean {
    return this.children.every((c) => c.foldable);
  }

  override checkInputDataTypes(): TypeCheckResult {
    const t = this.value.dataType;
    const bad = this.list.find((e) => e.dataType !== NullType && t !== NullType && !e.dataType.sameType(t));
    if (!bad) return TYPE_CHECK_OK;
    return {
      ok: false,
      subClass: 'DATA_DIFF_TYPES',
      message: `Input to \`in\` should all be the same type, but it's [${this.children.map((c) => `"${c.dataType.sqlName}"`).join(', ')}].`,
    };
  }

  eval(row: InternalRow): unknown {
    const v = this.value.eval(row);
    if (v === null) return null;
    let sawNull = false;
    for (const e of this.list) {
      const x = e.eval(row);
      if (x === null) sawNull = true;
      else if (valueEquals(v, x)) return true;
    }
    return sawNull ? null : false;
  }

  genCode(ctx: CodegenContext): ExprCode {
    const v = this.value.genCode(ctx);
    const items = this.list.map((e) => e.genCode(ctx));
    const eq = ctx.addReference(valueEquals);
    const result = ctx.freshName('v');
    let code = `${v.code}let ${result} = null;\nif (${v.value} !== null) {\n${result} = false;\n`;
    for (const item of items) {
      code += `if (${result} !== true) {\n${item.code}if (${item.value} === null) ${result} = null;\nelse if (${eq}(${v.value}, ${item.value})) ${result} = true;\n}\n`;
    }
    return { code: `${code}}\n`, value: result };
  }

  protected render(child: (e: Expression) => string): string {
    return `(${child(this.value)} IN (${this.list.map(child).join(', ')}))`;
  }
}
