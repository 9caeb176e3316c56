/**
 * sum(expr): ignores nulls; null when there was no non-null input. Spark: aggregate/Sum.scala.
 */
import { type DataType, DoubleType, LongType, NullType, isNumeric } from '../../types/DataType.js';
import { type Expression, TYPE_CHECK_OK, type TypeCheckResult } from '../Expression.js';
import { AggregateFunction } from './AggregateFunction.js';

/** Integral input sums as long, double as double. Buffer: the sum, or null before the first value. */
export class Sum extends AggregateFunction {
  get prettyName(): string {
    return 'sum';
  }
  protected make(child: Expression): AggregateFunction {
    return new Sum(child);
  }
  get dataType(): DataType {
    return this.child.dataType === DoubleType ? DoubleType : LongType;
  }
  override checkInputDataTypes(): TypeCheckResult {
    return checkNumericInput(this.child);
  }
  initialize(): unknown {
    return null;
  }
  update(buffer: unknown, value: unknown): unknown {
    if (value === null) return buffer;
    return buffer === null ? value : (buffer as number) + (value as number);
  }
  merge(a: unknown, b: unknown): unknown {
    if (a === null) return b;
    if (b === null) return a;
    return (a as number) + (b as number);
  }
  finish(buffer: unknown): unknown {
    return buffer;
  }
  override updateCode(buffer: string, value: string): string {
    return `(${value} === null ? ${buffer} : ${buffer} === null ? ${value} : ${buffer} + ${value})`;
  }
  override mergeCode(a: string, b: string): string {
    return this.updateCode(a, b);
  }
  override finishCode(buffer: string): string {
    return buffer;
  }
}

/**
 * The input must be numeric. Differs from Spark: Spark's non-ANSI mode implicitly casts a string
 * input to double; here summing a string column is a type error, which names the column.
 */
export function checkNumericInput(child: Expression): TypeCheckResult {
  const t = child.dataType;
  if (isNumeric(t) || t === NullType) return TYPE_CHECK_OK;
  return {
    ok: false,
    subClass: 'UNEXPECTED_INPUT_TYPE',
    message: `The first parameter requires the "NUMERIC" type, however "${child.sql()}" has the type "${t.sqlName}".`,
  };
}
