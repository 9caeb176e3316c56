/**
 * Builds streaming DataFrames from sources: `spark.readStream.format('rate').option(...).load()`.
 * Spark: sql/core/.../streaming/DataStreamReader.scala.
 *
 * Formats: rate, rate-micro-batch, socket, text, json, csv (a directory watched for new files),
 * `log` (alias `kafka`), the RDD core's partitioned log read with Kafka's option names, and the
 * formats of user providers (StreamSourceProvider.ts). The DataFrame's plan
 * holds a StreamingRelation; its source is created when a query starts, with its metadata in
 * `<checkpoint>/sources/<i>`.
 */
import { DataFrame } from '../DataFrame.js';
import { AttributeReference } from '../expressions/NamedExpression.js';
import type { SparkSession } from '../SparkSession.js';
import { parseSchemaDDL } from '../types/parseDataType.js';
import { StructType } from '../types/StructType.js';
import { StreamingRelation, type StreamingSourceProvider } from './runtime/StreamingRelation.js';
import { ensureStreamingRelationStrategy } from './runtime/StreamingRelationExec.js';
import { streamSourceFormats, type StreamOptionValue, type StreamSourceProvider } from './sources/StreamSourceProvider.js';
import { sourceProviderFor, type SourceRequest } from './streamingSourceProviders.js';
import { StreamingQueryErrors } from './StreamingQueryErrors.js';

export type { StreamOptionValue };

/**
 * A builder of streaming DataFrames.
 *
 * @example
 * const rates = spark.readStream.format('rate').option('rowsPerSecond', 10).load();
 * const fixed = spark.readStream.format('rate-micro-batch').option('rowsPerBatch', 100).load();
 * const lines = spark.readStream.schema('name STRING, age INT').json('/in');
 * const events = spark.readStream.format('log').option('log', log).option('subscribe', 'events').load();
 */
export class DataStreamReader {
  #format: string | StreamSourceProvider = '';
  #schema: StructType | undefined;
  readonly #options = new Map<string, StreamOptionValue>();

  constructor(readonly sparkSession: SparkSession) {}

  /**
   * The source format: rate, rate-micro-batch, socket, text, json, csv, log (or kafka), the short
   * name of a provider registered with registerStreamSourceProvider, or a provider itself (Spark's
   * `format("fully.qualified.ProviderClass")`).
   */
  format(source: string | StreamSourceProvider): this {
    this.#format = typeof source === 'string' ? source.toLowerCase() : source;
    return this;
  }

  /** The schema (required for json and csv), as a StructType or DDL (`'name STRING, age INT'`). */
  schema(schema: StructType | string): this {
    this.#schema = typeof schema === 'string' ? parseSchemaDDL(schema) : schema;
    return this;
  }

  /** One option; keys are case-insensitive, as in Spark. */
  option(key: string, value: StreamOptionValue): this {
    this.#options.set(key.toLowerCase(), value);
    return this;
  }

  /** Several options. */
  options(options: Record<string, StreamOptionValue>): this {
    for (const [key, value] of Object.entries(options)) this.option(key, value);
    return this;
  }

  /**
   * The streaming DataFrame of the chosen source; `path` is the directory of a file source. json
   * and csv sources take the batch readers' options, among them Spark's parse modes (`mode`:
   * PERMISSIVE, DROPMALFORMED, FAILFAST) and `columnNameOfCorruptRecord` (default
   * spark.sql.columnNameOfCorruptRecord, else `_corrupt_record`).
   * @throws IllegalArgumentError UNSUPPORTED_STREAMING_FORMAT, MISSING_OPTION, INVALID_OPTION, INVALID_PARSE_MODE, and
   *   the source's own checks (Spark's "Schema must be specified..." for json and csv without a schema)
   * @throws AnalysisException INVALID_CORRUPT_RECORD_COLUMN when that column is not a nullable string
   */
  load(path?: string): DataFrame {
    if (path !== undefined) this.option('path', path);
    if (this.#format === '') throw StreamingQueryErrors.missingOption('spark.readStream', 'format', ".format('rate')");
    const request: SourceRequest = { session: this.sparkSession, schema: this.#schema, options: new Map(this.#options) };
    const provider = sourceProviderFor(this.#format, request);
    if (!provider) throw StreamingQueryErrors.unknownFormat('reading', this.#format as string, streamSourceFormats());
    return streamingDataFrame(this.sparkSession, provider);
  }

  /** Text files added to `path`: one row per line, column `value`. */
  text(path: string): DataFrame {
    return this.format('text').load(path);
  }

  /** JSON Lines files added to `path` (a schema is required). */
  json(path: string): DataFrame {
    return this.format('json').load(path);
  }

  /** CSV files added to `path` (a schema is required). */
  csv(path: string): DataFrame {
    return this.format('csv').load(path);
  }
}

/** A streaming DataFrame reading `provider`, with fresh column ids from the session. */
export function streamingDataFrame(session: SparkSession, provider: StreamingSourceProvider): DataFrame {
  ensureStreamingRelationStrategy(session);
  const schema = provider.schema instanceof StructType ? provider.schema : new StructType([]);
  const output = schema.fields.map((f) => new AttributeReference(f.name, f.dataType, f.nullable, session.exprIds.next()));
  return new DataFrame(session, new StreamingRelation(provider, output));
}
