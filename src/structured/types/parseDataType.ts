/**
 * Type names and DDL schema strings to DataTypes. Spark: sql/catalyst/.../parser/DataTypeParser
 * (the `CAST(x AS int)`, `.add('a', 'long')` and `schema('a INT, b STRING')` forms).
 */
import { IllegalArgumentError } from '../../shared/errors.js';
import { ArrayType } from './ArrayType.js';
import {
  BooleanType,
  type DataType,
  DoubleType,
  IntegerType,
  LongType,
  NullType,
  StringType,
  TimestampType,
} from './DataType.js';
import { StructField, StructType } from './StructType.js';

const ATOMIC: Record<string, DataType> = {
  string: StringType,
  varchar: StringType,
  int: IntegerType,
  integer: IntegerType,
  long: LongType,
  bigint: LongType,
  double: DoubleType,
  float: DoubleType,
  boolean: BooleanType,
  bool: BooleanType,
  timestamp: TimestampType,
  void: NullType,
};

/** Every name `parseDataType` accepts, for error messages. */
export const SUPPORTED_TYPE_NAMES = 'string, int, integer, long, bigint, double, boolean, timestamp, array<T>, struct<name:T,...>';

/**
 * The DataType a name denotes: 'int', 'BIGINT', 'array<string>', 'struct<a:int,b:string>'.
 * @throws IllegalArgumentError (UNSUPPORTED_DATATYPE) for an unknown name.
 */
export function parseDataType(name: string): DataType {
  const text = name.trim();
  const lower = text.toLowerCase();
  const atomic = ATOMIC[lower];
  if (atomic) return atomic;
  if (lower.startsWith('array<') && lower.endsWith('>')) return new ArrayType(parseDataType(text.slice(6, -1)));
  if (lower.startsWith('struct<') && lower.endsWith('>')) {
    const fields = splitTopLevel(text.slice(7, -1)).map((part) => {
      const colon = part.indexOf(':');
      if (colon < 0) throw unsupported(name);
      return new StructField(part.slice(0, colon).trim(), parseDataType(part.slice(colon + 1)));
    });
    return new StructType(fields);
  }
  throw unsupported(name);
}

/**
 * A schema from a DDL string: `'name STRING, age BIGINT'`.
 * @throws IllegalArgumentError (UNSUPPORTED_DATATYPE) for an unknown type name.
 */
export function parseSchemaDDL(ddl: string): StructType {
  const fields = splitTopLevel(ddl).map((part) => {
    const trimmed = part.trim();
    const space = trimmed.search(/\s/);
    if (space < 0) throw unsupported(ddl);
    return new StructField(trimmed.slice(0, space).replace(/`/g, ''), parseDataType(trimmed.slice(space + 1)));
  });
  return new StructType(fields);
}

/** Splits on commas that are not inside `<...>`. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '<') depth++;
    else if (ch === '>') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (text.slice(start).trim() !== '') parts.push(text.slice(start));
  return parts;
}

function unsupported(name: string): IllegalArgumentError {
  return new IllegalArgumentError(
    'UNSUPPORTED_DATATYPE',
    `[UNSUPPORTED_DATATYPE] Unsupported data type "${name}". Use one of: ${SUPPORTED_TYPE_NAMES}.`,
  );
}
