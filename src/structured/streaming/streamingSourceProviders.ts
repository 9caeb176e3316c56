/**
 * The source formats of DataStreamReader: each turns reader options into a provider that makes
 * the live source when a query starts. Spark: sql/core/.../execution/datasources/DataSource.scala
 * (sourceSchema / createSource) and the providers' option parsing (RateStreamProvider,
 * RatePerMicroBatchProvider, TextSocketSourceProvider, FileStreamSource, KafkaSourceProvider).
 * Formats not built in come from providers users registered (StreamSourceProvider.ts).
 */
import { PartitionedLog } from '../../shared/index.js';
import { StructType } from '../types/StructType.js';
import { fileStreamSourceProvider } from './sources/FileStreamSourceProvider.js';
import { LogSource, type LogSourceOptions } from './sources/LogSource.js';
import { RatePerMicroBatchSource } from './sources/RatePerMicroBatchSource.js';
import { RateSource } from './sources/RateSource.js';
import { registeredStreamSourceProvider, type StreamSourceProvider, type StreamSourceRequest } from './sources/StreamSourceProvider.js';
import { TextSocketSource } from './sources/TextSocketSource.js';
import { SourceErrors } from './streamingErrors.js';
import { StreamingQueryErrors } from './StreamingQueryErrors.js';
import type { StreamingSourceProvider } from './runtime/StreamingRelation.js';

/** What a format's factory gets from the reader. */
export type SourceRequest = StreamSourceRequest;

/**
 * The provider of `format` (a built-in name, a registered provider's short name, or a provider
 * itself), or undefined for an unknown format. A registered name never shadows a built-in one.
 */
export function sourceProviderFor(format: string | StreamSourceProvider, request: SourceRequest): StreamingSourceProvider | undefined {
  if (typeof format !== 'string') return userProvider(format, request);
  switch (format) {
    case 'rate':
      return rateProvider(request);
    case 'rate-micro-batch':
      return ratePerMicroBatchProvider(request);
    case 'socket':
      return socketProvider(request);
    case 'text':
    case 'json':
    case 'csv':
      return fileStreamSourceProvider(format, request);
    case 'log':
    case 'kafka':
      return logProvider(format, request);
    default: {
      const registered = registeredStreamSourceProvider(format);
      return registered ? userProvider(registered, request) : undefined;
    }
  }
}

/** A user's provider (Spark's DataSource over a StreamSourceProvider): its schema now, its source when a query starts. */
function userProvider(provider: StreamSourceProvider, request: SourceRequest): StreamingSourceProvider {
  const schema = provider.sourceSchema(request);
  return { sourceName: provider.shortName, schema, createSource: (metadataPath) => provider.createSource({ ...request, metadataPath }) };
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

function ratePerMicroBatchProvider(request: SourceRequest): StreamingSourceProvider {
  const component = 'the rate-micro-batch source';
  const rowsPerBatch = numberOption(request, 'rowsperbatch', component);
  if (rowsPerBatch === undefined) throw StreamingQueryErrors.missingOption('The rate-micro-batch source', 'rowsPerBatch', ".option('rowsPerBatch', 100)");
  const options = {
    rowsPerBatch,
    numPartitions: numberOption(request, 'numpartitions', component) ?? request.session.sparkContext.defaultParallelism,
    startTimestamp: numberOption(request, 'starttimestamp', component),
    advanceMillisPerBatch: numberOption(request, 'advancemillisperbatch', component),
  };
  // Built once now so bad options fail at load(), as Spark's RatePerMicroBatchProvider checks them.
  const schema = new RatePerMicroBatchSource(options).schema;
  // Spark's RatePerMicroBatchTable reads micro-batches only: it always has a next batch, so it is no stream of arriving records.
  return { sourceName: 'rate-micro-batch', schema, continuousRead: false, createSource: () => new RatePerMicroBatchSource(options) };
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
