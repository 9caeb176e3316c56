/**
 * Every error message of the streaming runtime (checkpoint logs, state store, sources, sinks,
 * triggers), written once. Spark: sql/core/.../errors/QueryExecutionErrors.scala,
 * StateStoreErrors.scala and the messages inlined in execution/streaming/*.scala.
 *
 * Each message says what went wrong, why, and how to fix it, with the file, operator, offset or
 * option involved. Where Spark's wording is fixed by a test or a well-known message (the schema of
 * a streaming file source, Kafka's data-loss instructions) the wording is Spark's.
 */
import { AnalysisException, IllegalArgumentError, IllegalStateError } from '../../shared/errors.js';

const RESTART_ADVICE =
  'Restore it from a backup or delete the checkpoint directory to start over (losing the query\'s progress).';

/** Spark's instruction when failOnDataLoss is true (connector/kafka-0-10-sql/.../KafkaSource.scala). */
const FAIL_ON_DATA_LOSS_TRUE =
  'Some data may have been lost because they are not available in Kafka any more; either the data was aged out '
  + 'by Kafka or the topic may have been deleted before all the data in the topic was processed. If you don\'t want '
  + 'your streaming query to fail on such cases, set the source option "failOnDataLoss" to "false".';

/** Errors of checkpoint files: metadata logs, the query id file and the run lock. */
export const CheckpointErrors = {
  /** A log or metadata file that cannot be read back: truncated, not JSON, or missing its version line. */
  damagedFile(logName: string, file: string, reason: string): IllegalStateError {
    return new IllegalStateError('CHECKPOINT_FILE_DAMAGED', `The ${logName} file ${file} is damaged: ${reason}. ${RESTART_ADVICE}`);
  },

  /** A checkpoint with batches in its offset log but no metadata file: the query id is gone. */
  metadataMissing(file: string, offsetsDir: string): IllegalStateError {
    return new IllegalStateError(
      'CHECKPOINT_METADATA_MISSING',
      `The checkpoint metadata file ${file} is missing, but ${offsetsDir} holds batches: the checkpoint lost the id of the `
        + 'query that wrote it, and starting would give the query a new id over old progress. Restore the file from a backup '
        + '(it is {"id":"<query id>"}), or delete the checkpoint directory to start over (losing the query\'s progress).',
    );
  },

  /** A file whose version line is newer than this build reads (Spark's UnsupportedLogVersion). */
  unsupportedVersion(logName: string, file: string, found: number, maxSupported: number): IllegalStateError {
    return new IllegalStateError(
      'CHECKPOINT_FILE_DAMAGED',
      `The ${logName} file ${file} is damaged: its version line says v${found}, but this version of twinstream `
        + `reads only up to v${maxSupported} (the file was written by a newer version). Upgrade twinstream, or `
        + RESTART_ADVICE.charAt(0).toLowerCase() + RESTART_ADVICE.slice(1),
    );
  },

  /** getRange found holes in the batch ids it was asked for. */
  missingBatches(logName: string, dir: string, missing: readonly number[]): IllegalStateError {
    return new IllegalStateError(
      'CHECKPOINT_LOG_GAP',
      `The ${logName} in ${dir} is missing batch ${missing.length === 1 ? 'id' : 'ids'} ${missing.join(', ')}: `
        + 'batch files are written in order and only purge() removes them, so a file was deleted by hand. '
        + RESTART_ADVICE,
    );
  },

  /** A batch id that is not a non-negative integer. */
  invalidBatchId(logName: string, batchId: number): IllegalArgumentError {
    return new IllegalArgumentError(
      'CHECKPOINT_INVALID_BATCH_ID',
      `Invalid batch id ${batchId} for the ${logName}: batch ids are non-negative integers (0, 1, 2, ...).`,
    );
  },

  /** A second run of a query on a checkpoint that another run holds. */
  concurrentRun(checkpointDir: string, otherRunId: string, lockFile: string): IllegalStateError {
    return new IllegalStateError(
      'CONCURRENT_QUERY',
      `Cannot start a query on checkpoint ${checkpointDir}: another run (runId ${otherRunId}) is already active on it, `
        + `as its lock file ${lockFile} shows. Two runs on one checkpoint would write the same batches. Stop the other `
        + 'run first, or give this query its own checkpointLocation. If no other run exists (it was killed), delete '
        + `${lockFile}.`,
    );
  },
};

