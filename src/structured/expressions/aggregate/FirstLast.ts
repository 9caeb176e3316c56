/**
 * first(expr) and last(expr): the first or last value seen, nulls included unless ignoreNulls.
 * Spark: aggregate/First.scala, Last.scala. Non-deterministic after a shuffle, as in Spark.
 */
import type { DataType } from '../../types/DataType.js';
import type { Expression, RenderMode } from '../Expression.js';
import { AggregateFunction } from './AggregateFunction.js';

/** Buffer: `[isSet, value]`. */
abstract class PositionalAggregate extends AggregateFunction {
  constructor(
    child: Expression,
    readonly ignoreNulls = false,
  ) {
    super(child);
  }
  get dataType(): DataType {
    return this.child.dataType;
  }
  override get deterministic(): boolean {
    return false;
  }
  initialize(): unknown {
    return [false, null];
  }
  finish(buffer: unknown): unknown {
    return (buffer as [boolean, unknown])[1];
  }
  protected override render(child: (e: Expression) => string, _mode: RenderMode): string {
    return this.ignoreNulls ? `${this.prettyName}(${child(this.child)}) ignore nulls` : `${this.prettyName}(${child(this.child)})`;
  }
}

/** `first(expr)`. */
export class First extends PositionalAggregate {
  get prettyName(): string {
    return 'first';
  }
  protected make(child: Expression): AggregateFunction {
    return new First(child, this.ignoreNulls);
  }
  update(buffer: unknown, value: unknown): unknown {
    const b = buffer as [boolean, unknown];
    if (b[0] || (value === null && this.ignoreNulls)) return b;
    return [true, value];
  }
  merge(a: unknown, b: unknown): unknown {
    return (a as [boolean, unknown])[0] ? a : b;
  }
}

/** `last(expr)`. */
export class Last extends PositionalAggregate {
  get prettyName(): string {
    return 'last';
  }
  protected make(child: Expression): AggregateFunction {
    return new Last(child, this.ignoreNulls);
  }
  update(buffer: unknown, value: unknown): unknown {
    if (value === null && this.ignoreNulls) return buffer;
    return [true, value];
  }
  merge(a: unknown, b: unknown): unknown {
    return (b as [boolean, unknown])[0] ? b : a;
  }
}
