/**
 * avg(expr) / mean(expr): the mean of non-null values as a double. Spark: aggregate/Average.scala.
 */
import { type DataType, DoubleType } from '../../types/DataType.js';
import type { Expression, TypeCheckResult } from '../Expression.js';
import { AggregateFunction } from './AggregateFunction.js';
import { checkNumericInput } from './Sum.js';

/** Buffer: `[sum, count]`. Null when count is 0. */
export class Average extends AggregateFunction {
  get prettyName(): string {
    return 'avg';
  }
  protected make(child: Expression): AggregateFunction {
    return new Average(child);
  }
  get dataType(): DataType {
    return DoubleType;
  }
  override checkInputDataTypes(): TypeCheckResult {
    return checkNumericInput(this.child);
  }
  initialize(): unknown {
    return [0, 0];
  }
  update(buffer: unknown, value: unknown): unknown {
    if (value === null) return buffer;
    const b = buffer as [number, number];
    b[0] += value as number;
    b[1] += 1;
    return b;
  }
  merge(a: unknown, b: unknown): unknown {
    const x = a as [number, number];
    const y = b as [number, number];
    x[0] += y[0];
    x[1] += y[1];
    return x;
  }
  finish(buffer: unknown): unknown {
    const [sum, count] = buffer as [number, number];
    return count === 0 ? null : sum / count;
  }
}
