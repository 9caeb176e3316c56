/**
 * count(expr) counts non-null values; count(*) is count(1). Spark: aggregate/Count.scala.
 */
import { type DataType, LongType } from '../../types/DataType.js';
import type { Expression } from '../Expression.js';
import { AggregateFunction } from './AggregateFunction.js';

/** Buffer: the count so far (a number). Never null: an empty group counts 0. */
export class Count extends AggregateFunction {
  get prettyName(): string {
    return 'count';
  }
  protected make(child: Expression): AggregateFunction {
    return new Count(child);
  }
  get dataType(): DataType {
    return LongType;
  }
  override get nullable(): boolean {
    return false;
  }
  initialize(): unknown {
    return 0;
  }
  update(buffer: unknown, value: unknown): unknown {
    return value === null ? buffer : (buffer as number) + 1;
  }
  merge(a: unknown, b: unknown): unknown {
    return (a as number) + (b as number);
  }
  finish(buffer: unknown): unknown {
    return buffer;
  }
  override updateCode(buffer: string, value: string): string {
    return `(${value} === null ? ${buffer} : ${buffer} + 1)`;
  }
  override mergeCode(a: string, b: string): string {
    return `(${a} + ${b})`;
  }
  override finishCode(buffer: string): string {
    return buffer;
  }
}
