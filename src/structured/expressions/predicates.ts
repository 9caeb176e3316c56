/**
 * Comparisons and boolean connectives with SQL's three-valued logic.
 * Spark: sql/catalyst/.../expressions/predicates.scala.
 *
 * `null = 1` is null, `null AND false` is false, `null OR true` is true; a Filter keeps a row
 * only when its condition is exactly true.
 */
import { ArrayType } from '../types/ArrayType.js';
import { BooleanType, DoubleType, NullType, type DataType } from '../types/DataType.js';
import { StructType } from '../types/StructType.js';
import type { CodegenContext, ExprCode } from './codegen/CodegenContext.js';
import { Expression, type InternalRow, type RenderMode, TYPE_CHECK_OK, type TypeCheckResult } from './Expression.js';
import { compareValues, valueEquals } from './ordering.js';

/** A binary predicate on two values of one type. */
export abstract class BinaryComparison extends Expression {
  constructor(
    readonly left: Expression,
    readonly right: Expression,
  ) {
    super();
  }

  abstract get symbol(): string;
  protected abstract make(l: Expression, r: Expression): BinaryComparison;
  /** The result from compareValues(l, r) (or equality) for non-null inputs. */
  protected abstract test(l: unknown, r: unknown): boolean;
  /** JS comparing two non-null atomic values. */
  protected abstract atomicCode(l: string, r: string): string;
  /** JS that turns `cmp` (a compareValues result) into the predicate. */
  protected abstract compareCode(cmp: string): string;

  get children(): readonly Expression[] {
    return [this.left, this.right];
  }

  withNewChildren(children: readonly Expression[]): Expression {
    return children[0] === this.left && children[1] === this.right ? this : this.make(children[0]!, children[1]!);
  }

  get dataType(): DataType {
    return BooleanType;
  }

  override get foldable(): boolean {
    return this.left.foldable && this.right.foldable;
  }

  override checkInputDataTypes(): TypeCheckResult {
    const lt = this.left.dataType;
    const rt = this.right.dataType;
    if (lt.sameType(rt) || lt === NullType || rt === NullType) return TYPE_CHECK_OK;
    return {
      ok: false,
      subClass: 'BINARY_OP_DIFF_TYPES',
      message: `the left and right operands of the binary operator have incompatible types ("${lt.sqlName}" and "${rt.sqlName}").`,
    };
  }

  eval(row: InternalRow): unknown {
    const l = this.left.eval(row);
    if (l === null) return null;
    const r = this.right.eval(row);
    if (r === null) return null;
    return this.test(l, r);
  }

  genCode(ctx: CodegenContext): ExprCode {
    const t = this.left.dataType === NullType ? this.right.dataType : this.left.dataType;
    const complex = t instanceof ArrayType || t instanceof StructType;
    return ctx.nullSafe([this.left.genCode(ctx), this.right.genCode(ctx)], ([l, r]) => {
      if (complex) return this.compareCode(`${ctx.addReference(compareValues)}(${l}, ${r})`);
      if (t === DoubleType) return this.doubleCode(l!, r!, ctx);
      return this.atomicCode(l!, r!);
    });
  }

  /** Doubles: NaN equals NaN and sorts last, so use the shared ordering unless both are plain numbers. */
  protected doubleCode(l: string, r: string, ctx: CodegenContext): string {
    const slow = this.compareCode(`${ctx.addReference(compareValues)}(${l}, ${r})`);
    return `((${l} === ${l} && ${r} === ${r}) ? ${this.atomicCode(l, r)} : ${slow})`;
  }

  protected render(child: (e: Expression) => string): string {
    return `(${child(this.left)} ${this.symbol} ${child(this.right)})`;
  }
}

/** `a = b`. */
export class EqualTo extends BinaryComparison {
  get symbol(): string {
    return '=';
  }
  protected make(l: Expression, r: Expression): BinaryComparison {
    return new EqualTo(l, r);
  }
  protected test(l: unknown, r: unknown): boolean {
    return valueEquals(l, r);
  }
  protected atomicCode(l: string, r: string): string {
    return `(${l} === ${r})`;
  }
  protected compareCode(cmp: string): string {
    return `(${cmp} === 0)`;
  }
}

/** `a <=> b`: like `=`, but null <=> null is true and never yields null. */
export class EqualNullSafe extends EqualTo {
  override get symbol(): string {
    return '<=>';
  }
  override get nullable(): boolean {
    return false;
  }
  protected override make(l: Expression, r: Expression): BinaryComparison {
    return new EqualNullSafe(l, r);
  }
  override eval(row: InternalRow): unknown {
    const l = this.left.eval(row);
    const r = this.right.eval(row);
    if (l === null || r === null) return l === null && r === null;
    return valueEquals(l, r);
  }
  override genCode(ctx: CodegenContext): ExprCode {
    const l = this.left.genCode(ctx);
    const r = this.right.genCode(ctx);
    const v = ctx.freshName('v');
    const eq = `${ctx.addReference(valueEquals)}(${l.value}, ${r.value})`;
    return {
      code: `${l.code}${r.code}const ${v} = (${l.value} === null || ${r.value} === null) ? (${l.value} === null && ${r.value} === null) : ${eq};\n`,
      value: v,
    };
  }
}

/** `a < b`. */
export class LessThan extends BinaryComparison {
  get symbol(): string {
    return '<';
  }
  protected make(l: Expression, r: Expression): BinaryComparison {
    return new LessThan(l, r);
  }
  protected test(l: unknown, r: unknown): boolean {
    return compareValues(l, r) < 0;
  }
  protected atomicCode(l: string, r: string): string {
    return `(${l} < ${r})`;
  }
  protected compareCode(cmp: string): string {
    return `(${cmp} < 0)`;
  }
}

