/**
 * Every error message of the DStream engine, written once. Spark's wording comes from
 * streaming/.../dstream/{DStream,WindowedDStream,UnionDStream,TransformedDStream}.scala,
 * DStreamGraph.scala and StreamingContext.scala; each message adds the values and the fix.
 */
import { IllegalArgumentError, IllegalStateError, SparkException } from '../shared/index.js';
import type { Duration } from './Duration.js';
import type { Time } from './Time.js';

/** Multiples of `unit` near `wanted`, to suggest a valid duration. */
function nearbyMultiples(wanted: Duration, unit: Duration): string {
  const below = Math.max(1, Math.floor(wanted.milliseconds / unit.milliseconds)) * unit.milliseconds;
  const above = below + unit.milliseconds;
  return `${below} ms or ${above} ms`;
}

/** Errors raised while building, validating, running and recovering a DStream graph. */
export const StreamingErrors = {
  windowDurationNotMultiple(windowDuration: Duration, parentSlide: Duration): IllegalArgumentError {
    return new IllegalArgumentError('WINDOW_DURATION_NOT_MULTIPLE',
      `The window duration of windowed DStream (${windowDuration}) must be a multiple of the slide duration of parent DStream (${parentSlide}). ` +
      `A window is a whole number of parent batches; use e.g. ${nearbyMultiples(windowDuration, parentSlide)}.`);
  },

  slideDurationNotMultiple(slideDuration: Duration, parentSlide: Duration): IllegalArgumentError {
    return new IllegalArgumentError('SLIDE_DURATION_NOT_MULTIPLE',
      `The slide duration of windowed DStream (${slideDuration}) must be a multiple of the slide duration of parent DStream (${parentSlide}). ` +
      `A window can only end on a parent batch; use e.g. ${nearbyMultiples(slideDuration, parentSlide)}.`);
  },

  noOutputOperations(): IllegalArgumentError {
    return new IllegalArgumentError('NO_OUTPUT_OPERATIONS',
      'No output operations registered, so nothing to execute. Transformations are lazy: call print(), foreachRDD() or saveAsTextFiles() on a DStream before start().');
  },

  graphChangedWhile(state: 'ACTIVE' | 'STOPPED', operation: string): IllegalStateError {
    const when = state === 'ACTIVE' ? 'starting' : 'stopping';
    return new IllegalStateError(state === 'ACTIVE' ? 'GRAPH_CHANGED_AFTER_START' : 'GRAPH_CHANGED_AFTER_STOP',
      `Adding new inputs, transformations, and output operations after ${when} a context is not supported (${operation} was called on a context that is ${state}). ` +
      (state === 'ACTIVE' ? 'Define the whole DStream graph before calling start().' : 'Create a new StreamingContext and define the graph on it.'));
  },

  checkpointDirectoryNotSet(streamName: string, checkpointInterval: Duration): IllegalArgumentError {
    return new IllegalArgumentError('CHECKPOINT_DIRECTORY_NOT_SET',
      `The checkpoint directory has not been set. Please set it by StreamingContext.checkpoint(). ` +
      `${streamName} checkpoints its RDDs every ${checkpointInterval} (stateful and inverse-window streams must, so a recovery does not replay the whole history).`);
  },

  checkpointIntervalTooShort(streamName: string, interval: Duration, slide: Duration): IllegalArgumentError {
    return new IllegalArgumentError('CHECKPOINT_INTERVAL_TOO_SHORT',
      `The checkpoint interval for ${streamName} has been set to ${interval} which is lower than its slide time (${slide}). Please set it to at least ${slide}.`);
  },

  checkpointIntervalNotMultiple(streamName: string, interval: Duration, slide: Duration): IllegalArgumentError {
    return new IllegalArgumentError('CHECKPOINT_INTERVAL_NOT_MULTIPLE',
      `The checkpoint interval for ${streamName} has been set to ${interval} which is not a multiple of its slide time (${slide}). ` +
      `Please set it to a multiple of ${slide}, e.g. ${nearbyMultiples(interval, slide)}.`);
  },

  contextAlreadyStopped(): IllegalStateError {
    return new IllegalStateError('STREAMING_CONTEXT_STOPPED',
      'StreamingContext has already been stopped. A stopped context cannot be started again: create a new StreamingContext, or recover one with StreamingContext.getOrCreate(checkpointDir, createFn).');
  },

  cannotChangeAfterStart(what: 'storage level' | 'checkpoint interval', streamName: string): IllegalStateError {
    return new IllegalStateError('DSTREAM_ALREADY_INITIALIZED',
      `Cannot change ${what} of a DStream after streaming context has started (${streamName}). Set it before start().`);
  },

  notInitialized(streamName: string): SparkException {
    return new SparkException('DSTREAM_NOT_INITIALIZED',
      `${streamName} has not been initialized: its zero time is set when the StreamingContext starts. Call slice() after ssc.start().`);
  },

  differentSlideDurations(durations: Duration[]): IllegalArgumentError {
    return new IllegalArgumentError('UNION_DIFFERENT_SLIDE_DURATIONS',
      `Some of the DStreams have different slide durations (${durations.join(', ')}). Window the faster streams first so that every stream of a union or transformWith slides alike.`);
  },

  differentContexts(): IllegalArgumentError {
    return new IllegalArgumentError('DIFFERENT_CONTEXTS',
      'Some of the DStreams have different contexts. Build every DStream of one graph from the same StreamingContext.');
  },

  noParentRDD(operation: string, batchTime: Time): SparkException {
    return new SparkException('NO_PARENT_RDD',
      `Couldn't generate RDD from parent at time ${batchTime} for ${operation}: a parent DStream produced no RDD for this batch. ` +
      'Give the input a default RDD (queueStream\'s defaultRDD) so every batch has one.');
  },

  transformReturnedNothing(batchTime: Time): SparkException {
    return new SparkException('TRANSFORM_RETURNED_NULL',
      `Transform function must not return null or undefined (batch ${batchTime}). Return sc.emptyRDD() instead to represent no element as the result of transformation.`);
  },

  graphNotSerializable(cause: Error): IllegalArgumentError {
    return new IllegalArgumentError('DSTREAM_CHECKPOINT_NOT_SERIALIZABLE',
      'DStream checkpointing has been enabled but the DStreams with their functions are not serializable. ' +
      'Functions in a checkpointed graph must be self-contained (pass values with bind(fn, env)); driver-side output functions must be registered with ' +
      `namedFunction(name, fn). Cause: ${cause.message}`, { cause });
  },

  streamNotCheckpointable(what: string): IllegalArgumentError {
    return new IllegalArgumentError('DSTREAM_NOT_CHECKPOINTABLE',
      `${what} doesn't support checkpointing: its data cannot be recovered after a restart. Please don't use it when checkpointing is enabled (StreamingContext.checkpoint), ` +
      'or use a replayable input such as directLogStream or textFileStream.');
  },

  unknownNamedFunction(name: string, known: string[]): IllegalStateError {
    return new IllegalStateError('UNKNOWN_NAMED_FUNCTION',
      `The checkpointed graph refers to the function "${name}", which is not registered in this process (registered: ${known.length ? known.join(', ') : 'none'}). ` +
      'Call namedFunction(name, fn) for every named function before StreamingContext.getOrCreate, as the first run did.');
  },

  unknownDStreamKind(kind: string): IllegalStateError {
    return new IllegalStateError('UNKNOWN_DSTREAM_KIND',
      `The checkpoint names a DStream of kind "${kind}", which this version cannot rebuild. Delete the checkpoint directory to start afresh.`);
  },

  jobFailed(batchTime: Time, outputOpId: number, description: string, cause: unknown): SparkException {
    const message = cause instanceof Error ? cause.message : String(cause);
    return new SparkException('STREAMING_JOB_FAILED',
      `Error running job for batch ${batchTime}, output operation ${outputOpId} (${description}): ${message}`, { cause });
  },

  generateJobsFailed(batchTime: Time, cause: unknown): SparkException {
    const message = cause instanceof Error ? cause.message : String(cause);
    return new SparkException('GENERATE_JOBS_FAILED', `Error generating jobs for time ${batchTime}: ${message}`, { cause });
  },

  invalidBatchDuration(duration: Duration): IllegalArgumentError {
    return new IllegalArgumentError('INVALID_BATCH_DURATION',
      `The batch duration must be positive, but was ${duration}. Use e.g. Seconds(1) or Milliseconds(500).`);
  },

  invalidEstimatorParameter(name: string, value: number, rule: string): IllegalArgumentError {
    return new IllegalArgumentError('INVALID_RATE_ESTIMATOR_PARAMETER', `${name} ${rule}, but was ${value}. Set it to a valid value or remove it to use Spark's default.`);
  },

  stateUpdateInvalid(reason: string): IllegalArgumentError {
    return new IllegalArgumentError('INVALID_STATE_OPERATION', reason);
  },
};