/** Errors of the versioned state store. */
export const StateStoreErrors = {
  /** A delta, snapshot or schema file that cannot be read back. */
  damagedFile(file: string, reason: string): IllegalStateError {
    return new IllegalStateError(
      'CANNOT_LOAD_STATE_STORE',
      `[CANNOT_LOAD_STATE_STORE] The state file ${file} is damaged: ${reason}. ${RESTART_ADVICE}`,
    );
  },

  /** A version asked for that no file can rebuild. */
  versionNotFound(storeDir: string, version: number, missingFile: string): IllegalStateError {
    return new IllegalStateError(
      'CANNOT_LOAD_STATE_STORE',
      `[CANNOT_LOAD_STATE_STORE] Cannot load version ${version} of the state store in ${storeDir}: ${missingFile} `
        + 'does not exist and no snapshot covers it. If the query was restarted with a new or changed stateful '
        + 'operation, use a new checkpoint location or clear the existing one.',
    );
  },

  /** put/remove/commit on a store that was already committed or aborted. */
  notUpdatable(storeId: string, version: number, operation: string, state: string): IllegalStateError {
    return new IllegalStateError(
      'STATE_STORE_NOT_UPDATABLE',
      `Cannot ${operation} on state store ${storeId} version ${version}: it was already ${state}. Load a new `
        + 'store with provider.getStore(version) for the next batch.',
    );
  },

  /** A key or value that JSON cannot hold exactly. */
  notJson(storeId: string, what: 'key' | 'value', reason: string): IllegalArgumentError {
    return new IllegalArgumentError(
      'STATE_STORE_NOT_JSON',
      `Cannot put a ${what} into state store ${storeId}: state is stored as JSON and this ${what} is not JSON (${reason}). `
        + 'Use plain objects, arrays, strings, finite numbers, booleans or null.',
    );
  },

  /**
   * The key/value schema differs from the one written when the operator first ran (Spark's
   * StateSchemaNotCompatible); `storeName` names a store other than the default (a join side),
   * `nullability` says the refusal is a field stored as not nullable that became nullable.
   */
  schemaNotCompatible(
    operatorId: number,
    schemaFile: string,
    existing: { key: string; value: string },
    provided: { key: string; value: string },
    detail: { readonly storeName?: string; readonly nullability?: boolean } = {},
  ): IllegalStateError {
    const store = detail.storeName === undefined || detail.storeName === 'default' ? '' : ` (state store "${detail.storeName}")`;
    const rule = detail.nullability
      ? 'Field names may differ; the number of fields and their types may not, and a field stored as not null may not '
        + 'become nullable (state written from now on could hold nulls where the stored schema promises none).'
      : 'Field names may differ; the number of fields and their types may not.';
    return new IllegalStateError(
      'STATE_SCHEMA_NOT_COMPATIBLE',
      `[STATE_SCHEMA_NOT_COMPATIBLE] StateSchemaNotCompatible: the state schema of operator ${operatorId}${store} does not `
        + `match the schema stored in ${schemaFile}. ${rule}`
        + `\n- Provided key schema: ${provided.key}\n- Provided value schema: ${provided.value}\n`
        + `- Existing key schema: ${existing.key}\n- Existing value schema: ${existing.value}\n`
        + 'Restore the query\'s previous stateful operations, or start from a new checkpoint location.',
    );
  },

  /** A restart that asks for another number of state partitions than the first run used. */
  numPartitionsChanged(checkpointDir: string, stored: number, requested: number): IllegalArgumentError {
    return new IllegalArgumentError(
      'STATE_PARTITIONS_CHANGED',
      `The checkpoint ${checkpointDir} was written with ${stored} state partitions (spark.sql.shuffle.partitions), `
        + `but this run asks for ${requested}. Stateful operators keep their state per partition, so the number is `
        + `fixed by the first run. Set spark.sql.shuffle.partitions to ${stored} (or leave it unset), or start from a `
        + 'new checkpoint location.',
    );
  },
};