/** `a <= b`. */
export class LessThanOrEqual extends BinaryComparison {
  get symbol(): string {
    return '<=';
  }
  protected make(l: Expression, r: Expression): BinaryComparison {
    return new LessThanOrEqual(l, r);
  }
  protected test(l: unknown, r: unknown): boolean {
    return compareValues(l, r) <= 0;
  }
  protected atomicCode(l: string, r: string): string {
    return `(${l} <= ${r})`;
  }
  protected compareCode(cmp: string): string {
    return `(${cmp} <= 0)`;
  }
}

/** `a > b`. */
export class GreaterThan extends BinaryComparison {
  get symbol(): string {
    return '>';
  }
  protected make(l: Expression, r: Expression): BinaryComparison {
    return new GreaterThan(l, r);
  }
  protected test(l: unknown, r: unknown): boolean {
    return compareValues(l, r) > 0;
  }
  protected atomicCode(l: string, r: string): string {
    return `(${l} > ${r})`;
  }
  protected compareCode(cmp: string): string {
    return `(${cmp} > 0)`;
  }
}

/** `a >= b`. */
export class GreaterThanOrEqual extends BinaryComparison {
  get symbol(): string {
    return '>=';
  }
  protected make(l: Expression, r: Expression): BinaryComparison {
    return new GreaterThanOrEqual(l, r);
  }
  protected test(l: unknown, r: unknown): boolean {
    return compareValues(l, r) >= 0;
  }
  protected atomicCode(l: string, r: string): string {
    return `(${l} >= ${r})`;
  }
  protected compareCode(cmp: string): string {
    return `(${cmp} >= 0)`;
  }
}

/** Both children must be boolean. */
function checkBoolean(children: readonly Expression[], op: string): TypeCheckResult {
  for (const c of children) {
    const t = c.dataType;
    if (t !== BooleanType && t !== NullType) {
      return {
        ok: false,
        subClass: 'BINARY_OP_WRONG_TYPE',
        message: `the binary operator ${op} requires the input type "BOOLEAN", not "${t.sqlName}" (in "${c.sql()}").`,
      };
    }
  }
  return TYPE_CHECK_OK;
}

/**
 * AND and OR share three-valued logic: one value dominates (false for AND, true for OR) and wins
 * over null; otherwise null makes the result null.
 */
abstract class BinaryLogic extends Expression {
  constructor(
    readonly left: Expression,
    readonly right: Expression,
  ) {
    super();
  }
  /** The value that decides the result alone: false for AND, true for OR. */
  protected abstract get dominant(): boolean;
  protected abstract get symbol(): 'AND' | 'OR';
  protected abstract make(left: Expression, right: Expression): BinaryLogic;
  get children(): readonly Expression[] {
    return [this.left, this.right];
  }
  withNewChildren(c: readonly Expression[]): Expression {
    return c[0] === this.left && c[1] === this.right ? this : this.make(c[0]!, c[1]!);
  }
  get dataType(): DataType {
    return BooleanType;
  }
  override get foldable(): boolean {
    return this.left.foldable && this.right.foldable;
  }
  override checkInputDataTypes(): TypeCheckResult {
    return checkBoolean(this.children, this.symbol);
  }
  eval(row: InternalRow): unknown {
    const l = this.left.eval(row);
    if (l === this.dominant) return this.dominant;
    const r = this.right.eval(row);
    if (r === this.dominant) return this.dominant;
    return l === null || r === null ? null : !this.dominant;
  }
  genCode(ctx: CodegenContext): ExprCode {
    const l = this.left.genCode(ctx);
    const r = this.right.genCode(ctx);
    const v = ctx.freshName('v');
    const d = String(this.dominant);
    return {
      code:
        `${l.code}let ${v} = ${d};\nif (${l.value} !== ${d}) {\n${r.code}` +
        `${v} = ${r.value} === ${d} ? ${d} : (${l.value} === null || ${r.value} === null) ? null : ${!this.dominant};\n}\n`,
      value: v,
    };
  }
  protected render(child: (e: Expression) => string): string {
    return `(${child(this.left)} ${this.symbol} ${child(this.right)})`;
  }
}

/** `a AND b`: false wins over null. */
export class And extends BinaryLogic {
  protected get dominant(): boolean {
    return false;
  }
  protected get symbol(): 'AND' {
    return 'AND';
  }
  protected make(left: Expression, right: Expression): BinaryLogic {
    return new And(left, right);
  }
}

/** `a OR b`: true wins over null. */
export class Or extends BinaryLogic {
  protected get dominant(): boolean {
    return true;
  }
  protected get symbol(): 'OR' {
    return 'OR';
  }
  protected make(left: Expression, right: Expression): BinaryLogic {
    return new Or(left, right);
  }
}

/** `NOT a`. */
export class Not extends Expression {
  constructor(readonly child: Expression) {
    super();
  }
  get children(): readonly Expression[] {
    return [this.child];
  }
  withNewChildren(c: readonly Expression[]): Expression {
    return c[0] === this.child ? this : new Not(c[0]!);
  }
  get dataType(): DataType {
    return BooleanType;
  }
  override get foldable(): boolean {
    return this.child.foldable;
  }
  override checkInputDataTypes(): TypeCheckResult {
    return checkBoolean(this.children, 'NOT');
  }
  eval(row: InternalRow): unknown {
    const v = this.child.eval(row);
    return v === null ? null : !v;
  }
  genCode(ctx: CodegenContext): ExprCode {
    return ctx.nullSafe([this.child.genCode(ctx)], ([v]) => `!${v}`);
  }
  protected render(child: (e: Expression) => string, mode: RenderMode): string {
    return mode === 'plan' ? `NOT ${child(this.child)}` : `(NOT ${child(this.child)})`;
  }
}
