/**
 * to_timestamp and current_timestamp. Spark: sql/catalyst/.../expressions/datetimeExpressions.scala.
 */
import { type DataType, NullType, StringType, TimestampType, isNumeric } from '../types/DataType.js';
import type { CodegenContext, ExprCode } from './codegen/CodegenContext.js';
import { fromFactory, registerReferenceFactory } from './codegen/referenceFactories.js';
import { parseTimestampWithPattern, stringToTimestamp } from './datetimeUtils.js';
import { Expression, type InternalRow, LeafExpression, TYPE_CHECK_OK, type TypeCheckResult } from './Expression.js';

/** The conversion of to_timestamp: epoch ms kept, seconds scaled, strings parsed (by `format` when given). */
function timestampConverter(fromTimestamp: boolean, format: string | undefined): (v: unknown) => number | null {
  return (v) => {
    if (typeof v === 'number') return fromTimestamp ? v : Math.trunc(v * 1000);
    return format === undefined ? stringToTimestamp(v as string) : parseTimestampWithPattern(v as string, format);
  };
}
registerReferenceFactory('structured.toTimestamp', timestampConverter);

/** `to_timestamp(s [, pattern])`: null when the string does not parse. */
export class ToTimestamp extends Expression {
  constructor(
    readonly child: Expression,
    readonly format: string | undefined = undefined,
  ) {
    super();
  }

  get children(): readonly Expression[] {
    return [this.child];
  }

  withNewChildren(c: readonly Expression[]): Expression {
    return c[0] === this.child ? this : new ToTimestamp(c[0]!, this.format);
  }

  get dataType(): DataType {
    return TimestampType;
  }

  override get nullable(): boolean {
    return true;
  }

  override get foldable(): boolean {
    return this.child.foldable;
  }

  override checkInputDataTypes(): TypeCheckResult {
    const t = this.child.dataType;
    if (t === StringType || t === TimestampType || t === NullType || isNumeric(t)) return TYPE_CHECK_OK;
    return {
      ok: false,
      subClass: 'UNEXPECTED_INPUT_TYPE',
      message: `The first parameter requires the "STRING" or "TIMESTAMP" type, however "${this.child.sql()}" has the type "${t.sqlName}".`,
    };
  }

  #convert = (v: unknown): number | null => timestampConverter(this.child.dataType === TimestampType, this.format)(v);

  eval(row: InternalRow): unknown {
    const v = this.child.eval(row);
    return v === null ? null : this.#convert(v);
  }

  genCode(ctx: CodegenContext): ExprCode {
    const fn = ctx.addReference(fromFactory('structured.toTimestamp', this.child.dataType === TimestampType, this.format));
    return ctx.nullSafe([this.child.genCode(ctx)], ([v]) => `${fn}(${v})`);
  }

  protected render(child: (e: Expression) => string): string {
    return this.format === undefined ? `to_timestamp(${child(this.child)})` : `to_timestamp(${child(this.child)}, ${this.format})`;
  }
}

/**
 * `current_timestamp()`: the query's start time from the session Clock. The optimizer rule
 * ComputeCurrentTime replaces every occurrence with one literal, so all rows of a query agree.
 */
export class CurrentTimestamp extends LeafExpression {
  get dataType(): DataType {
    return TimestampType;
  }

  override get nullable(): boolean {
    return false;
  }

  override get deterministic(): boolean {
    return false;
  }

  eval(): unknown {
    throw new Error('Internal error: current_timestamp() must be replaced by ComputeCurrentTime before evaluation');
  }

  genCode(): ExprCode {
    throw new Error('Internal error: current_timestamp() must be replaced by ComputeCurrentTime before code generation');
  }

  protected render(): string {
    return 'current_timestamp()';
  }
}
