/**
 * min(expr) and max(expr) over any orderable type, ignoring nulls. Spark: aggregate/Min.scala, Max.scala.
 */
import type { DataType } from '../../types/DataType.js';
import type { Expression } from '../Expression.js';
import { compareValues } from '../ordering.js';
import { AggregateFunction } from './AggregateFunction.js';

/** Buffer: the extreme so far, or null. */
abstract class ExtremeAggregate extends AggregateFunction {
  /** True when `candidate` should replace `current`. */
  protected abstract better(candidate: unknown, current: unknown): boolean;
  get dataType(): DataType {
    return this.child.dataType;
  }
  initialize(): unknown {
    return null;
  }
  update(buffer: unknown, value: unknown): unknown {
    if (value === null) return buffer;
    return buffer === null || this.better(value, buffer) ? value : buffer;
  }
  merge(a: unknown, b: unknown): unknown {
    return this.update(a, b);
  }
  finish(buffer: unknown): unknown {
    return buffer;
  }
}

/** `min(expr)`. */
export class Min extends ExtremeAggregate {
  get prettyName(): string {
    return 'min';
  }
  protected make(child: Expression): AggregateFunction {
    return new Min(child);
  }
  protected better(candidate: unknown, current: unknown): boolean {
    return compareValues(candidate, current) < 0;
  }
}

/** `max(expr)`. */
export class Max extends ExtremeAggregate {
  get prettyName(): string {
    return 'max';
  }
  protected make(child: Expression): AggregateFunction {
    return new Max(child);
  }
  protected better(candidate: unknown, current: unknown): boolean {
    return compareValues(candidate, current) > 0;
  }
}
