/**
 * The SQL data types of the Structured engine and their JavaScript representation.
 * Spark: sql/api/.../types/DataType.scala (and the atomic type files beside it).
 *
 * Values are plain JavaScript: string, number (int, long and double alike; longs are exact up to
 * 2^53), boolean, timestamp as epoch milliseconds (a number), array as a JS array, struct as a
 * plain object keyed by field name. Null is `null` for every type.
 */

/** The base of every SQL type. Types compare with `sameType`, not `===` (arrays and structs are built). */
export abstract class DataType {
  /** The name printSchema shows (`string`, `long`, `struct`). */
  abstract get typeName(): string;
  /** The DDL form (`STRING`, `BIGINT`, `ARRAY<STRING>`), used in CAST(...) and error messages. */
  abstract get sqlName(): string;
  /** The compact form Spark uses in ReadSchema (`bigint`, `struct<a:int>`). */
  abstract get simpleString(): string;

  /** Structural equality: `ArrayType(StringType)` equals another `ArrayType(StringType)`. */
  sameType(other: DataType): boolean {
    return this.simpleString === other.simpleString;
  }

  toString(): string {
    return this.typeName;
  }
}

class AtomicType extends DataType {
  constructor(
    readonly typeName: string,
    readonly sqlName: string,
    readonly simpleString: string,
  ) {
    super();
  }
}

/** The type of `lit(null)`; implicitly castable to every other type. */
export const NullType: DataType = new AtomicType('void', 'VOID', 'void');
/** UTF-16 JavaScript strings. */
export const StringType: DataType = new AtomicType('string', 'STRING', 'string');
/** 32-bit signed integers; arithmetic wraps on overflow as Spark's non-ANSI mode does. */
export const IntegerType: DataType = new AtomicType('integer', 'INT', 'int');
/** 64-bit integers, held as JS numbers: exact up to 2^53 (Differs from Spark: no wrap at 2^63). */
export const LongType: DataType = new AtomicType('long', 'BIGINT', 'bigint');
/** IEEE 754 doubles. */
export const DoubleType: DataType = new AtomicType('double', 'DOUBLE', 'double');
/** true / false. */
export const BooleanType: DataType = new AtomicType('boolean', 'BOOLEAN', 'boolean');
/** An instant, held as epoch milliseconds (Differs from Spark: millisecond, not microsecond, precision). */
export const TimestampType: DataType = new AtomicType('timestamp', 'TIMESTAMP', 'timestamp');

/** True for the types arithmetic accepts. */
export function isNumeric(t: DataType): boolean {
  return t === IntegerType || t === LongType || t === DoubleType;
}

/** The position of a numeric type in the widening order int < long < double. */
export function numericPrecedence(t: DataType): number {
  return t === IntegerType ? 0 : t === LongType ? 1 : t === DoubleType ? 2 : -1;
}
