/**
 * collect_list(expr): the non-null values as an array, in input order. Spark: aggregate/collect.scala.
 */
import { ArrayType } from '../../types/ArrayType.js';
import type { DataType } from '../../types/DataType.js';
import type { Expression } from '../Expression.js';
import { AggregateFunction } from './AggregateFunction.js';

/** Buffer: the array so far (appended in place). The result is never null: an empty group gives []. */
export class CollectList extends AggregateFunction {
  get prettyName(): string {
    return 'collect_list';
  }
  protected make(child: Expression): AggregateFunction {
    return new CollectList(child);
  }
  get dataType(): DataType {
    return new ArrayType(this.child.dataType, false);
  }
  override get nullable(): boolean {
    return false;
  }
  override get deterministic(): boolean {
    return false;
  }
  initialize(): unknown {
    return [];
  }
  update(buffer: unknown, value: unknown): unknown {
    if (value !== null) (buffer as unknown[]).push(value);
    return buffer;
  }
  merge(a: unknown, b: unknown): unknown {
    const out = a as unknown[];
    for (const v of b as unknown[]) out.push(v);
    return out;
  }
  finish(buffer: unknown): unknown {
    return buffer;
  }
}