/** Errors of streaming sources. */
export const SourceErrors = {
  /** Spark's message for a streaming file source (json, csv) created without a schema. */
  schemaNotSpecified(): IllegalArgumentError {
    return new IllegalArgumentError(
      'STREAMING_SOURCE_SCHEMA_NOT_SPECIFIED',
      'Schema must be specified when creating a streaming source DataFrame. If some files already exist in the '
        + 'directory, then depending on the file format you may be able to create a static DataFrame on that '
        + 'directory with \'spark.read.load(directory)\' and infer schema from it.',
    );
  },

  /** A streaming file source on a directory that does not exist. */
  pathNotFound(dir: string): AnalysisException {
    return new AnalysisException(
      'PATH_NOT_FOUND',
      `[PATH_NOT_FOUND] Path does not exist: ${dir}. Create the directory before starting the query; files added to it later are picked up.`,
    );
  },

  /** The text format reads one string column; any other schema is refused, as Spark's text source does. */
  textSchema(fieldCount: string): AnalysisException {
    return new AnalysisException(
      'TEXT_SOURCE_SCHEMA',
      `Text data source supports only a single column of type string, and the schema given has ${fieldCount}. `
        + 'Leave the schema out (the column is called "value"), or use the csv or json format.',
    );
  },

  /** An option or setting outside its range; `component` is "the rate source", "the state store". */
  invalidOption(component: string, option: string, value: unknown, expected: string): IllegalArgumentError {
    return new IllegalArgumentError(
      'INVALID_OPTION',
      `Invalid value ${JSON.stringify(value)} for "${option}" of ${component}: ${expected}.`,
    );
  },

  /** An offset of the wrong shape for its source (an offset log from another query, or edited by hand). */
  invalidOffset(source: string, offset: unknown, expected: string): IllegalArgumentError {
    return new IllegalArgumentError(
      'INVALID_OFFSET',
      `${source} cannot read offset ${JSON.stringify(offset)}: its offsets are ${expected}. The offset log may belong `
        + 'to another query; give this query its own checkpoint location.',
    );
  },

  /** getBatch asked for data a source has already dropped (committed) or never had. */
  offsetOutOfRange(source: string, detail: string): IllegalStateError {
    return new IllegalStateError('SOURCE_OFFSET_OUT_OF_RANGE', `${source}: ${detail}`);
  },

  /** The text socket source could not connect. */
  socketConnectFailed(host: string, port: number, reason: string): IllegalStateError {
    return new IllegalStateError(
      'SOCKET_SOURCE_CONNECT_FAILED',
      `The socket source cannot connect to ${host}:${port}: ${reason}. Start the server first (for example `
        + `\`nc -lk ${port}\`) or fix the host and port options.`,
    );
  },

  /** Kafka-style data loss with failOnDataLoss=true: the records a batch needs were truncated away. */
  dataLoss(detail: string): IllegalStateError {
    return new IllegalStateError('KAFKA_DATA_LOSS', `${detail}. ${FAIL_ON_DATA_LOSS_TRUE}`);
  },

  /** startingOffsets given as JSON must name every partition of the topic (Spark's KafkaOffsetReader check). */
  startingOffsetsPartitions(topic: string, specified: readonly number[], assigned: readonly number[]): IllegalArgumentError {
    const names = (ps: readonly number[]): string => `[${ps.map((p) => `${topic}-${p}`).join(', ')}]`;
    return new IllegalArgumentError(
      'INVALID_STARTING_OFFSETS',
      'If startingOffsets contains specific offsets, you must specify all TopicPartitions. Use -1 for latest, -2 '
        + `for earliest. Specified: ${names(specified)} Assigned: ${names(assigned)}`,
    );
  },

  /** startingOffsets that is neither earliest, latest nor a JSON object of offsets. */
  startingOffsetsInvalid(value: string, topic: string): IllegalArgumentError {
    return new IllegalArgumentError(
      'INVALID_STARTING_OFFSETS',
      `Invalid startingOffsets ${JSON.stringify(value)}: use "earliest", "latest", or JSON such as `
        + `{"${topic}":{"0":23,"1":-2}} (-2 means earliest and -1 latest for that partition).`,
    );
  },
};

