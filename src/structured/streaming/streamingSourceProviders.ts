/**
 * The source formats of DataStreamReader: each turns reader options into a provider that makes
 * the live source when a query starts. Spark: sql/core/.../execution/datasources/DataSource.scala
 * (sourceSchema / createSource) and the providers' option parsing (RateStreamProvider,
 * TextSocketSourceProvider, FileStreamSource, KafkaSourceProvider).
 */
import { PartitionedLog } from '../../shared/index.js';
import type { SparkSession } from '../SparkSession.js';
import { StructType } from '../types/StructType.js';
import type { StreamOptionValue } from './DataStreamReader.js';
import { fileStreamSourceProvider } from './sources/FileStreamSourceProvider.js';
import { LogSource, type LogSourceOptions } from './sources/LogSource.js';
import { RateSource } from './sources/RateSource.js';
import { TextSocketSource } from './sources/TextSocketSource.js';
import { SourceErrors } from './streamingErrors.js';
import { StreamingQueryErrors } from './StreamingQueryErrors.js';
import type { StreamingSourceProvider } from './runtime/StreamingRelation.js';

/** What a format's factory gets from the reader. */
export interface SourceRequest {
  readonly session: SparkSession;
  readonly schema: StructType | undefined;
  /** Lower-cased keys. */
  readonly options: ReadonlyMap<string, StreamOptionValue>;
}

/** The format names DataStreamReader knows. */
export const STREAMING_SOURCE_FORMATS: readonly string[] = ['rate', 'socket', 'text', 'json', 'csv', 'log', 'kafka'];

/** The provider of `format`, or undefined for an unknown format. */
export function sourceProviderFor(format: string, request: SourceRequest): StreamingSourceProvider | undefined {
  switch (format) {
    case 'rate':
      return rateProvider(request);
    case 'socket':
      return socketProvider(request);
    case 'text':
    case 'json':
    case 'csv':
      return fileStreamSourceProvider(format, request);
    case 'log':
    case 'kafka':
      return logProvider(format, request);
    default:
      return undefined;
  }
}

function stringOption(request: SourceRequest, key: string): string | undefined {
  const value = request.options.get(key);
  return value === undefined ? undefined : String(value);
}

function numberOption(request: SourceRequest, key: string, component: string): number | undefined {
  const raw = stringOption(request, key);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw SourceErrors.invalidOption(component, key, raw, 'it must be a number');
  return value;
}

function booleanOption(request: SourceRequest, key: string): boolean | undefined {
  const raw = stringOption(request, key);
  return raw === undefined ? undefined : raw.toLowerCase() === 'true';
}

function rateProvider(request: SourceRequest): StreamingSourceProvider {
  const clock = request.session.sparkContext.clock;
  const options = {
    rowsPerSecond: numberOption(request, 'rowspersecond', 'the rate source'),
    rampUpTimeSeconds: numberOption(request, 'rampuptime', 'the rate source'),
    numPartitions: numberOption(request, 'numpartitions', 'the rate source'),
    clock,
  };
  // Built once now so bad options fail at load(), as Spark's RateStreamProvider checks them.
  const schema = new RateSource(options).schema;
  return { sourceName: 'rate', schema, createSource: (metadataPath) => new RateSource({ ...options, metadataPath }) };
}

function socketProvider(request: SourceRequest): StreamingSourceProvider {
  const host = stringOption(request, 'host');
  const port = numberOption(request, 'port', 'the socket source');
  if (host === undefined) throw StreamingQueryErrors.missingOption('The socket source', 'host', ".option('host', 'localhost')");
  if (port === undefined) throw StreamingQueryErrors.missingOption('The socket source', 'port', ".option('port', 9999)");
  const includeTimestamp = booleanOption(request, 'includetimestamp') ?? false;
  const schema = includeTimestamp
    ? new StructType().add('value', 'string').add('timestamp', 'timestamp')
    : new StructType().add('value', 'string');
  const numPartitions = numberOption(request, 'numpartitions', 'the socket source');
  const clock = request.session.sparkContext.clock;
  return {
    sourceName: 'socket',
    schema,
    createSource: () => TextSocketSource.open({ host, port, includeTimestamp, clock, ...(numPartitions ? { numPartitions } : {}) }),
  };
}

function logProvider(format: string, request: SourceRequest): StreamingSourceProvider {
  const logOption = request.options.get('log');
  const dir = stringOption(request, 'path');
  const log = logOption instanceof PartitionedLog ? logOption : dir !== undefined ? PartitionedLog.open(dir) : undefined;
  if (!log) throw StreamingQueryErrors.missingOption(`The ${format} source`, 'log', ".option('log', partitionedLog) or .option('path', logDir)");
  const subscribe = stringOption(request, 'subscribe');
  if (subscribe === undefined) throw StreamingQueryErrors.missingOption(`The ${format} source`, 'subscribe', ".option('subscribe', 'events')");
  const options: LogSourceOptions = {
    log,
    subscribe,
    startingOffsets: stringOption(request, 'startingoffsets'),
    maxOffsetsPerTrigger: numberOption(request, 'maxoffsetspertrigger', `the ${format} source`),
    failOnDataLoss: booleanOption(request, 'failondataloss'),
    recordIsMessage: booleanOption(request, 'recordismessage'),
    ...(stringOption(request, 'valuetype') ? { valueType: stringOption(request, 'valuetype') } : {}),
  };
  const schema = new LogSource(options).schema;
  return { sourceName: format, schema, createSource: (metadataPath) => new LogSource({ ...options, metadataPath }) };
}
