/**
 * Generators: expressions that turn one input row into zero or more output rows.
 * Spark: sql/catalyst/.../expressions/generators.scala (Explode).
 */
import { ArrayType } from '../types/ArrayType.js';
import { type DataType, NullType } from '../types/DataType.js';
import { StructField, StructType } from '../types/StructType.js';
import type { CodegenContext, ExprCode } from './codegen/CodegenContext.js';
import { Expression, type InternalRow, TYPE_CHECK_OK, type TypeCheckResult } from './Expression.js';

/** An expression producing rows; the Generate operator appends its columns to each input row. */
export abstract class Generator extends Expression {
  /** The columns each generated row adds (their default names). */
  abstract get elementSchema(): StructType;
}

/** `explode(array)`: one row per element, in a column named `col`; null and empty arrays give no rows. */
export class Explode extends Generator {
  constructor(readonly child: Expression) {
    super();
  }

  get children(): readonly Expression[] {
    return [this.child];
  }

  withNewChildren(c: readonly Expression[]): Expression {
    return c[0] === this.child ? this : new Explode(c[0]!);
  }

  get elementSchema(): StructType {
    const t = this.child.dataType;
    const elementType = t instanceof ArrayType ? t.elementType : NullType;
    return new StructType([new StructField('col', elementType, t instanceof ArrayType ? t.containsNull : true)]);
  }

  get dataType(): DataType {
    return new ArrayType(this.elementSchema);
  }

  override checkInputDataTypes(): TypeCheckResult {
    const t = this.child.dataType;
    if (t instanceof ArrayType) return TYPE_CHECK_OK;
    return {
      ok: false,
      subClass: 'UNEXPECTED_INPUT_TYPE',
      message: `The first parameter requires the "ARRAY" type, however "${this.child.sql()}" has the type "${t.sqlName}".`,
    };
  }

  /** The array to iterate (null when there is none). */
  eval(row: InternalRow): unknown {
    return this.child.eval(row);
  }

  /** The array to iterate; GenerateExec's code loops over it. */
  genCode(ctx: CodegenContext): ExprCode {
    return this.child.genCode(ctx);
  }

  protected render(child: (e: Expression) => string): string {
    return `explode(${child(this.child)})`;
  }
}
