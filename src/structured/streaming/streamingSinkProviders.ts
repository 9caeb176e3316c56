/**
 * The sink formats of DataStreamWriter, and the memory tables they register for
 * `spark.table(queryName)`. Spark: sql/core/.../execution/datasources/DataSource.scala (createSink)
 * and DataStreamWriter.startInternal.
 */
import type { DataFrame } from '../DataFrame.js';
import { toInternalRows } from '../execution/rowConversion.js';
import { AttributeReference } from '../expressions/NamedExpression.js';
import { LocalRelation } from '../plan/logical/LocalRelation.js';
import type { SparkSession } from '../SparkSession.js';
import type { StructType } from '../types/StructType.js';
import { ConsoleSink, type TextOutput } from './sinks/ConsoleSink.js';
import { FileStreamSink } from './sinks/FileStreamSink.js';
import { ForeachBatchSink } from './sinks/ForeachBatchSink.js';
import { type ForeachWriter, ForeachWriterSink } from './sinks/ForeachWriter.js';
import { MemorySink } from './sinks/MemorySink.js';
import type { Sink } from './sinks/Sink.js';
import type { OutputMode } from './OutputMode.js';
import { StreamingQueryErrors } from './StreamingQueryErrors.js';

/** The function of foreachBatch: the batch's output as a batch DataFrame, and the batch id. */
export type ForeachBatchFunction = (batch: DataFrame, batchId: number) => void | Promise<void>;

/** What a sink factory gets from the writer. */
export interface SinkRequest {
  readonly session: SparkSession;
  readonly queryName: string | null;
  /** Lower-cased keys. */
  readonly options: ReadonlyMap<string, string>;
  readonly schema: StructType;
  readonly outputMode: OutputMode;
  readonly foreachBatch: ForeachBatchFunction | undefined;
  readonly foreachWriter: ForeachWriter | undefined;
  /** Where the console sink prints (stdout by default). */
  readonly consoleOutput: TextOutput | undefined;
}

/** The format names DataStreamWriter knows. */
export const STREAMING_SINK_FORMATS: readonly string[] = ['memory', 'console', 'json', 'csv', 'text', 'foreach', 'foreachBatch'];

/**
 * Registers `sink` as the temporary view `name` of `session`: each `spark.table(name)` reads the
 * rows the sink holds at that moment (Spark's memory sink registers a temp view too).
 */
export function registerMemoryTable(session: SparkSession, name: string, sink: MemorySink): void {
  session.catalog.createTempView(name, () => {
    const output = sink.schema.fields.map((f) => new AttributeReference(f.name, f.dataType, f.nullable, session.exprIds.next()));
    return new LocalRelation(output, toInternalRows(sink.allData, sink.schema));
  }, true);
}

/** The sink for `format`, or undefined for an unknown one. */
export function sinkFor(format: string, request: SinkRequest): Sink | undefined {
  const { schema, options } = request;
  switch (format) {
    case 'memory': {
      if (request.queryName === null) throw StreamingQueryErrors.memorySinkNeedsName();
      const sink = new MemorySink({ schema, outputMode: request.outputMode, queryName: request.queryName });
      registerMemoryTable(request.session, request.queryName, sink);
      return sink;
    }
    case 'console':
      return new ConsoleSink({
        schema,
        numRows: Number(options.get('numrows') ?? 20),
        truncate: (options.get('truncate') ?? 'true').toLowerCase() !== 'false',
        ...(request.consoleOutput ? { output: request.consoleOutput } : {}),
      });
    case 'json':
    case 'csv':
    case 'text': {
      const path = options.get('path');
      if (path === undefined) throw StreamingQueryErrors.missingOption(`The ${format} file sink`, 'path', ".start('/output/dir')");
      const csv = { header: options.get('header')?.toLowerCase() === 'true', ...(options.has('sep') ? { sep: options.get('sep') } : {}) };
      return new FileStreamSink({ path, format, schema, csv });
    }
    case 'foreachbatch': {
      const fn = request.foreachBatch!;
      // The batch DataFrame is a table over the plan's internal rows: no row is converted to an
      // object and back (~2.4 us a row, up to 200 rows a yahoo micro-batch).
      return new ForeachBatchSink<DataFrame>(fn, (partitions) => request.session.createDataFrame(partitions.flat(), schema),
        (partitions) => request.session.internalRowsDataFrame(partitions.flat(), schema));
    }
    case 'foreach':
      return new ForeachWriterSink(request.foreachWriter!);
    default:
      return undefined;
  }
}
