/**
 * User-defined streaming source formats: a provider makes a Source from the reader's options, and
 * is found by its short name (`spark.readStream.format('clicks')`) once registered, or passed to
 * format() itself. Spark: sql/core/.../sources/interfaces.scala (StreamSourceProvider,
 * DataSourceRegister.shortName) and DataSource.lookupDataSource, which finds a provider by its
 * short name or its fully qualified class name.
 */
import { IllegalArgumentError } from '../../../shared/errors.js';
import type { SparkSession } from '../../SparkSession.js';
import type { StructType } from '../../types/StructType.js';
import type { PartitionedLog } from '../../../shared/index.js';
import type { Source } from './Source.js';

/** An option value: Spark's strings, numbers and booleans, or the PartitionedLog of the `log` format. */
export type StreamOptionValue = string | number | boolean | PartitionedLog;

/** What a provider is given when a DataFrame is loaded. */
export interface StreamSourceRequest {
  readonly session: SparkSession;
  /** The schema given with DataStreamReader.schema(), if any. */
  readonly schema: StructType | undefined;
  /** The options, keys lower-cased (options are case-insensitive, as in Spark). */
  readonly options: ReadonlyMap<string, StreamOptionValue>;
}

/** What a provider is given when a query starts. */
export interface StreamSourceCreation extends StreamSourceRequest {
  /** `<checkpoint>/sources/<index>`: where the source may keep its own files across restarts. */
  readonly metadataPath: string;
}

/**
 * A streaming source format. Spark's StreamSourceProvider with DataSourceRegister's shortName.
 *
 * Rows made on executors: give the Source planInputPartitions and createReaderFactory (with a
 * reader from definePartitionReader), and its partitions are read inside the tasks, on worker
 * threads too. A Source with getBatch only is read on the driver and its rows sent to the tasks.
 *
 * @example
 * registerStreamSourceProvider({
 *   shortName: 'counter',
 *   sourceSchema: () => new StructType().add('n', 'long', false),
 *   createSource: ({ options }) => new CounterSource(Number(options.get('rowsperbatch') ?? 10)),
 * });
 * const df = spark.readStream.format('counter').option('rowsPerBatch', 100).load();
 */
export interface StreamSourceProvider {
  /** The format name users pass to format(), matched case-insensitively. */
  readonly shortName: string;
  /**
   * The schema of the source's rows, when the DataFrame is loaded (bad options should fail here).
   * @throws whatever the provider throws for bad options; load() passes it on
   */
  sourceSchema(request: StreamSourceRequest): StructType;
  /** The live source of one query run; a source that must connect first resolves once connected. */
  createSource(creation: StreamSourceCreation): Source | Promise<Source>;
}

/** The format names built into DataStreamReader. */
export const STREAMING_SOURCE_FORMATS: readonly string[] = ['rate', 'rate-micro-batch', 'socket', 'text', 'json', 'csv', 'log', 'kafka'];

const providers = new Map<string, StreamSourceProvider>();

/**
 * Makes `provider` available to `spark.readStream.format(provider.shortName)` in this process.
 * Registering the same provider object again does nothing.
 * @throws IllegalArgumentError SOURCE_FORMAT_ALREADY_REGISTERED when the name is built in or belongs to another provider
 */
export function registerStreamSourceProvider(provider: StreamSourceProvider): void {
  const name = provider.shortName.toLowerCase();
  const existing = providers.get(name);
  if (existing === provider) return;
  if (existing !== undefined || STREAMING_SOURCE_FORMATS.includes(name)) {
    throw new IllegalArgumentError(
      'SOURCE_FORMAT_ALREADY_REGISTERED',
      `The streaming source format "${provider.shortName}" is already ${existing ? 'registered by another provider' : 'built in'}. `
        + 'Give the provider another shortName, or pass the provider object itself to spark.readStream.format(provider).',
    );
  }
  providers.set(name, provider);
}

/** The registered provider named `name` (lower-cased), if any. */
export function registeredStreamSourceProvider(name: string): StreamSourceProvider | undefined {
  return providers.get(name);
}

/** Every format name format() accepts: the built-in ones, then the registered ones in registration order. */
export function streamSourceFormats(): string[] {
  return [...STREAMING_SOURCE_FORMATS, ...providers.keys()];
}
