/**
 * CSV: one record per line, optional header, optional type inference.
 * Spark: sql/catalyst/.../csv/CSVInferSchema.scala and UnivocityParser.scala.
 *
 * Options: `header` (false), `inferSchema` (false: every column is a string), `sep` (`,`),
 * `quote` (`"`), `escape` (`\`), `nullValue` (empty), `mode` (PERMISSIVE; see FailureSafeParser.ts). Quoted fields may
 * contain the separator and doubled or escaped quotes, but not line breaks.
 */
import { castConverter } from '../../expressions/Cast.js';
import { stringToTimestamp } from '../../expressions/datetimeUtils.js';
import { BooleanType, type DataType, DoubleType, IntegerType, LongType, NullType, StringType, TimestampType } from '../../types/DataType.js';
import { StructField, StructType } from '../../types/StructType.js';
import type { ParsedRecord } from './FailureSafeParser.js';

/** The CSV options this reader understands, with Spark's defaults applied. */
export interface CsvOptions {
  readonly header: boolean;
  readonly inferSchema: boolean;
  readonly sep: string;
  readonly quote: string;
  readonly escape: string;
  readonly nullValue: string;
  readonly mode: string;
}

/** Options from the reader's string map. */
export function csvOptions(options: Readonly<Record<string, string>>): CsvOptions {
  const bool = (k: string) => (options[k] ?? 'false').toLowerCase() === 'true';
  return {
    header: bool('header'),
    inferSchema: bool('inferschema'),
    sep: options['sep'] ?? options['delimiter'] ?? ',',
    quote: options['quote'] ?? '"',
    escape: options['escape'] ?? '\\',
    nullValue: options['nullvalue'] ?? '',
    mode: (options['mode'] ?? 'PERMISSIVE').toUpperCase(),
  };
}

/** The fields of one CSV line; quoted fields keep separators, `""` and `\"` are quotes. */
export function splitCsvLine(line: string, o: CsvOptions): { value: string; quoted: boolean }[] {
  const fields: { value: string; quoted: boolean }[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    let quoted = false;
    if (line[i] === o.quote) {
      quoted = true;
      i++;
      while (i < line.length) {
        const ch = line[i]!;
        if (ch === o.escape && line[i + 1] === o.quote && o.escape !== o.quote) {
          value += o.quote;
          i += 2;
        } else if (ch === o.quote && line[i + 1] === o.quote) {
          value += o.quote;
          i += 2;
        } else if (ch === o.quote) {
          i++;
          break;
        } else {
          value += ch;
          i++;
        }
      }
      while (i < line.length && !line.startsWith(o.sep, i)) value += line[i++];
    } else {
      const next = line.indexOf(o.sep, i);
      value = next < 0 ? line.slice(i) : line.slice(i, next);
      i = next < 0 ? line.length : next;
    }
    fields.push({ value, quoted });
    if (!line.startsWith(o.sep, i)) return fields;
    i += o.sep.length;
  }
}

function inferField(value: string): DataType {
  if (/^[+-]?\d+$/.test(value)) {
    const n = Number(value);
    return n >= -2147483648 && n <= 2147483647 ? IntegerType : LongType;
  }
  if (/^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|NaN|Infinity)$/.test(value)) return DoubleType;
  if (/^(true|false)$/i.test(value)) return BooleanType;
  if (/\d:\d/.test(value) && stringToTimestamp(value) !== null) return TimestampType;
  return StringType;
}

const ORDER = [NullType, IntegerType, LongType, DoubleType];

function widen(a: DataType, b: DataType): DataType {
  if (a.sameType(b)) return a;
  if (a === NullType) return b;
  if (b === NullType) return a;
  const ia = ORDER.indexOf(a);
  const ib = ORDER.indexOf(b);
  if (ia >= 0 && ib >= 0) return ORDER[Math.max(ia, ib)]!;
  return StringType;
}

/** The schema of CSV `lines` (header first when `o.header`), or undefined for no lines. */
export function inferCsvSchema(lines: readonly string[], o: CsvOptions): StructType | undefined {
  const records = lines.filter((l) => l !== '').map((l) => splitCsvLine(l, o));
  if (records.length === 0) return undefined;
  const width = records[0]!.length;
  const names = o.header ? records[0]!.map((f, i) => f.value || `_c${i}`) : Array.from({ length: width }, (_, i) => `_c${i}`);
  const data = o.header ? records.slice(1) : records;
  const types = names.map((_, col) => {
    if (!o.inferSchema) return StringType;
    const t = data.reduce<DataType>((acc, r) => {
      const f = r[col];
      return f === undefined || (!f.quoted && f.value === o.nullValue) ? acc : widen(acc, inferField(f.value));
    }, NullType);
    return t === NullType ? StringType : t;
  });
  return new StructType(names.map((n, i) => new StructField(n, types[i]!)));
}

/**
 * A parser from CSV lines to values of `schema`; `headerLine` lines are skipped (one per file). A
 * line with another number of fields than the schema, or a value that does not convert to its
 * column's type, makes the record malformed (Spark's UnivocityParser).
 */
export function csvRecordParser(schema: StructType, o: CsvOptions, headerLine: string | undefined): (line: string) => ParsedRecord | undefined {
  const converters = schema.fields.map((f) => castConverter(StringType, f.dataType) ?? ((v: unknown) => v));
  return (line) => {
    if (line === '' || line === headerLine) return undefined;
    const fields = splitCsvLine(line, o);
    let isMalformed = fields.length !== schema.fields.length;
    const values = schema.fields.map((_, i) => {
      const f = fields[i];
      if (f === undefined || (!f.quoted && f.value === o.nullValue)) return null;
      const v = converters[i]!(f.value);
      if (v === null) isMalformed = true;
      return v;
    });
    return { values, isMalformed };
  };
}
