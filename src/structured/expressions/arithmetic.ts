/**
 * + - * / % and unary minus. Spark: sql/catalyst/.../expressions/arithmetic.scala.
 *
 * Non-ANSI semantics, as Spark's default before 4.0: int arithmetic wraps at 32 bits, division
 * always yields double, and dividing by zero (for / and %) yields null instead of failing.
 * Type coercion has already made both operands the same numeric type when these run.
 */
import { DoubleType, IntegerType, isNumeric, NullType, type DataType } from '../types/DataType.js';
import type { CodegenContext, ExprCode } from './codegen/CodegenContext.js';
import { Expression, type InternalRow, type RenderMode, TYPE_CHECK_OK, type TypeCheckResult } from './Expression.js';

/** A binary operator on two numbers of the same type. */
export abstract class BinaryArithmetic extends Expression {
  constructor(
    readonly left: Expression,
    readonly right: Expression,
  ) {
    super();
  }

  abstract get symbol(): string;
  protected abstract make(left: Expression, right: Expression): BinaryArithmetic;
  /** The operation on two non-null values. */
  protected abstract apply(l: number, r: number): number | null;
  /** JS for the operation on two non-null value expressions. */
  protected abstract code(l: string, r: string): string;

  get children(): readonly Expression[] {
    return [this.left, this.right];
  }

  withNewChildren(children: readonly Expression[]): Expression {
    return children[0] === this.left && children[1] === this.right ? this : this.make(children[0]!, children[1]!);
  }

  get dataType(): DataType {
    return this.left.dataType === NullType ? this.right.dataType : this.left.dataType;
  }

  override get foldable(): boolean {
    return this.left.foldable && this.right.foldable;
  }

  override checkInputDataTypes(): TypeCheckResult {
    return checkBinaryNumeric(this.left, this.right);
  }

  eval(row: InternalRow): unknown {
    const l = this.left.eval(row);
    if (l === null) return null;
    const r = this.right.eval(row);
    if (r === null) return null;
    return this.apply(l as number, r as number);
  }

  genCode(ctx: CodegenContext): ExprCode {
    return ctx.nullSafe([this.left.genCode(ctx), this.right.genCode(ctx)], ([l, r]) => this.code(l!, r!));
  }

  protected render(child: (e: Expression) => string): string {
    return `(${child(this.left)} ${this.symbol} ${child(this.right)})`;
  }
}

/** Both operands numeric (or null) and of one type: what arithmetic and `%` require. */
export function checkBinaryNumeric(left: Expression, right: Expression): TypeCheckResult {
  const lt = left.dataType;
  const rt = right.dataType;
  if (!lt.sameType(rt) && lt !== NullType && rt !== NullType) {
    return {
      ok: false,
      subClass: 'BINARY_OP_DIFF_TYPES',
      message: `the left and right operands of the binary operator have incompatible types ("${lt.sqlName}" and "${rt.sqlName}").`,
    };
  }
  const t = lt === NullType ? rt : lt;
  if (!isNumeric(t) && t !== NullType) {
    return {
      ok: false,
      subClass: 'BINARY_OP_WRONG_TYPE',
      message: `the binary operator requires the input type "NUMERIC", not "${t.sqlName}".`,
    };
  }
  return TYPE_CHECK_OK;
}

/** `a + b`. */
export class Add extends BinaryArithmetic {
  get symbol(): string {
    return '+';
  }
  protected make(l: Expression, r: Expression): BinaryArithmetic {
    return new Add(l, r);
  }
  protected apply(l: number, r: number): number {
    return this.dataType === IntegerType ? (l + r) | 0 : l + r;
  }
  protected code(l: string, r: string): string {
    return this.dataType === IntegerType ? `((${l} + ${r}) | 0)` : `(${l} + ${r})`;
  }
}

/** `a - b`. */
export class Subtract extends BinaryArithmetic {
  get symbol(): string {
    return '-';
  }
  protected make(l: Expression, r: Expression): BinaryArithmetic {
    return new Subtract(l, r);
  }
  protected apply(l: number, r: number): number {
    return this.dataType === IntegerType ? (l - r) | 0 : l - r;
  }
  protected code(l: string, r: string): string {
    return this.dataType === IntegerType ? `((${l} - ${r}) | 0)` : `(${l} - ${r})`;
  }
}

/** `a * b`. */
export class Multiply extends BinaryArithmetic {
  get symbol(): string {
    return '*';
  }
  protected make(l: Expression, r: Expression): BinaryArithmetic {
    return new Multiply(l, r);
  }
  protected apply(l: number, r: number): number {
    return this.dataType === IntegerType ? Math.imul(l, r) : l * r;
  }
  protected code(l: string, r: string): string {
    return this.dataType === IntegerType ? `Math.imul(${l}, ${r})` : `(${l} * ${r})`;
  }
}

/** `a / b`: always a double; null when b is 0. */
export class Divide extends BinaryArithmetic {
  get symbol(): string {
    return '/';
  }
  override get dataType(): DataType {
    return DoubleType;
  }
  override get nullable(): boolean {
    return true;
  }
  protected make(l: Expression, r: Expression): BinaryArithmetic {
    return new Divide(l, r);
  }
  protected apply(l: number, r: number): number | null {
    return r === 0 ? null : l / r;
  }
  protected code(l: string, r: string): string {
    return `(${r} === 0 ? null : ${l} / ${r})`;
  }
}

/** `a % b`: the sign follows the dividend, as in Java; null when b is 0. */
export class Remainder extends BinaryArithmetic {
  get symbol(): string {
    return '%';
  }
  override get nullable(): boolean {
    return true;
  }
  protected make(l: Expression, r: Expression): BinaryArithmetic {
    return new Remainder(l, r);
  }
  protected apply(l: number, r: number): number | null {
    return r === 0 ? null : l % r;
  }
  protected code(l: string, r: string): string {
    return `(${r} === 0 ? null : ${l} % ${r})`;
  }
}

/** `-a`. */
export class UnaryMinus extends Expression {
  constructor(readonly child: Expression) {
    super();
  }

  get children(): readonly Expression[] {
    return [this.child];
  }

  withNewChildren(children: readonly Expression[]): Expression {
    return children[0] === this.child ? this : new UnaryMinus(children[0]!);
  }

  get dataType(): DataType {
    return this.child.dataType;
  }

  override get foldable(): boolean {
    return this.child.foldable;
  }

  override checkInputDataTypes(): TypeCheckResult {
    const t = this.child.dataType;
    if (isNumeric(t) || t === NullType) return TYPE_CHECK_OK;
    return {
      ok: false,
      subClass: 'UNEXPECTED_INPUT_TYPE',
      message: `The first parameter requires the "NUMERIC" type, however "${this.child.sql()}" has the type "${t.sqlName}".`,
    };
  }

  eval(row: InternalRow): unknown {
    const v = this.child.eval(row);
    if (v === null) return null;
    return this.dataType === IntegerType ? -(v as number) | 0 : -(v as number);
  }

  genCode(ctx: CodegenContext): ExprCode {
    const int = this.dataType === IntegerType;
    return ctx.nullSafe([this.child.genCode(ctx)], ([v]) => (int ? `((-${v}) | 0)` : `(-${v})`));
  }

  protected render(child: (e: Expression) => string, _mode: RenderMode): string {
    return `(- ${child(this.child)})`;
  }
}
