/**
 * Every DStream class, exported in the order the module graph needs: the base class first, then
 * the operators that extend it. Import DStreams from here, never from their own files, so that
 * the cyclic imports between DStream (which builds operators) and the operators resolve.
 * (rxjs and Spark's shared core use the same pattern.)
 */
export * from './DStream.js';
export * from './InputDStream.js';
export * from './MappedDStream.js';
export * from './FlatMappedDStream.js';
export * from './FilteredDStream.js';
export * from './GlommedDStream.js';
export * from './MapPartitionedDStream.js';
export * from './MapValuedDStream.js';
export * from './FlatMapValuedDStream.js';
export * from './ShuffledDStream.js';
export * from './TransformedDStream.js';
export * from './UnionDStream.js';
export * from './WindowedDStream.js';
export * from './ReducedWindowedDStream.js';
export * from './StateDStream.js';
export * from './MapWithStateDStream.js';
export * from './ForEachDStream.js';
export * from './QueueInputDStream.js';
export * from './ReceiverInputDStream.js';
export * from './FileInputDStream.js';
export * from './DirectLogInputDStream.js';
export * from './LogRDD.js';
export * from './TestInputDStream.js';
