/**
 * The RDD module graph in evaluation order. RDD's methods create its subclasses and the
 * subclasses extend RDD; importing everything through this file makes the base class evaluate
 * first, so the cycle is safe.
 */
export * from './Dependency.js';
export * from './RDD.js';
export * from './MapPartitionsRDD.js';
export * from './ParallelCollectionRDD.js';
export * from './UnionRDD.js';
export * from './PartitionerAwareUnionRDD.js';
export * from './CoalescedRDD.js';
export * from './ZippedWithIndexRDD.js';
export * from './ShuffledRDD.js';
export * from './CoGroupedRDD.js';
export * from './TextFileRDD.js';
export * from './GeneratedRDD.js';
export * from '../checkpoint/ReliableCheckpointRDD.js';
export * from '../checkpoint/RDDCheckpointData.js';
export { pairFunctions } from './PairRDDFunctions.js';
export { orderedFunctions } from './OrderedRDDFunctions.js';
export { rddActions } from './RDDActions.js';
export { debugString } from './RDDDebugString.js';
