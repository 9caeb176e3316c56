/**
 * Every error message of streaming query execution (reader, writer, query lifecycle, restarts),
 * written once. Spark: sql/core/.../errors/QueryCompilationErrors.scala, QueryExecutionErrors.scala
 * and the messages of DataStreamReader/Writer, StreamingQueryManager and StreamExecution.
 *
 * Where Spark's wording is well known (writeStream.start(), continuous processing, the memory
 * sink's query name) it is kept, then followed by what to do.
 */
import { AnalysisException, IllegalArgumentError, IllegalStateError, StreamingQueryException } from '../../shared/errors.js';

/** Errors of streaming queries. */
export const StreamingQueryErrors = {
  /** A batch action (collect, count, show) on a streaming DataFrame. Spark's wording first. */
  batchActionOnStream(planString: string): AnalysisException {
    return new AnalysisException(
      'STREAMING_QUERY_WITHOUT_WRITESTREAM',
      'Queries with streaming sources must be executed with writeStream.start(); a streaming DataFrame has no end, so '
        + 'collect(), count() and show() cannot finish. Start it with df.writeStream...start() (use the memory sink and '
        + `spark.table(queryName) to inspect results), or read the data with spark.read for a batch query.\n${planString}`,
    );
  },

  /** df.writeStream on a batch DataFrame. */
  writeStreamOnBatch(): AnalysisException {
    return new AnalysisException(
      'WRITE_STREAM_NOT_ALLOWED',
      "'writeStream' can be called only on streaming Dataset/DataFrame. This DataFrame reads no streaming source; "
        + 'use df.write for a batch write, or build it from spark.readStream.',
    );
  },

  /** A format DataStreamReader or DataStreamWriter does not know. */
  unknownFormat(kind: 'reading' | 'writing', format: string, known: readonly string[]): IllegalArgumentError {
    return new IllegalArgumentError(
      'UNSUPPORTED_STREAMING_FORMAT',
      `Data source ${format} does not support streamed ${kind}. Available formats: ${known.join(', ')}.`,
    );
  },

  /** A required option is missing. */
  missingOption(component: string, option: string, example: string): IllegalArgumentError {
    return new IllegalArgumentError('MISSING_OPTION', `${component} needs the option "${option}", for example ${example}.`);
  },

  /** The memory sink without a query name. Spark's wording. */
  memorySinkNeedsName(): AnalysisException {
    return new AnalysisException(
      'MEMORY_SINK_NEEDS_NAME',
      'queryName must be specified for memory sink: the sink\'s rows are read back as spark.table(queryName). Add .queryName("...").',
    );
  },

  /** A sink that keeps data across restarts needs a checkpoint. Spark's wording. */
  checkpointLocationRequired(sink: string): AnalysisException {
    return new AnalysisException(
      'CHECKPOINT_LOCATION_REQUIRED',
      'checkpointLocation must be specified either through option("checkpointLocation", ...) or '
        + `SparkSession.conf.set("spark.sql.streaming.checkpointLocation", ...): the ${sink} sink is exactly-once only `
        + 'with a checkpoint to resume from.',
    );
  },

  /** Two active queries with the same name in one session. */
  duplicateQueryName(name: string): IllegalArgumentError {
    return new IllegalArgumentError(
      'DUPLICATE_QUERY_NAME',
      `Cannot start query with name ${name} as a query with that name is already active in this SparkSession. `
        + 'Stop the other query first, or give this one another queryName.',
    );
  },

  /** A restart whose query reads other sources than the one that wrote the checkpoint. */
  sourcesChanged(checkpointDir: string, stored: readonly string[], requested: readonly string[]): AnalysisException {
    return new AnalysisException(
      'CHECKPOINT_OF_ANOTHER_QUERY',
      `The checkpoint ${checkpointDir} belongs to another query: there are [${stored.length}] sources in the checkpoint `
        + `offsets (${stored.join(', ') || 'none'}) and now there are [${requested.length}] sources requested by the `
        + `query (${requested.join(', ')}). Cannot continue. Give this query its own checkpointLocation, or restore the `
        + 'query that wrote this checkpoint. Nothing in the checkpoint was changed.',
    );
  },

  /** What a failed query's exception says: Spark's prefix, then the batch and the cause. */
  queryTerminated(prettyId: string, batchId: number, cause: Error): StreamingQueryException {
    const error = new StreamingQueryException(
      'STREAM_FAILED',
      `Query ${prettyId} terminated with exception: ${cause.message} (in batch ${batchId}; restarting the query from `
        + `its checkpoint runs batch ${batchId} again with the same offsets)`,
      { cause },
    );
    return error;
  },

  /** Continuous mode on a plan with operators it cannot run record by record. Spark's wording. */
  continuousUnsupported(operators: readonly string[]): AnalysisException {
    return new AnalysisException(
      'CONTINUOUS_UNSUPPORTED_OPERATION',
      operators.map((op) => `Continuous processing does not support ${op} operations.`).join(' ')
        + ' Continuous mode runs stateless queries only (select, filter, map-like functions); use a micro-batch trigger '
        + '(Trigger.ProcessingTime) for this query.',
    );
  },

  /** Continuous mode on a source or sink that has no record-at-a-time path. */
  /** A source continuous mode cannot read, with the ones it reads. */
  continuousUnsupportedSource(names: string): AnalysisException {
    return StreamingQueryErrors.continuousUnsupportedConnector('source', names, 'rate, socket, log (kafka), MemoryStream, user formats');
  },

  continuousUnsupportedConnector(kind: 'source' | 'sink', name: string, supported: string): AnalysisException {
    return new AnalysisException(
      'CONTINUOUS_UNSUPPORTED_CONNECTOR',
      `Continuous processing does not support the ${kind} ${name}: it has no record-at-a-time path. Supported ${kind}s: ${supported}. `
        + 'Use a micro-batch trigger for this query.',
    );
  },

  /** An operation on a query that is no longer running. */
  queryNotActive(prettyId: string, operation: string): IllegalStateError {
    return new IllegalStateError(
      'QUERY_NOT_ACTIVE',
      `Cannot ${operation}: query ${prettyId} is not active. Start a new query (from the same checkpoint to resume).`,
    );
  },

  /** Spark's message for a negative awaitTermination timeout. */
  invalidTimeout(timeoutMs: number): IllegalArgumentError {
    return new IllegalArgumentError('INVALID_TIMEOUT', `Timeout has to be positive, but was ${timeoutMs} ms.`);
  },
};
