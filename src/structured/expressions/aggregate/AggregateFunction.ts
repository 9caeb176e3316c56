/**
 * The base of aggregate functions, as objects with an explicit buffer life cycle:
 * `initialize` -> `update` per input value -> `merge` partial buffers -> `finish`.
 * Spark: sql/catalyst/.../expressions/aggregate/interfaces.scala (ImperativeAggregate).
 *
 * Buffers are plain JSON data (numbers, arrays, null) so that a streaming state store can keep
 * and checkpoint partial aggregates. `update` and `merge` may mutate an array buffer in place
 * and return it; a caller that keeps an old version must copy it first.
 */
import type { DataType } from '../../types/DataType.js';
import type { ExprCode } from '../codegen/CodegenContext.js';
import { Expression, type RenderMode } from '../Expression.js';

/** An aggregate over one input expression (count(*) counts the literal 1). */
export abstract class AggregateFunction extends Expression {
  constructor(readonly child: Expression) {
    super();
  }

  /** The function's SQL name: `sum`, `count`. */
  abstract get prettyName(): string;
  /** A copy over another input. */
  protected abstract make(child: Expression): AggregateFunction;
  /** The empty buffer (before any input). */
  abstract initialize(): unknown;
  /** The buffer after one more input value (which may be null). */
  abstract update(buffer: unknown, value: unknown): unknown;
  /** Two partial buffers combined, `a` holding earlier input than `b`. */
  abstract merge(a: unknown, b: unknown): unknown;
  /** The result from a final buffer. */
  abstract finish(buffer: unknown): unknown;

  /** JS for `update(buffer, value)` when it can be inlined into generated code; undefined to call `update`. */
  updateCode(_buffer: string, _value: string): string | undefined {
    return undefined;
  }

  /** JS for `merge(a, b)` when it can be inlined; undefined to call `merge`. */
  mergeCode(_a: string, _b: string): string | undefined {
    return undefined;
  }

  /** JS for `finish(buffer)` when it can be inlined; undefined to call `finish`. */
  finishCode(_buffer: string): string | undefined {
    return undefined;
  }

  get children(): readonly Expression[] {
    return [this.child];
  }

  withNewChildren(c: readonly Expression[]): Expression {
    return c[0] === this.child ? this : this.make(c[0]!);
  }

  override get nullable(): boolean {
    return true;
  }

  override get foldable(): boolean {
    return false;
  }

  /** Aggregates run in HashAggregateExec, never as a row expression. */
  eval(): unknown {
    throw new Error(`Internal error: aggregate ${this.toString()} evaluated outside an aggregate operator`);
  }

  genCode(): ExprCode {
    throw new Error(`Internal error: aggregate ${this.toString()} compiled outside an aggregate operator`);
  }

  /** The result type. */
  abstract override get dataType(): DataType;

  protected render(child: (e: Expression) => string, _mode: RenderMode): string {
    return `${this.prettyName}(${child(this.child)})`;
  }
}
