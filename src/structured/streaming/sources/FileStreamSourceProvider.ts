/**
 * Turns `spark.readStream.format('json' | 'csv' | 'text')` options into the provider of a
 * FileStreamSource, checking them at load() as Spark's DataSource.sourceSchema does. Spark:
 * sql/core/.../execution/datasources/DataSource.scala (createSource for FileFormat) and the
 * reader options of JSONOptions / CSVOptions.
 */
import { PartitionedLog } from '../../../shared/index.js';
import { corruptRecordColumnName } from '../../execution/datasources/FailureSafeParser.js';
import type { StreamingSourceProvider } from '../runtime/StreamingRelation.js';
import type { SourceRequest } from '../streamingSourceProviders.js';
import { SourceErrors } from '../streamingErrors.js';
import { StreamingQueryErrors } from '../StreamingQueryErrors.js';
import type { FileFormat } from './fileFormats.js';
import { FileStreamSource, type FileStreamSourceOptions } from './FileStreamSource.js';

/** Options the file source itself reads; every other string option goes to the format's reader. */
const SOURCE_OPTIONS = new Set(['path', 'maxfilespertrigger', 'latestfirst']);

/**
 * The provider of a file source of `format`. Everything a source would refuse (no schema, a
 * missing directory, an unknown parse mode, a corrupt-record column that is not a nullable
 * string, a bad maxFilesPerTrigger) is refused here, at load().
 * @throws IllegalArgumentError MISSING_OPTION, INVALID_OPTION, INVALID_PARSE_MODE, STREAMING_SOURCE_SCHEMA_NOT_SPECIFIED
 * @throws AnalysisException PATH_NOT_FOUND, TEXT_SOURCE_SCHEMA, INVALID_CORRUPT_RECORD_COLUMN
 */
export function fileStreamSourceProvider(format: FileFormat, request: SourceRequest): StreamingSourceProvider {
  const option = (key: string): string | undefined => {
    const value = request.options.get(key);
    return value === undefined || value instanceof PartitionedLog ? undefined : String(value);
  };
  const dir = option('path');
  if (dir === undefined) throw StreamingQueryErrors.missingOption(`The ${format} file source`, 'path', `.${format}('/input/dir')`);
  const readerOptions: Record<string, string> = {};
  for (const key of request.options.keys()) {
    const value = option(key);
    if (value !== undefined && !SOURCE_OPTIONS.has(key)) readerOptions[key] = value;
  }
  if (format !== 'text') {
    readerOptions['columnnameofcorruptrecord'] = corruptRecordColumnName(readerOptions, request.session.conf.get('spark.sql.columnNameOfCorruptRecord'));
  }
  const maxFiles = option('maxfilespertrigger');
  const maxFilesPerTrigger = maxFiles === undefined ? undefined : Number(maxFiles);
  if (maxFiles !== undefined && (maxFiles.trim() === '' || !Number.isFinite(maxFilesPerTrigger))) {
    throw SourceErrors.invalidOption(`the ${format} file source`, 'maxfilespertrigger', maxFiles, 'it must be a number');
  }
  const base: Omit<FileStreamSourceOptions, 'metadataPath'> = {
    path: dir,
    format,
    ...(request.schema ? { schema: request.schema } : {}),
    maxFilesPerTrigger,
    latestFirst: option('latestfirst')?.toLowerCase() === 'true',
    readerOptions,
  };
  // Checks the schema, the directory and the reader options now; the real source logs to the checkpoint.
  const probeDir = `${dir}/.twinstream-probe-never-written`;
  const schema = new FileStreamSource({ ...base, metadataPath: probeDir }).schema;
  return { sourceName: format, schema, continuousRead: false, createSource: (metadataPath) => new FileStreamSource({ ...base, metadataPath }) };
}
