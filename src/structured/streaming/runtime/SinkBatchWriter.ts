/**
 * Runs a micro-batch's plan once and hands its rows to the sink, one array of row objects per
 * partition. Spark: the addBatch phase of MicroBatchExecution.runBatch.
 *
 * The plan runs exactly once per batch attempt whatever the sink does with the rows, so a
 * foreachBatch function that reads its DataFrame twice does not update state twice.
 */
import { toExternalRow } from '../../execution/rowConversion.js';
import { ForeachBatchSink } from '../sinks/ForeachBatchSink.js';
import type { Sink } from '../sinks/Sink.js';
import type { Row } from '../sources/Source.js';
import type { IncrementalExecution } from './IncrementalExecution.js';

/**
 * Writes batch `batchId` and returns the rows written for progress: -1 for foreachBatch, which
 * cannot tell (as Spark reports it). `afterPlanRun` is called between the plan run and the sink
 * write (the stateCommit crash point, CrashPoints.ts).
 */
export async function writeBatchToSink(sink: Sink, batchId: number, execution: IncrementalExecution, afterPlanRun?: () => void): Promise<number> {
  const output = execution.analyzed.output;
  const internal = await execution.toRdd().glom().collect();
  // The plan ran: stateful operators have committed their state versions (a crash point).
  afterPlanRun?.();
  if (sink instanceof ForeachBatchSink && sink.takesInternalRows) {
    await sink.addInternalBatch(batchId, internal);
    return -1;
  }
  const partitions: Row[][] = internal.map((rows) => rows.map((row) => toExternalRow(row, output)));
  await sink.addBatch(batchId, partitions);
  if (sink instanceof ForeachBatchSink) return -1;
  return partitions.reduce((sum, rows) => sum + rows.length, 0);
}