/** Errors of streaming sinks. */
export const SinkErrors = {
  /** Spark's message when writeStream.format('memory') has no queryName: the table has no name to be queried by. */
  memorySinkQueryName(): AnalysisException {
    return new AnalysisException(
      'MEMORY_SINK_QUERY_NAME',
      'queryName must be specified for memory sink. Call writeStream.queryName("name") so the output can be read with spark.table("name").',
    );
  },

  /** A file sink format this build does not write. */
  unsupportedFormat(format: string): IllegalArgumentError {
    return new IllegalArgumentError(
      'UNSUPPORTED_SINK_FORMAT',
      `The file sink cannot write format "${format}": use "json", "csv" or "text".`,
    );
  },
};

/** Errors of triggers, output modes and watermark policy settings. */
export const TriggerErrors = {
  /** Spark's require() in ProcessingTimeTrigger. */
  negativeInterval(intervalMs: number): IllegalArgumentError {
    return new IllegalArgumentError(
      'INVALID_TRIGGER_INTERVAL',
      `the interval of trigger should not be negative (got ${intervalMs} ms). Use 0 to run batches back to back.`,
    );
  },

  /** An interval string that is not `<number> <unit>` pairs. */
  unparsableInterval(interval: string): IllegalArgumentError {
    return new IllegalArgumentError(
      'INVALID_TRIGGER_INTERVAL',
      `Cannot parse the interval '${interval}': write one or more "<number> <unit>" pairs, such as '10 seconds', `
        + '\'1 minute 30 seconds\' or \'interval 500 milliseconds\'; units: week, day, hour, minute, second, '
        + 'millisecond, microsecond (singular or plural).',
    );
  },

  /** Spark's message for month and year intervals, which have no fixed length. */
  monthInterval(interval: string): IllegalArgumentError {
    return new IllegalArgumentError(
      'INVALID_TRIGGER_INTERVAL',
      `Doesn't support month or year interval: ${interval}. A month has no fixed number of milliseconds; use days or weeks.`,
    );
  },

  /** Spark's message for an unknown output mode name. */
  unknownOutputMode(name: string): IllegalArgumentError {
    return new IllegalArgumentError(
      'UNKNOWN_OUTPUT_MODE',
      `Unknown output mode ${name}. Accepted output modes are 'append', 'complete', 'update'`,
    );
  },

  /** Spark's message for an unknown spark.sql.streaming.multipleWatermarkPolicy. */
  unknownWatermarkPolicy(name: string): IllegalArgumentError {
    return new IllegalArgumentError(
      'UNKNOWN_WATERMARK_POLICY',
      `Could not recognize watermark policy '${name}': spark.sql.streaming.multipleWatermarkPolicy accepts 'min' (the default) or 'max'.`,
    );
  },

  /** An observation from a watermark operator the tracker was not built with (Spark's IllegalStateException). */
  unknownWatermarkOperator(operatorId: string, known: readonly string[]): IllegalStateError {
    return new IllegalStateError(
      'UNKNOWN_WATERMARK_OPERATOR',
      `Unknown watermark node ID: ${operatorId}, known IDs: [${known.join(',')}]. The tracker must be built with the `
        + 'ids of every withWatermark operator of the plan it tracks.',
    );
  },
};
