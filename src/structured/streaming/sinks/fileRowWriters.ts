/**
 * How the file sink writes rows: JSON lines, CSV and text as Spark's writers print them. Spark:
 * sql/catalyst/.../json/JacksonGenerator.scala and csv/UnivocityGenerator.scala with default
 * options: null JSON fields left out, timestamps as `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` in UTC
 * (`2024-01-02T03:04:05.000Z`), doubles as Java prints them (`1.0`), CSV nulls as empty fields,
 * CSV empty strings as `""`, and a CSV field quoted when it holds the separator, a quote or a
 * line break, with inner quotes escaped as `\"`.
 */
import { ArrayType } from '../../types/ArrayType.js';
import { DoubleType, type DataType, TimestampType } from '../../types/DataType.js';
import { javaDoubleToString } from '../../types/formatValue.js';
import { StructType } from '../../types/StructType.js';
import type { Row } from '../sources/Source.js';

/** The formats the file sink writes. */
export type SinkFileFormat = 'json' | 'csv' | 'text';

/** CSV writer options, Spark's names. */
export interface CsvWriteOptions {
  /** Write the column names as the first line of each file (default false). */
  readonly header?: boolean;
  readonly sep?: string;
}

/** Spark's default JSON/CSV timestamp text. */
export function formatIsoTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** One JSON object per row, fields in schema order, nulls left out. */
export function jsonLine(row: Row, schema: StructType): string {
  return jsonValue(row, schema);
}

function jsonValue(value: unknown, type: DataType): string {
  if (type instanceof StructType) {
    const obj = value as Row;
    const fields = type.fields
      .filter((f) => obj[f.name] !== null && obj[f.name] !== undefined)
      .map((f) => `${JSON.stringify(f.name)}:${jsonValue(obj[f.name], f.dataType)}`);
    return `{${fields.join(',')}}`;
  }
  if (value === null || value === undefined) return 'null';
  if (type instanceof ArrayType) return `[${(value as unknown[]).map((v) => jsonValue(v, type.elementType)).join(',')}]`;
  if (type === TimestampType) return JSON.stringify(formatIsoTimestamp(value as number));
  if (type === DoubleType) {
    const d = value as number;
    return Number.isFinite(d) ? javaDoubleToString(d) : JSON.stringify(javaDoubleToString(d));
  }
  return JSON.stringify(value) ?? 'null';
}

/** One CSV line per row. */
export function csvLine(row: Row, schema: StructType, sep = ','): string {
  return schema.fields.map((f) => csvField(row[f.name], f.dataType, sep)).join(sep);
}

/** The header line of a CSV file. */
export function csvHeader(schema: StructType, sep = ','): string {
  return schema.fields.map((f) => csvField(f.name, f.dataType, sep)).join(sep);
}

function csvField(value: unknown, type: DataType, sep: string): string {
  if (value === null || value === undefined) return '';
  const text = type === TimestampType ? formatIsoTimestamp(value as number)
    : type === DoubleType ? javaDoubleToString(value as number)
      : typeof value === 'string' ? value : JSON.stringify(value);
  if (text === '') return '""';
  const needsQuotes = text.includes(sep) || text.includes('"') || /[\r\n]/.test(text);
  return needsQuotes ? `"${text.replace(/"/g, '\\"')}"` : text;
}

/** The content of one output file for `rows`, each line ended with a newline. */
export function encodeRows(rows: readonly Row[], schema: StructType, format: SinkFileFormat, csv: CsvWriteOptions = {}): string {
  const lines = format === 'json' ? rows.map((r) => jsonLine(r, schema))
    : format === 'csv' ? rows.map((r) => csvLine(r, schema, csv.sep))
      : rows.map((r) => String(r[schema.fields[0]!.name] ?? ''));
  if (format === 'csv' && csv.header) lines.unshift(csvHeader(schema, csv.sep));
  return lines.map((l) => `${l}\n`).join('');
}

/** The file extension Spark gives each format. */
export function extensionOf(format: SinkFileFormat): string {
  return format === 'text' ? 'txt' : format;
}
