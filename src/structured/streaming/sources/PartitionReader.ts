/**
 * Reading a source's partitions where the tasks run: the driver plans a batch as small
 * plain-data input partitions, and a reader registered by name makes each partition's rows inside
 * its task. Spark: sql/catalyst/.../connector/read/InputPartition.java, PartitionReaderFactory.java
 * and PartitionReader.java, as MicroBatchStream.planInputPartitions / createReaderFactory use them.
 *
 * Why by name: on `local-workers[N]` a task runs in another thread, which cannot receive a
 * function that closes over anything. The reader is registered when its module loads, and that
 * module is added to the modules every worker thread loads first (registerExecutorModule), so the
 * worker registers the same reader under the same name before its first task.
 */
import { registerExecutorModule } from '../../../shared/executor/executorModules.js';
import { IllegalStateError } from '../../../shared/errors.js';
import { builtinFunction, registerBuiltin } from '../../../shared/util/builtinFunctions.js';

/**
 * One partition of a batch, described as plain data (numbers, strings, arrays, plain objects):
 * it is sent to the task, possibly in another thread, by structured clone. Spark's InputPartition.
 *
 * `numRows`, when the planner knows it (a range of a counter, a Kafka offset range), is the
 * partition's row count: the batch's numInputRows is then known on the driver without reading.
 * Leave it out when only reading can tell; the rows are then counted as the tasks read them.
 */
export interface InputPartition {
  readonly numRows?: number;
}

/** The rows of one input partition: internal rows, i.e. arrays of values in schema column order. */
export type PartitionRows = Iterable<readonly unknown[]>;

/**
 * Makes the rows of an input partition inside its task (Spark's PartitionReaderFactory and the
 * PartitionReader it creates). The rows are internal rows: one array per row, values in the
 * source schema's column order, held as the engine holds them (timestamps in epoch ms, longs and
 * doubles as numbers, null for a missing value), so the scan reads them without a conversion.
 */
export interface PartitionReaderFactory<P extends InputPartition = InputPartition> {
  /** The name the reader is registered under; tasks find it by this name on every executor. */
  readonly name: string;
  /** The rows of `partition`. Deterministic: the same partition gives the same rows after a restart. */
  createReader(partition: P): PartitionRows;
}

/** What definePartitionReader needs. */
export interface PartitionReaderSpec<P extends InputPartition> {
  /** A name unique in the application, e.g. `'mycompany.clicks'`. */
  readonly name: string;
  /**
   * The module defining the reader, normally `import.meta.url`: worker threads load it before
   * their first task. It must be importable on its own, and be loaded on the driver before the
   * SparkContext starts its worker threads (threads started earlier do not know the reader).
   */
  readonly module: string | URL;
  /** Makes the rows of one partition; runs in the task, so it may use only its module's imports and the partition. */
  createReader(partition: P): PartitionRows;
}

const PREFIX = 'structured.partitionReader:';

/**
 * Registers a partition reader, in the thread that loads the calling module (the driver, and
 * every worker thread, which loads `module` first). Call it at the top level of a module.
 *
 * @example
 * // counterReader.ts
 * export const counterReader = definePartitionReader({
 *   name: 'example.counter',
 *   module: import.meta.url,
 *   createReader: (p: { from: number; until: number; numRows: number }) =>
 *     Array.from({ length: p.numRows }, (_, i) => [p.from + i]),
 * });
 */
export function definePartitionReader<P extends InputPartition>(spec: PartitionReaderSpec<P>): PartitionReaderFactory<P> {
  registerBuiltin(PREFIX + spec.name, spec.createReader);
  registerExecutorModule(spec.module);
  return { name: spec.name, createReader: spec.createReader };
}

/**
 * The reader registered under `name` in this thread.
 * @throws IllegalStateError PARTITION_READER_NOT_FOUND when no module this thread loaded registered it
 */
export function partitionReaderNamed(name: string): (partition: InputPartition) => PartitionRows {
  try {
    return builtinFunction(PREFIX + name);
  } catch {
    throw new IllegalStateError(
      'PARTITION_READER_NOT_FOUND',
      `No partition reader "${name}" is registered in this thread: the module that calls definePartitionReader({ name: '${name}', ... }) `
        + 'was not loaded here. Give it module: import.meta.url, and import that module before creating the SparkContext, so worker threads load it too.',
    );
  }
}
