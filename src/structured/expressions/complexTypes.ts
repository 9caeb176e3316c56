/**
 * Reading a field of a struct and building a struct. Spark: expressions/complexTypeExtractors.scala
 * (GetStructField) and complexTypeCreator.scala (CreateNamedStruct).
 *
 * Struct values are plain objects keyed by field name, so reading a field is a property access.
 */
import { type DataType, StringType } from '../types/DataType.js';
import { StructField, StructType } from '../types/StructType.js';
import type { CodegenContext, ExprCode } from './codegen/CodegenContext.js';
import { Expression, type InternalRow, type RenderMode } from './Expression.js';
import { Literal } from './Literal.js';

/** `child.field` on a struct-typed child. */
export class GetStructField extends Expression {
  constructor(
    readonly child: Expression,
    readonly fieldName: string,
  ) {
    super();
  }

  get children(): readonly Expression[] {
    return [this.child];
  }

  withNewChildren(c: readonly Expression[]): Expression {
    return c[0] === this.child ? this : new GetStructField(c[0]!, this.fieldName);
  }

  get field(): StructField {
    return (this.child.dataType as StructType).getField(this.fieldName)!;
  }

  get dataType(): DataType {
    return this.field.dataType;
  }

  override get nullable(): boolean {
    return this.child.nullable || this.field.nullable;
  }

  override get foldable(): boolean {
    return this.child.foldable;
  }

  eval(row: InternalRow): unknown {
    const v = this.child.eval(row) as Record<string, unknown> | null;
    return v === null ? null : (v[this.field.name] ?? null);
  }

  genCode(ctx: CodegenContext): ExprCode {
    const key = JSON.stringify(this.field.name);
    return ctx.nullSafe([this.child.genCode(ctx)], ([v]) => `(${v}[${key}] ?? null)`);
  }

  protected render(child: (e: Expression) => string): string {
    return `${child(this.child)}.${this.fieldName}`;
  }
}

/** `struct(a, b)` / `named_struct('a', a, 'b', b)`: a struct value from named parts. */
export class CreateNamedStruct extends Expression {
  constructor(
    readonly names: readonly string[],
    readonly values: readonly Expression[],
  ) {
    super();
  }

  get children(): readonly Expression[] {
    return this.values;
  }

  withNewChildren(c: readonly Expression[]): Expression {
    return new CreateNamedStruct(this.names, c);
  }

  get dataType(): DataType {
    return new StructType(this.names.map((n, i) => new StructField(n, this.values[i]!.dataType, this.values[i]!.nullable)));
  }

  override get nullable(): boolean {
    return false;
  }

  override get foldable(): boolean {
    return this.values.every((v) => v.foldable);
  }

  eval(row: InternalRow): unknown {
    const out: Record<string, unknown> = {};
    this.names.forEach((n, i) => {
      out[n] = this.values[i]!.eval(row);
    });
    return out;
  }

  genCode(ctx: CodegenContext): ExprCode {
    const parts = this.values.map((v) => v.genCode(ctx));
    const result = ctx.freshName('v');
    const fields = this.names.map((n, i) => `${JSON.stringify(n)}: ${parts[i]!.value}`).join(', ');
    return { code: `${parts.map((p) => p.code).join('')}const ${result} = { ${fields} };\n`, value: result };
  }

  protected render(child: (e: Expression) => string, mode: RenderMode): string {
    if (mode === 'sql') return `struct(${this.values.map(child).join(', ')})`;
    const args = this.names.map((n, i) => `${new Literal(n, StringType).toString()}, ${child(this.values[i]!)}`);
    return `named_struct(${args.join(', ')})`;
  }
}
