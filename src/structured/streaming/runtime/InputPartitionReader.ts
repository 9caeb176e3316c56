/**
 * A batch planned as input partitions, read inside the tasks: the batch's RDD has one partition
 * per input partition, holding only that plain-data description, and each task makes its rows
 * with the source's registered reader. Spark: sql/core/.../datasources/v2/DataSourceRDD.scala
 * (one RDD partition per InputPartition, the reader created in compute) and
 * MicroBatchScanExec.
 *
 * On `local-workers[N]` this is what lets the second thread do the source's work: the driver
 * sends a task a few numbers instead of its rows, which crossed by structured clone at ~2M rows/s,
 * more than a whole `local` run of the yahoo query costs.
 */
import { bind, ParallelCollectionRDD, type SparkContext, type TaskContext } from '../../../shared/index.js';
import { registerBuiltin } from '../../../shared/util/builtinFunctions.js';
import type { InternalRow } from '../../expressions/Expression.js';
import {
  AccumulatorRef,
  localAccumulator,
  registerAccumulator,
  registerAccumulatorKind,
  reportAccumulators,
  type ShippedAccumulator,
} from '../../plan/physical/TaskAccumulators.js';
import { type InputPartition, partitionReaderNamed, type PartitionRows } from '../sources/PartitionReader.js';
import type { SourceBatch } from './SourceBatchReader.js';

/** What a task needs besides its partition: the reader's name, and where to count rows nobody planned a count for. */
interface ReadEnv {
  readonly reader: string;
  readonly rowCount: ShippedAccumulator | undefined;
}

/** Rows read per input partition (by its index in the batch): a partition read twice (two jobs, a retry, a self-union) is counted once. */
type RowCounts = Map<number, number>;

const ROW_COUNT_KIND = 'structured.inputPartitionRowCount';

registerAccumulatorKind<{ partition: number; rows: number }, RowCounts>(ROW_COUNT_KIND, {
  create: () => ({ partition: -1, rows: 0 }),
  toData: (local) => [local.partition, local.rows],
  merge: (target, data) => {
    const [partition, rows] = data as [number, number];
    target.set(partition, Math.max(target.get(partition) ?? 0, rows));
  },
});

/**
 * The task side: a partition arrives as a one-element array holding its index in the batch and
 * its InputPartition (an RDD partition is an array); the registered reader makes its rows here.
 */
const readInputPartition = registerBuiltin('structured.readInputPartition', (items: Iterable<unknown>, task: TaskContext, env: ReadEnv): Iterable<InternalRow> => {
  const [index, partition] = (Array.isArray(items) ? items : [...items])[0] as [number, InputPartition];
  const rows = partitionReaderNamed(env.reader)(partition);
  if (env.rowCount === undefined) {
    // The RDD partition counted one record (the description); count its rows instead.
    task.metrics.recordsRead += (partition.numRows ?? 1) - 1;
    return rows;
  }
  return countedRows(rows, index, task, env.rowCount);
});

/** `rows`, counted as they are read; the count goes back to the driver when the last row has been read. */
function* countedRows(rows: PartitionRows, index: number, task: TaskContext, shipped: ShippedAccumulator): Iterable<InternalRow> {
  const local = localAccumulator(shipped);
  const count = local.local as { partition: number; rows: number };
  count.partition = index;
  for (const row of rows) {
    count.rows++;
    yield row;
  }
  task.metrics.recordsRead += count.rows - 1;
  reportAccumulators(task, [local]);
}

/**
 * The RDD of a batch planned as `partitions`, read by the reader registered as `reader`. Its row
 * count is the sum of the partitions' numRows when every partition has one; otherwise it is
 * counted as the tasks read the rows, and is complete once the batch's job has read them all.
 */
export function inputPartitionsToRdd(sc: SparkContext, partitions: readonly InputPartition[], reader: string): SourceBatch {
  let plannedRows = 0;
  let planned = true;
  for (const p of partitions) {
    if (typeof p.numRows === 'number') plannedRows += p.numRows;
    else planned = false;
  }
  const counts: RowCounts = new Map();
  const rowCount = planned ? undefined : registerAccumulator(sc, new AccumulatorRef(ROW_COUNT_KIND, counts));
  const rdd = new ParallelCollectionRDD(sc, partitions.map((p, index) => [[index, p] as const])).mapPartitions(bind(readInputPartition, { reader, rowCount }), true);
  if (planned) return { rdd, numRows: plannedRows };
  return {
    rdd,
    get numRows() {
      let n = 0;
      for (const rows of counts.values()) n += rows;
      return n;
    },
  };
}
