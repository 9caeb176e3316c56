/**
 * Between user rows (plain objects keyed by column name) and internal rows (arrays), and schema
 * inference for createDataFrame. Spark: catalyst/CatalystTypeConverters.scala and
 * SparkSession.createDataFrame's inference (PySpark `_infer_schema`).
 *
 * Inference: whole numbers are long and fractions double (a column with both is double),
 * Date is a timestamp, arrays and nested objects become array and struct types. Columns keep
 * the order in which their keys first appear. A column that is null in every row has no type.
 */
import type { InternalRow } from '../expressions/Expression.js';
import type { AttributeReference } from '../expressions/NamedExpression.js';
import { QueryErrors } from '../errors.js';
import { ArrayType } from '../types/ArrayType.js';
import { BooleanType, type DataType, DoubleType, LongType, NullType, StringType, TimestampType } from '../types/DataType.js';
import { StructField, StructType } from '../types/StructType.js';

function inferType(v: unknown): DataType {
  if (v === null || v === undefined) return NullType;
  if (typeof v === 'string') return StringType;
  if (typeof v === 'boolean') return BooleanType;
  if (typeof v === 'number') return Number.isInteger(v) ? LongType : DoubleType;
  if (v instanceof Date) return TimestampType;
  if (Array.isArray(v)) return new ArrayType(v.map(inferType).reduce(merge, NullType));
  if (typeof v === 'object') {
    const obj = v as Record<string, unknown>;
    return new StructType(Object.keys(obj).map((k) => new StructField(k, inferType(obj[k]))));
  }
  return StringType;
}

function merge(a: DataType, b: DataType): DataType {
  if (a.sameType(b) || b === NullType) return a;
  if (a === NullType) return b;
  if ((a === LongType && b === DoubleType) || (a === DoubleType && b === LongType)) return DoubleType;
  if (a instanceof StructType && b instanceof StructType) {
    const names = [...new Set([...a.fieldNames, ...b.fieldNames])];
    return new StructType(names.map((n) => {
      const fa = a.getField(n);
      const fb = b.getField(n);
      return new StructField(n, fa && fb ? merge(fa.dataType, fb.dataType) : (fa ?? fb)!.dataType);
    }));
  }
  if (a instanceof ArrayType && b instanceof ArrayType) return new ArrayType(merge(a.elementType, b.elementType));
  return StringType;
}

/**
 * The schema of `rows`.
 * @throws AnalysisException CANNOT_DETERMINE_TYPE for a column that is null in every row;
 *   CANNOT_INFER_EMPTY_SCHEMA for no rows.
 */
export function inferSchemaFromObjects(rows: readonly Record<string, unknown>[]): StructType {
  if (rows.length === 0) throw QueryErrors.cannotInferEmptySchema();
  const types = new Map<string, DataType>();
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) types.set(k, merge(types.get(k) ?? NullType, inferType(v)));
  }
  const fields = [...types].map(([name, t]) => {
    if (t === NullType) throw QueryErrors.cannotDetermineType(name);
    return new StructField(name, t);
  });
  return new StructType(fields);
}

/** A user value as the engine holds it: Dates become epoch ms, nested values converted by type. */
export function toInternalValue(v: unknown, type: DataType): unknown {
  if (v === null || v === undefined) return null;
  if (type === TimestampType && v instanceof Date) return v.getTime();
  if (type instanceof StructType && typeof v === 'object' && !Array.isArray(v)) {
    const obj = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const f of type.fields) out[f.name] = toInternalValue(obj[f.name], f.dataType);
    return out;
  }
  if (type instanceof ArrayType && Array.isArray(v)) return v.map((x) => toInternalValue(x, type.elementType));
  return v;
}

/** True for types whose values are held as they come (only undefined becomes null). */
function isHeldAsIs(type: DataType): boolean {
  return !(type === TimestampType || type instanceof StructType || type instanceof ArrayType);
}

/**
 * The JS expression reading column `name` of type `type` from the object row in variable `obj`
 * as an internal value (undefined becomes null, a Date timestamp its epoch ms), or undefined for
 * types converted by toInternalValue (structs, arrays). The converters and the generated scan of
 * object rows (objectRowScan.ts) both read columns through it, so the two agree.
 */
export function objectColumnRead(obj: string, name: string, type: DataType): string | undefined {
  const read = `${obj}[${JSON.stringify(name)}]`;
  if (type === TimestampType) return `(${read} instanceof Date ? ${read}.getTime() : (${read} ?? null))`;
  return isHeldAsIs(type) ? `(${read} ?? null)` : undefined;
}

/**
 * The layout a generated scan checks before reading object rows in place: the columns' names and
 * types, or undefined when a column needs toInternalValue (then the scan converts each row).
 */
