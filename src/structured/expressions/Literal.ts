/**
 * A constant value with its type. Spark: sql/catalyst/.../expressions/literals.scala.
 */
import { IllegalArgumentError } from '../../shared/errors.js';
import { ArrayType } from '../types/ArrayType.js';
import {
  BooleanType,
  type DataType,
  DoubleType,
  IntegerType,
  LongType,
  NullType,
  StringType,
  TimestampType,
} from '../types/DataType.js';
import { formatValue } from '../types/formatValue.js';
import { StructField, StructType } from '../types/StructType.js';
import type { CodegenContext, ExprCode } from './codegen/CodegenContext.js';
import { LeafExpression } from './Expression.js';

/** A literal; `Literal.create(v)` infers the type as Spark's `lit` does. */
export class Literal extends LeafExpression {
  constructor(
    readonly value: unknown,
    readonly dataType: DataType,
  ) {
    super();
  }

  static readonly TRUE = new Literal(true, BooleanType);
  static readonly FALSE = new Literal(false, BooleanType);
  static readonly NULL = new Literal(null, NullType);

  /**
   * The literal for a JS value: whole numbers in 32-bit range are int (as Scala's `lit(1)`), other
   * whole numbers long, fractions double; a Date becomes a timestamp.
   * @throws IllegalArgumentError (UNSUPPORTED_LITERAL) for functions, symbols and undefined.
   */
  static create(value: unknown): Literal {
    if (value === null) return Literal.NULL;
    if (value instanceof Date) return new Literal(value.getTime(), TimestampType);
    return new Literal(value, inferLiteralType(value));
  }

  override get nullable(): boolean {
    return this.value === null;
  }

  override get foldable(): boolean {
    return true;
  }

  override get deterministic(): boolean {
    return true;
  }

  eval(): unknown {
    return this.value;
  }

  genCode(ctx: CodegenContext): ExprCode {
    const v = this.value;
    if (v === null) return { code: '', value: 'null' };
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return { code: '', value: 'NaN' };
      if (!Number.isFinite(v)) return { code: '', value: v > 0 ? 'Infinity' : '(-Infinity)' };
      return { code: '', value: v < 0 || Object.is(v, -0) ? `(${Object.is(v, -0) ? '-0' : v})` : String(v) };
    }
    if (typeof v === 'string' || typeof v === 'boolean') return { code: '', value: JSON.stringify(v) };
    return { code: '', value: ctx.addReference(v) };
  }

  protected render(): string {
    return this.dataType === StringType ? String(this.value) : formatValue(this.value, this.dataType);
  }
}

function inferLiteralType(value: unknown): DataType {
  switch (typeof value) {
    case 'string':
      return StringType;
    case 'boolean':
      return BooleanType;
    case 'number':
      if (!Number.isInteger(value)) return DoubleType;
      return value >= -2147483648 && value <= 2147483647 ? IntegerType : LongType;
    case 'object': {
      if (Array.isArray(value)) {
        const first = value.find((v) => v !== null);
        return new ArrayType(first === undefined ? NullType : inferLiteralType(first));
      }
      const obj = value as Record<string, unknown>;
      return new StructType(
        Object.keys(obj).map((k) => new StructField(k, obj[k] === null ? NullType : inferLiteralType(obj[k]))),
      );
    }
    default:
      throw new IllegalArgumentError(
        'UNSUPPORTED_LITERAL',
        `[UNSUPPORTED_LITERAL] Cannot make a literal of ${typeof value} value ${String(value)}; ` +
          'pass a string, number, boolean, Date, array, plain object or null.',
      );
  }
}
