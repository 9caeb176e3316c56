/**
 * The readers of the text, JSON-lines and CSV files a streaming file source picks up: the batch
 * readers' record parsers and parse modes (execution/datasources), applied to one whole file.
 * Spark: sql/core/.../datasources/text/TextFileFormat.scala, json/JsonFileFormat.scala and
 * csv/CSVFileFormat.scala, which a file stream reads through as its batch reader does.
 *
 * json and csv take Spark's `mode` (PERMISSIVE, DROPMALFORMED, FAILFAST) and
 * `columnNameOfCorruptRecord`, with the batch reader's rules (FailureSafeParser.ts); csv takes
 * `header` (the first line of each file is skipped), `sep`, `quote`, `escape` and `nullValue`.
 * Differs from Spark: no multiLine records, no schema inference (a file stream needs a schema).
 */
import { QueryErrors } from '../../errors.js';
import { csvOptions, csvRecordParser } from '../../execution/datasources/CsvFormat.js';
import {
  failureSafeParser,
  MalformedRecordError,
  type ParsedRecord,
  parseModeOf,
  splitCorruptColumn,
} from '../../execution/datasources/FailureSafeParser.js';
import { jsonRecordParser } from '../../execution/datasources/JsonFormat.js';
import type { InternalRow } from '../../expressions/Expression.js';
import { StringType } from '../../types/DataType.js';
import { StructType } from '../../types/StructType.js';
import { SourceErrors } from '../streamingErrors.js';
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

/** What reading one file gave: its rows, and how many malformed records it met (kept or dropped). */
export interface FileReadResult {
  readonly rows: Row[];
  readonly numMalformedRecords: number;
  readonly numMalformedRecordsDropped: number;
}

/** A reader of whole files of one schema; `file` is a local path, named in FAILFAST errors. */
export type FileRecordReader = (content: string, file: string) => FileReadResult;

/** Lines split on \n, \r\n or \r; a final line ending does not make an empty last line. */
function splitLines(content: string): string[] {
  const lines = content.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The 1-based line number and byte offset of the `index`-th line of `content` (only for error messages). */
function linePosition(content: string, index: number): { lineNumber: number; byteOffset: number } {
  const breaks = /\r\n|\r|\n/g;
  let byteOffset = 0;
  let start = 0;
  for (let i = 0; i < index; i++) {
    const match = breaks.exec(content);
    if (!match) break;
    byteOffset += Buffer.byteLength(content.slice(start, match.index + match[0].length));
    start = match.index + match[0].length;
  }
  return { lineNumber: index + 1, byteOffset };
}

/**
 * The reader of `format` for `schema`, by the reader options (keys lower-cased, Spark's names).
 * @throws IllegalArgumentError INVALID_PARSE_MODE for a mode that is not one of Spark's three
 * @throws AnalysisException INVALID_CORRUPT_RECORD_COLUMN when the corrupt-record column is not a nullable string
 */
export function fileRecordReader(format: FileFormat, schema: StructType, options: Readonly<Record<string, string>>): FileRecordReader {
  if (format === 'text') {
    const column = schema.fieldNames[0] ?? 'value';
    return (content) => ({ rows: splitLines(content).map((line) => ({ [column]: line })), numMalformedRecords: 0, numMalformedRecordsDropped: 0 });
  }
  const mode = parseModeOf(options);
  const { corruptIndex, dataSchema } = splitCorruptColumn(schema, options['columnnameofcorruptrecord'] ?? '_corrupt_record');
  const csv = csvOptions(options);
  const names = schema.fieldNames;
  return (content, file) => {
    const lines = splitLines(content);
    const first = format === 'csv' && csv.header ? 1 : 0;
    let numMalformedRecords = 0;
    const counting = (parse: (line: string) => ParsedRecord | undefined) => (line: string) => {
      const record = parse(line);
      if (record?.isMalformed) numMalformedRecords++;
      return record;
    };
    const parseLine = failureSafeParser(
      counting(format === 'json' ? jsonRecordParser(dataSchema) : csvRecordParser(dataSchema, csv, undefined)),
      mode,
      corruptIndex,
    );
    const rows: Row[] = [];
    for (let i = first; i < lines.length; i++) {
      let values: InternalRow | undefined;
      try {
        values = parseLine(lines[i]!);
      } catch (error) {
        if (!(error instanceof MalformedRecordError)) throw error;
        throw QueryErrors.malformedRecord(format, lines[i]!, { file, ...linePosition(content, i) });
      }
      if (values === undefined) continue;
      const row: Row = {};
      for (let c = 0; c < names.length; c++) row[names[c]!] = values[c];
      rows.push(row);
    }
    const numMalformedRecordsDropped = mode === 'DROPMALFORMED' ? numMalformedRecords : 0;
    return { rows, numMalformedRecords, numMalformedRecordsDropped };
  };
}

/**
 * The schema a file source of `format` reads: text has one string column (`value` by default);
 * json and csv need the user's schema.
 * @throws IllegalArgumentError STREAMING_SOURCE_SCHEMA_NOT_SPECIFIED (Spark's message) for json or csv without a schema
 * @throws AnalysisException TEXT_SOURCE_SCHEMA for a text schema that is not one string column
 */
export function resolveFileSchema(format: FileFormat, schema: StructType | undefined): StructType {
  if (format === 'text') {
    const text = schema ?? new StructType().add('value', 'string');
    if (text.fields.length !== 1 || !text.fields[0]!.dataType.sameType(StringType)) {
      throw SourceErrors.textSchema(`${text.fields.length} column(s): ${text.simpleString}`);
    }
    return text;
  }
  if (!schema) throw SourceErrors.schemaNotSpecified();
  return schema;
}

/**
 * The reader of a file source: the caller's `parse` when given (no parse modes then), else the
 * format's reader with the reader options and the `csv` ones.
 */
export function fileSourceReader(
  source: { readonly format: FileFormat; readonly parse?: FileParser; readonly csv?: CsvOptions; readonly readerOptions?: Readonly<Record<string, string>> },
  schema: StructType,
): FileRecordReader {
  const custom = source.parse;
  if (custom) return (content, file) => ({ rows: custom(content, schema, file), numMalformedRecords: 0, numMalformedRecordsDropped: 0 });
  return fileRecordReader(source.format, schema, { ...source.readerOptions, ...csvReaderOptions(source.csv ?? {}) });
}

/** JSON lines in PERMISSIVE mode: one object per non-blank line, fields converted to the schema, null where they do not fit. */
export const parseJsonLines: FileParser = (content, schema, file) => fileRecordReader('json', schema, {})(content, file).rows;

/** A CSV parser with the given options, in PERMISSIVE mode. */
export function csvParser(options: CsvOptions = {}): FileParser {
  const readerOptions = csvReaderOptions(options);
  return (content, schema, file) => fileRecordReader('csv', schema, readerOptions)(content, file).rows;
}

/** The reader-option form (lower-cased keys, strings) of CsvOptions. */
export function csvReaderOptions(options: CsvOptions): Record<string, string> {
  return {
    ...(options.header !== undefined ? { header: String(options.header) } : {}),
    ...(options.sep !== undefined ? { sep: options.sep } : {}),
  };
}
