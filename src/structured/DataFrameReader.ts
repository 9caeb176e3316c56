/**
 * Loads batch DataFrames from files: json (one object per line), csv, text.
 * Spark: sql/core/.../DataFrameReader.scala.
 *
 * Without a schema, json and csv read the files once on the driver to infer one, as Spark runs
 * an inference job first; text always has a single string column `value`.
 */
import { QueryErrors } from './errors.js';
import { csvOptions, inferCsvSchema } from './execution/datasources/CsvFormat.js';
import { inferJsonSchema } from './execution/datasources/JsonFormat.js';
import { corruptRecordColumnName, parseModeOf, splitCorruptColumn } from './execution/datasources/FailureSafeParser.js';
import { listFiles, readAllLines } from './execution/datasources/listFiles.js';
import { AttributeReference } from './expressions/NamedExpression.js';
import { FileRelation, type FileFormatName } from './plan/logical/FileRelation.js';
import { DataFrame } from './DataFrame.js';
import type { SparkSession } from './SparkSession.js';
import { StringType } from './types/DataType.js';
import { parseSchemaDDL } from './types/parseDataType.js';
import { StructField, StructType } from './types/StructType.js';
import { IllegalArgumentError } from '../shared/errors.js';

/** Builder for a file read: `spark.read.schema(s).option('header', true).csv(path)`. */
export class DataFrameReader {
  #format: FileFormatName = 'json';
  #schema: StructType | undefined;
  readonly #options: Record<string, string> = {};

  constructor(readonly sparkSession: SparkSession) {}

  /**
   * The input format: 'json', 'csv' or 'text'.
   * @throws IllegalArgumentError for another format.
   */
  format(source: string): this {
    const f = source.toLowerCase();
    if (f !== 'json' && f !== 'csv' && f !== 'text') {
      throw new IllegalArgumentError('UNSUPPORTED_DATA_SOURCE', `Unsupported data source '${source}'; use 'json', 'csv' or 'text'.`);
    }
    this.#format = f;
    return this;
  }

  /** The schema to read with (a StructType or DDL like `'name STRING, age BIGINT'`), skipping inference. */
  schema(schema: StructType | string): this {
    this.#schema = typeof schema === 'string' ? parseSchemaDDL(schema) : schema;
    return this;
  }

  /** One option; keys are case-insensitive (`header`, `inferSchema`, `sep`, `mode`, `nullValue`). */
  option(key: string, value: string | number | boolean): this {
    this.#options[key.toLowerCase()] = String(value);
    return this;
  }

  options(options: Record<string, string | number | boolean>): this {
    for (const [k, v] of Object.entries(options)) this.option(k, v);
    return this;
  }

  /**
   * Reads `paths` in the chosen format. json and csv take Spark's parse modes (`mode`: PERMISSIVE,
   * DROPMALFORMED, FAILFAST) and put malformed lines in the corrupt-record column when the schema has
   * one (`columnNameOfCorruptRecord`, default spark.sql.columnNameOfCorruptRecord or `_corrupt_record`;
   * inferred json schemas get it when a line is malformed).
   * @throws AnalysisException PATH_NOT_FOUND, UNABLE_TO_INFER_SCHEMA, INVALID_CORRUPT_RECORD_COLUMN;
   *   IllegalArgumentError INVALID_PARSE_MODE. All before any task reads data.
   */
  load(...paths: string[]): DataFrame {
    for (const p of paths) listFiles(p);
    const options = { ...this.#options };
    if (this.#format !== 'text') {
      parseModeOf(options);
      options['columnnameofcorruptrecord'] = corruptRecordColumnName(options, this.sparkSession.conf.get('spark.sql.columnNameOfCorruptRecord'));
    }
    const schema = this.#schema ?? this.#infer(paths, options);
    if (this.#format !== 'text') splitCorruptColumn(schema, options['columnnameofcorruptrecord']!);
    const ids = this.sparkSession.exprIds;
    const output = schema.fields.map((f) => new AttributeReference(f.name, f.dataType, f.nullable, ids.next()));
    return new DataFrame(this.sparkSession, new FileRelation(this.#format, paths, schema, options, output));
  }

  /** JSON Lines files. */
  json(...paths: string[]): DataFrame {
    return this.format('json').load(...paths);
  }

  /** CSV files. */
  csv(...paths: string[]): DataFrame {
    return this.format('csv').load(...paths);
  }

  /** Text files: one row per line, in a string column `value`. */
  text(...paths: string[]): DataFrame {
    this.#format = 'text';
    this.#schema = new StructType([new StructField('value', StringType)]);
    return this.load(...paths);
  }

  #infer(paths: string[], options: Readonly<Record<string, string>>): StructType {
    const lines = readAllLines(paths);
    const corruptColumn = parseModeOf(options) === 'PERMISSIVE' ? options['columnnameofcorruptrecord'] : undefined;
    const schema = this.#format === 'json' ? inferJsonSchema(lines, corruptColumn) : inferCsvSchema(lines, csvOptions(options));
    if (!schema) throw QueryErrors.unableToInferSchema(this.#format, paths.join(', '));
    return schema;
  }
}
