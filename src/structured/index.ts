/**
 * The public API of the Structured engine (batch half): sessions, DataFrames, columns,
 * functions and types, with Spark's names. Internals (plans, rules, operators) are reached by
 * path from inside src/structured; white-box seams are in ./testing.ts.
 */

// Session, configuration, reading
export { SparkSession, SparkSessionBuilder, type ExperimentalMethods } from './SparkSession.js';
export { RuntimeConfig, SQL_CONF_DEFAULTS } from './RuntimeConfig.js';
export { DataFrameReader } from './DataFrameReader.js';

// DataFrames and columns
export { DataFrame, type Row } from './DataFrame.js';
export { stdoutSink, type PrintSink } from './PrintSink.js';
export { RelationalGroupedDataset } from './RelationalGroupedDataset.js';
export { Column, type ColumnOrName, type ColumnOrValue } from './Column.js';
export { QueryExecution, type ExplainMode } from './QueryExecution.js';

// Functions (also as a namespace: `functions.sum('x')`)
export * as functions from './functions.js';
export {
  col,
  column,
  lit,
  expr,
  when,
  not,
  count,
  sum,
  avg,
  mean,
  min,
  max,
  first,
  last,
  collect_list,
  approx_count_distinct,
  lower,
  upper,
  length,
  concat,
  split,
  explode,
  to_timestamp,
  current_timestamp,
  coalesce,
  struct,
  asc,
  desc,
  window,
  session_window,
  timestamp_add,
  time_add,
} from './functions.js';

// Event time and stateful streaming (window, session_window, timestamp_add, time_add are above).
// Importing StatefulStrategies registers the stateful planning hooks every streaming query uses.
import './streaming/runtime/StatefulStrategies.js';
export { GroupStateTimeout } from './streaming/GroupStateTimeout.js';
export type { GroupState } from './streaming/GroupState.js';
export { KeyValueGroupedDataset } from './streaming/KeyValueGroupedDataset.js';
export { LateDataSideOutput, type LateRow } from './streaming/LateDataSideOutput.js';

// Types
export {
  DataType,
  NullType,
  StringType,
  IntegerType,
  LongType,
  DoubleType,
  BooleanType,
  TimestampType,
} from './types/DataType.js';
export { ArrayType } from './types/ArrayType.js';
export { StructType, StructField } from './types/StructType.js';
export { parseDataType, parseSchemaDDL } from './types/parseDataType.js';

// Errors (the exception classes themselves come from the RDD core: AnalysisException, ...)
export { QueryErrors } from './errors.js';

// Streaming: reading, writing and running queries (the trigger, output mode, MemoryStream and
// progress types of the streaming runtime are exported here too, as users need them to start one).
import './streaming/MemoryStreamDataFrame.js';
export { DataStreamReader, type StreamOptionValue } from './streaming/DataStreamReader.js';
export { DataStreamWriter } from './streaming/DataStreamWriter.js';
export { StreamingQuery } from './streaming/StreamingQuery.js';
export { StreamingQueryManager } from './streaming/StreamingQueryManager.js';
export {
  StreamingQueryListener,
  type StreamingQueryListenerEvent,
  type QueryStartedEvent,
  type QueryProgressEvent,
  type QueryIdleEvent,
  type QueryTerminatedEvent,
} from './streaming/StreamingQueryListener.js';
export type { StreamingQueryStatus } from './streaming/runtime/StreamExecution.js';
export type { ForeachBatchFunction } from './streaming/streamingSinkProviders.js';
export { StreamingQueryErrors } from './streaming/StreamingQueryErrors.js';
export { Trigger } from './streaming/Trigger.js';
export { OutputMode } from './streaming/OutputMode.js';
export { MemoryStream, type MemoryStreamOptions } from './streaming/sources/MemoryStream.js';
// Writing a streaming source: the Source contract, partitions read on the executors, and formats
// users register (Spark's StreamSourceProvider / DataSourceRegister and MicroBatchStream).
export { longOffset, type Source, type MaybePromise } from './streaming/sources/Source.js';
export { offsetEquals, type Offset, type JsonValue } from './streaming/sources/Offset.js';
export {
  definePartitionReader,
  type InputPartition,
  type PartitionReaderFactory,
  type PartitionReaderSpec,
  type PartitionRows,
} from './streaming/sources/PartitionReader.js';
export {
  registerStreamSourceProvider,
  type StreamSourceProvider,
  type StreamSourceRequest,
  type StreamSourceCreation,
} from './streaming/sources/StreamSourceProvider.js';
export type { ForeachWriter } from './streaming/sinks/ForeachWriter.js';
export { FileStreamSink } from './streaming/sinks/FileStreamSink.js';
export {
  StreamingQueryProgress,
  type SourceProgress,
  type SinkProgress,
  type StateOperatorProgress,
} from './streaming/StreamingQueryProgress.js';
