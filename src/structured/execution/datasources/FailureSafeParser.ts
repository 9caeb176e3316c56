/**
 * What the json and csv readers do with a malformed record, by Spark's parse modes, and where in
 * its file a record is. Spark: sql/catalyst/.../util/ParseMode.scala, FailureSafeParser.scala
 * and BadRecordException.scala.
 *
 * - PERMISSIVE (default): the record's fields that could not be read are null, and the raw line
 *   goes into the corrupt-record column when the schema has one (`_corrupt_record`, or the
 *   `columnNameOfCorruptRecord` option / `spark.sql.columnNameOfCorruptRecord`).
 * - DROPMALFORMED: the record is skipped.
 * - FAILFAST: the task fails with MALFORMED_RECORD_IN_PARSING naming the record, its file, line
 *   and byte offset (the scan adds the position: a parser only sees the line).
 */
import { readFileSync } from 'node:fs';
import { IllegalArgumentError } from '../../../shared/errors.js';
import { QueryErrors } from '../../errors.js';
import type { InternalRow } from '../../expressions/Expression.js';
import { StringType } from '../../types/DataType.js';
import { StructType } from '../../types/StructType.js';

/** Spark's parse modes. */
export const PARSE_MODES = ['PERMISSIVE', 'DROPMALFORMED', 'FAILFAST'] as const;
/** One of PARSE_MODES. */
export type ParseMode = (typeof PARSE_MODES)[number];

/** The default name of the corrupt-record column. */
export const DEFAULT_CORRUPT_RECORD_COLUMN = '_corrupt_record';

/** A line read against the data schema (the schema without the corrupt-record column). */
export interface ParsedRecord {
  /** One value per data field; null where the record had nothing usable. */
  readonly values: unknown[];
  /** The line is not a record of the format, or a value does not fit its column. */
  readonly isMalformed: boolean;
}

/** Thrown by a FAILFAST parser; the scan turns it into MALFORMED_RECORD_IN_PARSING with the record's position. */
export class MalformedRecordError extends Error {
  constructor(readonly record: string) {
    super(`Malformed record: ${record}`);
  }
}

/**
 * The parse mode of a reader's options (keys lower-cased).
 * @throws IllegalArgumentError INVALID_PARSE_MODE for another value (differs from Spark, which warns and uses PERMISSIVE)
 */
export function parseModeOf(options: Readonly<Record<string, string>>): ParseMode {
  const mode = (options['mode'] ?? 'PERMISSIVE').toUpperCase();
  if (!(PARSE_MODES as readonly string[]).includes(mode)) {
    throw new IllegalArgumentError('INVALID_PARSE_MODE', `The read option mode is '${options['mode']}', which is not a parse mode; use one of ${PARSE_MODES.join(', ')}.`);
  }
  return mode as ParseMode;
}

/** The corrupt-record column's name: the reader option, else the session conf, else `_corrupt_record`. */
export function corruptRecordColumnName(options: Readonly<Record<string, string>>, sessionConf: string | undefined): string {
  return options['columnnameofcorruptrecord'] ?? sessionConf ?? DEFAULT_CORRUPT_RECORD_COLUMN;
}

/**
 * The position of the corrupt-record column in `schema` (-1 without one) and the schema the
 * parser reads (without it).
 * @throws AnalysisException INVALID_CORRUPT_RECORD_COLUMN when the column is not a nullable string (Spark's check)
 */
export function splitCorruptColumn(schema: StructType, columnName: string): { corruptIndex: number; dataSchema: StructType } {
  const corruptIndex = schema.fields.findIndex((f) => f.name === columnName);
  if (corruptIndex < 0) return { corruptIndex, dataSchema: schema };
  const field = schema.fields[corruptIndex]!;
  if (!field.dataType.sameType(StringType) || !field.nullable) throw QueryErrors.invalidCorruptRecordColumn(columnName, field.dataType.simpleString);
  return { corruptIndex, dataSchema: new StructType(schema.fields.filter((_, i) => i !== corruptIndex)) };
}

/** Rows of the full schema from `parse`'s records, by `mode`; undefined for a line that gives no row. */
export function failureSafeParser(parse: (line: string) => ParsedRecord | undefined, mode: ParseMode, corruptIndex: number): (line: string) => InternalRow | undefined {
  const withCorrupt = (values: unknown[], corrupt: string | null) => (corruptIndex < 0 ? values : [...values.slice(0, corruptIndex), corrupt, ...values.slice(corruptIndex)]);
  return (line) => {
    const record = parse(line);
    if (record === undefined) return undefined;
    if (!record.isMalformed) return withCorrupt(record.values, null);
    if (mode === 'FAILFAST') throw new MalformedRecordError(line);
    if (mode === 'DROPMALFORMED') return undefined;
    return withCorrupt(record.values, line);
  };
}

/** Where a line is in its file: 1-based line number and the byte offset of its first byte. */
export interface LinePosition {
  readonly file: string;
  readonly lineNumber: number;
  readonly byteOffset: number;
}

/**
 * The position of the `index`-th line of a text split (the lines Hadoop's LineRecordReader gives:
 * those starting after `start`, or from 0 for the first split). Reads the file again, so it is
 * only for error messages.
 */
export function locateSplitLine(split: { readonly file: string; readonly start: number }, index: number): LinePosition {
  const bytes = readFileSync(split.file);
  let lineStart = 0;
  let lineNumber = 1;
  let seen = -1;
  while (lineStart < bytes.length) {
    if (split.start === 0 ? true : lineStart > split.start) seen++;
    if (seen === index) return { file: split.file, lineNumber, byteOffset: lineStart };
    const newline = bytes.indexOf(0x0a, lineStart);
    if (newline < 0) break;
    lineStart = newline + 1;
    lineNumber++;
  }
  return { file: split.file, lineNumber, byteOffset: lineStart };
}
