/**
 * The public API of the RDD core. Each name is exported explicitly: this list is the API review.
 */

// Context and configuration
export { SparkContext, type SparkContextOptions } from './SparkContext.js';
export { SparkConf } from './SparkConf.js';
export { Broadcast } from './Broadcast.js';
export { parseMasterURL, type ExecutorLayout } from './MasterURL.js';

// RDDs
export {
  RDD,
  type PartitionSpec,
  ParallelCollectionRDD,
  MapPartitionsRDD,
  UnionRDD,
  PartitionerAwareUnionRDD,
  CoalescedRDD,
  ShuffledRDD,
  CoGroupedRDD,
  ZippedWithIndexRDD,
  TextFileRDD,
  GeneratedRDD,
  ReliableCheckpointRDD,
  Dependency,
  NarrowDependency,
  OneToOneDependency,
  RangeDependency,
  ShuffleDependency,
} from './rdd/internal.js';
export type { Partition } from './rdd/Partition.js';
export type { RDDDescriptor } from './rdd/RDDDescriptor.js';
export type { ParallelCollectionPartition } from './rdd/ParallelCollectionRDD.js';
export type { RDDContext } from './rdd/RDDContext.js';

// Partitioning and shuffles
export { Partitioner, type PartitionerDescriptor } from './partitioner/Partitioner.js';
export { HashPartitioner } from './partitioner/HashPartitioner.js';
export { RangePartitioner } from './partitioner/RangePartitioner.js';
export { hashCode, nonNegativeMod } from './partitioner/hashCode.js';
export { compareKeys } from './partitioner/compareKeys.js';
export type { Aggregator } from './shuffle/Aggregator.js';

// Scheduling and events
export { TaskContext } from './scheduler/TaskContext.js';
export type { TaskMetrics } from './scheduler/TaskMetrics.js';
export { ListenerBus, type SparkListener, type SparkListenerEvent, type TaskInfo, type TaskEndReason, type ListenerError } from './scheduler/ListenerBus.js';
export { FaultInjector, type TaskFailureRule } from './FaultInjector.js';

// Storage
export { StorageLevel } from './storage/StorageLevel.js';

// Time
export { type Clock, SystemClock, ManualClock, settle } from './util/Clock.js';

// Shipping functions to worker executors
export { bind, unbind, findCapturedIdentifiers, serializeFunction, reviveFunction } from './util/closure.js';
export type { AnyFunction, BoundFunction, SerializedFunction } from './util/closure.js';
export { registerBuiltin } from './util/builtinFunctions.js';
export { registerExecutorModule } from './executor/executorModules.js';

// Utilities both engines use
export { SeededRandom } from './util/SeededRandom.js';
export { KeyMap } from './util/KeyMap.js';
export { PartitionedLog, type PartitionedLogOptions, type AppendResult } from './log/PartitionedLog.js';
export { OffsetRange } from './log/OffsetRange.js';

// Errors
export {
  TwinstreamError,
  AnalysisException,
  SparkException,
  StreamingQueryException,
  IllegalArgumentError,
  IllegalStateError,
} from './errors.js';
