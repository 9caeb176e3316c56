/**
 * Starts a streaming query: `df.writeStream.format('memory').queryName('q').start()`.
 * Spark: sql/core/.../streaming/DataStreamWriter.scala.
 *
 * Sinks: memory (rows readable as `spark.table(queryName)`), console (Spark's `Batch: N` tables),
 * json and csv files (exactly-once through `<path>/_spark_metadata`), foreachBatch and foreach.
 */
import { randomUUID } from 'node:crypto';
import type { DataFrame } from '../DataFrame.js';
import type { SparkSession } from '../SparkSession.js';
import { OutputMode } from './OutputMode.js';
import type { TextOutput } from './sinks/ConsoleSink.js';
import type { ForeachWriter } from './sinks/ForeachWriter.js';
import type { Sink } from './sinks/Sink.js';
import { type ForeachBatchFunction, sinkFor, STREAMING_SINK_FORMATS } from './streamingSinkProviders.js';
import type { StreamingQuery } from './StreamingQuery.js';
import { StreamingQueryErrors } from './StreamingQueryErrors.js';
import { streamsOf } from './StreamingQueryManager.js';
import { Trigger } from './Trigger.js';

/**
 * A builder of a streaming query over a streaming DataFrame.
 *
 * @example
 * const query = counts.writeStream
 *   .outputMode('complete').format('memory').queryName('counts')
 *   .trigger(Trigger.ProcessingTime('1 second'))
 *   .option('checkpointLocation', '/tmp/ckpt')
 *   .start();
 */
export class DataStreamWriter {
  #format = 'memory';
  #outputMode: OutputMode = 'Append';
  #trigger: Trigger = Trigger.Default();
  #queryName: string | null = null;
  readonly #options = new Map<string, string>();
  #foreachBatch: ForeachBatchFunction | undefined;
  #foreachWriter: ForeachWriter | undefined;
  #sink: Sink | undefined;
  #consoleOutput: TextOutput | undefined;

  /** @throws AnalysisException WRITE_STREAM_NOT_ALLOWED for a batch DataFrame (Spark's message) */
  constructor(readonly df: DataFrame) {
    if (!df.isStreaming) throw StreamingQueryErrors.writeStreamOnBatch();
  }

  /** 'append' (default), 'update' or 'complete'. @throws IllegalArgumentError UNKNOWN_OUTPUT_MODE */
  outputMode(mode: string | OutputMode): this {
    this.#outputMode = OutputMode.fromString(mode);
    return this;
  }

  /** When batches run (default: the next as soon as the last ends and there is new data). */
  trigger(trigger: Trigger): this {
    this.#trigger = trigger;
    return this;
  }

  /** The query's name: unique among active queries; the memory sink's table name. */
  queryName(name: string): this {
    this.#queryName = name;
    return this;
  }

  /** The sink format: memory, console, json, csv (or foreach / foreachBatch through their methods). */
  format(source: string): this {
    this.#format = source.toLowerCase();
    return this;
  }

  /** One option (`checkpointLocation`, `path`, `numRows`, `truncate`, ...). */
  option(key: string, value: string | number | boolean): this {
    this.#options.set(key.toLowerCase(), String(value));
    return this;
  }

  /** Several options. */
  options(options: Record<string, string | number | boolean>): this {
    for (const [key, value] of Object.entries(options)) this.option(key, value);
    return this;
  }

  /** Calls `fn(batchDF, batchId)` for each micro-batch; batchDF is a batch DataFrame of that batch's output. */
  foreachBatch(fn: ForeachBatchFunction): this {
    this.#format = 'foreachbatch';
    this.#foreachBatch = fn;
    return this;
  }

  /** Hands each output row to `writer` (open, process, close per partition and batch). */
  foreach(writer: ForeachWriter): this {
    this.#format = 'foreach';
    this.#foreachWriter = writer;
    return this;
  }

  /** Where the console sink prints instead of stdout. Differs from Spark: Spark's console sink always prints to stdout. */
  consoleOutput(output: TextOutput): this {
    this.#consoleOutput = output;
    return this;
  }

  /** Writes to a sink object of your own (a test seam, like Spark's StreamTest passing its MemorySink). */
  sink(sink: Sink): this {
    this.#format = 'custom';
    this.#sink = sink;
    return this;
  }

  /**
   * Starts the query; `path` is the output directory of a file sink.
   * @throws AnalysisException MEMORY_SINK_NEEDS_NAME, CHECKPOINT_LOCATION_REQUIRED, CHECKPOINT_OF_ANOTHER_QUERY,
   *   CONTINUOUS_UNSUPPORTED_OPERATION and the stateful checks; IllegalArgumentError DUPLICATE_QUERY_NAME,
   *   UNSUPPORTED_STREAMING_FORMAT; IllegalStateError CONCURRENT_QUERY, CHECKPOINT_FILE_DAMAGED
   */
  start(path?: string): StreamingQuery {
    if (path !== undefined) this.option('path', path);
    const session: SparkSession = this.df.sparkSession;
    const checkpointLocation = this.#checkpointLocation(session);
    const sink = this.#sink ?? sinkFor(this.#format, {
      session,
      queryName: this.#queryName,
      options: this.#options,
      schema: this.df.schema,
      outputMode: this.#outputMode,
      foreachBatch: this.#foreachBatch,
      foreachWriter: this.#foreachWriter,
      consoleOutput: this.#consoleOutput,
    });
    if (!sink) throw StreamingQueryErrors.unknownFormat('writing', this.#format, STREAMING_SINK_FORMATS);
    return streamsOf(session).startQuery({
      session,
      name: this.#queryName,
      plan: this.df.analyzed,
      sink,
      trigger: this.#trigger,
      outputMode: this.#outputMode,
      checkpointLocation,
      foreachWriter: this.#foreachWriter,
    });
  }

  #checkpointLocation(session: SparkSession): string | undefined {
    const explicit = this.#options.get('checkpointlocation');
    if (explicit !== undefined) return explicit;
    const root = session.conf.get('spark.sql.streaming.checkpointLocation');
    if (root !== undefined) return `${root}/${this.#queryName ?? randomUUID()}`;
    if (this.#format === 'json' || this.#format === 'csv' || this.#format === 'text') throw StreamingQueryErrors.checkpointLocationRequired(this.#format);
    return undefined;
  }
}
