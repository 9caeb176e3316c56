/**
 * JSON Lines: one object per line, schema inferred from every record when not given.
 * Spark: sql/catalyst/.../json/JsonInferSchema.scala and JacksonParser.scala.
 *
 * Inference follows Spark: integers are long, other numbers double, objects become structs with
 * fields sorted by name, conflicting types widen (long + double = double) or fall back to
 * string, and a column that is null everywhere is a string.
 */
import { stringToTimestamp } from '../../expressions/datetimeUtils.js';
import { ArrayType } from '../../types/ArrayType.js';
import { BooleanType, type DataType, DoubleType, IntegerType, LongType, NullType, StringType, TimestampType } from '../../types/DataType.js';
import { StructField, StructType } from '../../types/StructType.js';
import type { ParsedRecord } from './FailureSafeParser.js';

function inferValue(v: unknown): DataType {
  if (v === null || v === undefined) return NullType;
  if (typeof v === 'boolean') return BooleanType;
  if (typeof v === 'number') return Number.isInteger(v) ? LongType : DoubleType;
  if (typeof v === 'string') return StringType;
  if (Array.isArray(v)) return new ArrayType(v.map(inferValue).reduce(mergeTypes, NullType));
  const obj = v as Record<string, unknown>;
  return new StructType(Object.keys(obj).sort().map((k) => new StructField(k, inferValue(obj[k]))));
}

/** Spark's compatibleType for JSON inference. */
export function mergeTypes(a: DataType, b: DataType): DataType {
  if (a.sameType(b)) return a;
  if (a === NullType) return b;
  if (b === NullType) return a;
  if ((a === LongType && b === DoubleType) || (a === DoubleType && b === LongType)) return DoubleType;
  if (a instanceof StructType && b instanceof StructType) {
    const names = [...new Set([...a.fieldNames, ...b.fieldNames])].sort();
    return new StructType(
      names.map((n) => {
        const fa = a.getField(n);
        const fb = b.getField(n);
        return new StructField(n, fa && fb ? mergeTypes(fa.dataType, fb.dataType) : (fa ?? fb)!.dataType);
      }),
    );
  }
  if (a instanceof ArrayType && b instanceof ArrayType) return new ArrayType(mergeTypes(a.elementType, b.elementType));
  return StringType;
}

function nullToString(t: DataType): DataType {
  if (t === NullType) return StringType;
  if (t instanceof ArrayType) return new ArrayType(nullToString(t.elementType));
  if (t instanceof StructType) return new StructType(t.fields.map((f) => new StructField(f.name, nullToString(f.dataType), f.nullable)));
  return t;
}

/**
 * The schema of JSON lines. Malformed lines add `corruptColumn` (a string column, in name order)
 * when given, as Spark's PERMISSIVE inference does; otherwise they are skipped.
 */
export function inferJsonSchema(lines: readonly string[], corruptColumn?: string): StructType | undefined {
  let merged: DataType = NullType;
  let seen = false;
  let malformed = false;
  for (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as unknown;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        malformed = true;
        continue;
      }
      merged = mergeTypes(merged, inferValue(value));
      seen = true;
    } catch {
      malformed = true;
    }
  }
  if (malformed && corruptColumn !== undefined) {
    const fields = seen ? (nullToString(merged) as StructType).fields.filter((f) => f.name !== corruptColumn) : [];
    return new StructType([...fields, new StructField(corruptColumn, StringType)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  }
  return seen ? (nullToString(merged) as StructType) : undefined;
}

/** A JSON value converted to `type`; null when it does not fit (Spark nulls the field). */
export function convertJson(v: unknown, type: DataType): unknown {
  if (v === null || v === undefined) return null;
  if (type === StringType) return typeof v === 'string' ? v : JSON.stringify(v);
  if (type === LongType || type === IntegerType) return typeof v === 'number' && Number.isInteger(v) ? v : null;
  if (type === DoubleType) return typeof v === 'number' ? v : typeof v === 'string' && /^(NaN|[+-]?Infinity)$/.test(v) ? Number(v) : null;
  if (type === BooleanType) return typeof v === 'boolean' ? v : null;
  if (type === TimestampType) return typeof v === 'string' ? stringToTimestamp(v) : typeof v === 'number' ? Math.trunc(v * 1000) : null;
  if (type instanceof ArrayType) return Array.isArray(v) ? v.map((x) => convertJson(x, type.elementType)) : null;
  if (type instanceof StructType) {
    if (typeof v !== 'object' || Array.isArray(v)) return null;
    const obj = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const f of type.fields) out[f.name] = convertJson(obj[f.name], f.dataType);
    return out;
  }
  return null;
}

/**
 * A parser from JSON lines to values of `schema`: a line that is not a JSON object, or a value
 * that does not fit its column, makes the record malformed (Spark's JacksonParser raises
 * BadRecordException with the fields it could read). Blank lines give nothing.
 */
export function jsonRecordParser(schema: StructType): (line: string) => ParsedRecord | undefined {
  return (line) => {
    if (line.trim() === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { values: schema.fields.map(() => null), isMalformed: true };
    const obj = value as Record<string, unknown>;
    let isMalformed = false;
    const values = schema.fields.map((f) => {
      const raw = obj[f.name];
      const converted = convertJson(raw, f.dataType);
      if (converted === null && raw !== null && raw !== undefined) isMalformed = true;
      return converted;
    });
    return { values, isMalformed };
  };
}
