/**
 * Minimal readers of the text, JSON-lines and CSV files a streaming file source picks up. Spark:
 * sql/core/.../datasources/text/TextFileFormat.scala, json/JsonFileFormat.scala and
 * csv/CSVFileFormat.scala in PERMISSIVE mode (a value that does not fit its column becomes null).
 *
 * Differs from Spark: no multiLine records, no corrupt-record column, no schema inference; a CSV
 * field is quoted with `"` and a quote inside it is escaped as `\"` (Spark's default) or doubled. Callers with other needs pass their
 * own parser to FileStreamSource.
 */
import { stringToTimestamp } from '../../expressions/datetimeUtils.js';
import { ArrayType } from '../../types/ArrayType.js';
import { BooleanType, type DataType, DoubleType, IntegerType, LongType, StringType, TimestampType } from '../../types/DataType.js';
import { StructType } from '../../types/StructType.js';
import type { Row } from './Source.js';

/** The formats FileStreamSource reads without a parser from its caller. */
export type FileFormat = 'text' | 'json' | 'csv';

/** Turns one file's content into rows of `schema`. */
export type FileParser = (content: string, schema: StructType, file: string) => Row[];

/** CSV options, Spark's names and defaults. */
export interface CsvOptions {
  /** The first line of each file names the columns and is skipped (default false). */
  readonly header?: boolean;
  /** The field separator (default ','). */
  readonly sep?: string;
}

/** Lines split on \n, \r\n or \r; a final line ending does not make an empty last line. */
function splitLines(content: string): string[] {
  const lines = content.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Text: one row `{value: line}` per line. */
export const parseText: FileParser = (content, schema) => {
  const column = schema.fieldNames[0] ?? 'value';
  return splitLines(content).map((line) => ({ [column]: line }));
};

/** JSON lines: one object per non-blank line, fields cast to the schema; unparsable lines become all-null rows. */
export const parseJsonLines: FileParser = (content, schema) =>
  splitLines(content)
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = undefined;
      }
      return castStruct(parsed, schema);
    });

/** A CSV parser with the given options. */
export function csvParser(options: CsvOptions = {}): FileParser {
  const sep = options.sep ?? ',';
  return (content, schema) => {
    const lines = splitLines(content);
    if (options.header) lines.shift();
    return lines.map((line) => {
      const fields = splitCsvLine(line, sep);
      const row: Row = {};
      schema.fields.forEach((field, i) => {
        const text = fields[i];
        row[field.name] = text === undefined || (text.value === '' && !text.quoted) ? null : castText(text.value, field.dataType);
      });
      return row;
    });
  };
}

/** The built-in parser of a format. */
export function parserFor(format: FileFormat, csv?: CsvOptions): FileParser {
  return format === 'text' ? parseText : format === 'json' ? parseJsonLines : csvParser(csv);
}

function splitCsvLine(line: string, sep: string): { value: string; quoted: boolean }[] {
  const fields: { value: string; quoted: boolean }[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    let quoted = false;
    if (line[i] === '"') {
      quoted = true;
      i++;
      while (i < line.length) {
        if ((line[i] === '"' || line[i] === '\\') && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else {
          value += line[i++];
        }
      }
    }
    const next = line.indexOf(sep, i);
    value += next < 0 ? line.slice(i) : line.slice(i, next);
    fields.push({ value, quoted });
    if (next < 0) return fields;
    i = next + sep.length;
  }
}

function castText(text: string, type: DataType): unknown {
  if (type === StringType) return text;
  if (type === IntegerType || type === LongType) return /^[+-]?\d+$/.test(text.trim()) ? Number(text) : null;
  if (type === DoubleType) {
    const trimmed = text.trim();
    const n = Number(trimmed);
    return trimmed === '' || (Number.isNaN(n) && trimmed !== 'NaN') ? null : n;
  }
  if (type === BooleanType) return /^true$/i.test(text) ? true : /^false$/i.test(text) ? false : null;
  if (type === TimestampType) return stringToTimestamp(text);
  return null;
}

function castStruct(value: unknown, schema: StructType): Row {
  const obj = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const row: Row = {};
  for (const field of schema.fields) row[field.name] = castJson(obj[field.name], field.dataType);
  return row;
}

function castJson(value: unknown, type: DataType): unknown {
  if (value === undefined || value === null) return null;
  if (type === StringType) return typeof value === 'string' ? value : JSON.stringify(value);
  if (type === IntegerType || type === LongType) return typeof value === 'number' && Number.isInteger(value) ? value : null;
  if (type === DoubleType) return typeof value === 'number' ? value : null;
  if (type === BooleanType) return typeof value === 'boolean' ? value : null;
  if (type === TimestampType) return typeof value === 'string' ? stringToTimestamp(value) : null;
  if (type instanceof ArrayType) return Array.isArray(value) ? value.map((v) => castJson(v, type.elementType)) : null;
  if (type instanceof StructType) return typeof value === 'object' && !Array.isArray(value) ? castStruct(value, type) : null;
  return null;
}