export function objectRowLayout(fields: readonly { readonly name: string; readonly dataType: DataType }[]): string | undefined {
  if (!fields.every((f) => objectColumnRead('o', f.name, f.dataType) !== undefined)) return undefined;
  return fields.map((f) => `${JSON.stringify(f.name)}:${f.dataType.simpleString}`).join(',');
}

/** The layout of the object rows a converter made by rowConverter or valueOrObjectRowConverter reads. */
export function layoutOfConverter(convert: (row: unknown) => InternalRow): string | undefined {
  return converterLayouts.get(convert);
}

const converterLayouts = new WeakMap<(row: unknown) => InternalRow, string>();

function registerLayout(convert: (row: unknown) => InternalRow, schema: StructType): void {
  const layout = objectRowLayout(schema.fields);
  if (layout !== undefined) converterLayouts.set(convert, layout);
}

/** Converters of object rows by schema, built once per schema (every micro-batch converts its rows). */
const objectRowConverters = new WeakMap<StructType, (obj: Record<string, unknown>) => InternalRow>();

/**
 * A function from an object row to an internal row of `schema`: one array literal reading each
 * column, with toInternalValue called only for the columns that need converting. It replaces
 * a `schema.fields.map` per row, which allocated a closure and went through toInternalValue for
 * every value (7-10% of the yahoo benchmark's Structured profile).
 */
function objectRowConverter(schema: StructType): (obj: Record<string, unknown>) => InternalRow {
  let converter = objectRowConverters.get(schema);
  if (converter) return converter;
  const types = schema.fields.map((f) => f.dataType);
  const columns = schema.fields.map((f, i) => objectColumnRead('o', f.name, f.dataType) ?? `convert(o[${JSON.stringify(f.name)}], types[${i}])`);
  converter = new Function('convert', 'types', `return (o) => [${columns.join(', ')}];`)(toInternalValue, types) as (obj: Record<string, unknown>) => InternalRow;
  objectRowConverters.set(schema, converter);
  return converter;
}

/** One user row (an object keyed by column name, or a positional array) as an internal row of `schema`. */
export function rowConverter(schema: StructType): (row: unknown) => InternalRow {
  let converter = rowConverters.get(schema);
  if (converter) return converter;
  const fromObject = objectRowConverter(schema);
  converter = (row) => (Array.isArray(row) ? schema.fields.map((f, i) => toInternalValue(row[i], f.dataType)) : fromObject(row as Record<string, unknown>));
  rowConverters.set(schema, converter);
  registerLayout(converter, schema);
  return converter;
}

const rowConverters = new WeakMap<StructType, (row: unknown) => InternalRow>();

/** Object rows (or positional arrays) to internal rows of `schema`. */
export function toInternalRows(rows: readonly unknown[], schema: StructType): InternalRow[] {
  const convert = rowConverter(schema);
  const out = new Array<InternalRow>(rows.length);
  for (let r = 0; r < rows.length; r++) out[r] = convert(rows[r]);
  return out;
}

/**
 * A converter for rows as a MemoryStream holds them: plain objects by column name, and any other
 * value as the value of the schema's first column (`addData(1)` is the row `{value: 1}`).
 */
export function valueOrObjectRowConverter(schema: StructType): (row: unknown) => InternalRow {
  let converter = valueOrObjectConverters.get(schema);
  if (converter) return converter;
  const fromObject = objectRowConverter(schema);
  const first = schema.fieldNames[0] ?? 'value';
  converter = (row) => (typeof row === 'object' && row !== null && !Array.isArray(row) ? fromObject(row as Record<string, unknown>) : fromObject({ [first]: row }));
  valueOrObjectConverters.set(schema, converter);
  registerLayout(converter, schema);
  return converter;
}

const valueOrObjectConverters = new WeakMap<StructType, (row: unknown) => InternalRow>();

/** An internal row as the user sees it: an object keyed by column name (a later duplicate name wins). */
export function toExternalRow(row: InternalRow, output: readonly AttributeReference[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < output.length; i++) out[output[i]!.name] = row[i] ?? null;
  return out;
}

/**
 * toExternalRow for one output, built once: an object literal of the output's columns, so every
 * row has one shape from its creation (a continuous query converts each output row alone, where
 * the loop's keyed stores went through a megamorphic store per column). Same result as
 * toExternalRow, a later duplicate name winning.
 */
export function externalRowConverter(output: readonly AttributeReference[]): (row: InternalRow) => Record<string, unknown> {
  // A literal's "__proto__" key sets the prototype; such an output keeps the loop.
  if (output.some((a) => a.name === '__proto__')) return (row) => toExternalRow(row, output);
  return new Function(`return (r) => ({ ${output.map((a, i) => `${JSON.stringify(a.name)}: r[${i}] ?? null`).join(', ')} });`)() as (row: InternalRow) => Record<string, unknown>;
}
