/**
 * `timestamp + interval`: a timestamp shifted by a fixed number of milliseconds, the form
 * time-range join conditions are written in (`clickTime <= impressionTime + interval 1 hour`).
 * Spark: sql/catalyst/.../expressions/datetimeExpressions.scala (TimeAdd) and functions.timestamp_add.
 *
 * Differs from Spark: intervals are fixed lengths in ms (no months), as watermark arithmetic needs.
 */
import { type DataType, TimestampType } from '../types/DataType.js';
import type { CodegenContext, ExprCode } from './codegen/CodegenContext.js';
import { Expression, type InternalRow, TYPE_CHECK_OK, type TypeCheckResult } from './Expression.js';

/** `start + intervalMs` on a timestamp. */
export class TimeAdd extends Expression {
  constructor(
    readonly start: Expression,
    readonly intervalMs: number,
  ) {
    super();
  }

  get children(): readonly Expression[] {
    return [this.start];
  }

  withNewChildren(c: readonly Expression[]): Expression {
    return c[0] === this.start ? this : new TimeAdd(c[0]!, this.intervalMs);
  }

  get dataType(): DataType {
    return TimestampType;
  }

  override get foldable(): boolean {
    return this.start.foldable;
  }

  override checkInputDataTypes(): TypeCheckResult {
    if (this.start.dataType === TimestampType) return TYPE_CHECK_OK;
    return {
      ok: false,
      subClass: 'UNEXPECTED_INPUT_TYPE',
      message: `The first parameter requires the "TIMESTAMP" type, however "${this.start.sql()}" has the type "${this.start.dataType.sqlName}".`,
    };
  }

  eval(row: InternalRow): unknown {
    const v = this.start.eval(row);
    return v === null ? null : (v as number) + this.intervalMs;
  }

  genCode(ctx: CodegenContext): ExprCode {
    return ctx.nullSafe([this.start.genCode(ctx)], ([v]) => `(${v} + ${this.intervalMs})`);
  }

  protected render(child: (e: Expression) => string): string {
    const sign = this.intervalMs < 0 ? '-' : '+';
    return `(${child(this.start)} ${sign} INTERVAL '${Math.abs(this.intervalMs)} milliseconds')`;
  }
}
