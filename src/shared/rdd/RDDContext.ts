/**
 * What an RDD needs from the context that created it. SparkContext implements it on the driver;
 * a worker thread implements the part that computing partitions needs.
 */
import type { RDD } from './internal.js';
import type { TaskContext } from '../scheduler/TaskContext.js';
import type { SparkConf } from '../SparkConf.js';

/** The services RDDs call on their context. */
export interface RDDContext {
  newRddId(): number;
  readonly defaultParallelism: number;
  /** The context's configuration; defaultPartitioner asks it whether spark.default.parallelism is set. */
  readonly conf?: SparkConf;
  /** Where rdd.checkpoint() writes; undefined until setCheckpointDir. */
  readonly checkpointDir: string | undefined;
  runJob<T, U>(rdd: RDD<T>, func: (items: Iterable<T>, context: TaskContext) => U, partitions?: number[]): Promise<U[]>;
  /** The union of RDDs, as SparkContext.union builds it. */
  union<T>(rdds: RDD<T>[]): RDD<T>;
  registerPersistent(rdd: RDD<unknown>): void;
  unpersistRDD(rddId: number): void;
}
