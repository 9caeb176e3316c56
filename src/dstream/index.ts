/**
 * The public API of the DStream engine (Spark Streaming). Each name is exported explicitly: this
 * list is the API review.
 */

// Context, time and durations
export { StreamingContext, type StreamingContextOptions, type StreamingContextState, type StopOptions, type GetOrCreateOptions } from './StreamingContext.js';
export { Duration, Milliseconds, Seconds, Minutes } from './Duration.js';
export { Time } from './Time.js';
export { Interval } from './Interval.js';

// DStreams
export {
  DStream,
  InputDStream,
  QueueInputDStream,
  ReceiverInputDStream,
  FileInputDStream,
  DirectLogInputDStream,
  MapWithStateDStream,
  LogRDD,
  hasOffsetRanges,
  formatRecord,
  type OutputOperation,
  type DirectLogStreamOptions,
} from './dstream/internal.js';
export type { UpdateStateOptions } from './dstream/PairDStreamFunctions.js';

// State
export { StateSpec, type MappingFunction } from './StateSpec.js';
export type { State } from './State.js';

// Receivers
export { Receiver, registerReceiverKind, type ReceiverDescriptor } from './receiver/Receiver.js';
export { SocketReceiver } from './receiver/SocketReceiver.js';
export { ObservableReceiver } from './receiver/ObservableReceiver.js';

// Scheduling, listeners and rate control
export type { StreamingListener, StreamingListenerEvent, ReceiverInfo } from './scheduler/StreamingListener.js';
export type { BatchInfo, StreamInputInfo, OutputOperationInfo } from './scheduler/BatchInfo.js';
export { PIDRateEstimator, type PIDRateEstimatorOptions } from './scheduler/rate/PIDRateEstimator.js';

// Checkpointing
export { forgetNamedFunction, namedFunction } from './namedFunction.js';

// Errors
export { StreamingErrors } from './errors.js';
