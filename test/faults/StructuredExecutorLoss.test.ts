/**
 * A Structured Streaming aggregation on worker-thread executors (`local-workers[2]`) whose
 * executor dies in the middle of a batch: the first map task of the batch to finish takes its
 * worker thread with it, so its shuffle output is gone. The lost partition is recomputed from
 * lineage on the remaining or replacement executor (the listener events show exactly one more map
 * task), and the batch's output, state and watermark are those of a run without the loss.
 */
import { describe, expect, it } from 'vitest';
import { col, count, MemoryStream, StructType, window } from '../../src/index.js';
import { EventRecorder } from '../support/recordEvents.js';
import { newSession, stopSession } from './support.js';
import { killOnFirstTaskEnd } from '../support/killExecutor.js';

/** Successful tasks of each kind in the recorded events. */
function successfulTasks(events: EventRecorder): { map: number; result: number } {
  const ok = events.of('taskEnd').filter((e) => e.reason.kind === 'success');
  return { map: ok.filter((e) => e.taskType === 'ShuffleMapTask').length, result: ok.filter((e) => e.taskType === 'ResultTask').length };
}

describe('Structured executor lost mid-stage on local-workers[2]', () => {
  it('recomputes the lost map partition of a windowed count; rows, state and watermark are unchanged', { timeout: 60_000 }, async () => {
    const batches = [[10, 11, 12, 16, 21], [13, 22, 23, 27, 31, 35]];
    const run = async (kill: boolean) => {
      const { spark } = newSession({}, 0, 'local-workers[2]');
      try {
        const input = new MemoryStream<number>(new StructType().add('value', 'int'), { numPartitions: 2 });
        const query = input.toDF(spark)
          .withColumn('eventTime', col('value').cast('timestamp'))
          .withWatermark('eventTime', '10 seconds')
          .groupBy(window(col('eventTime'), '5 seconds').alias('window'))
          .agg(count('*').alias('n'))
          .select(col('window').getField('start').cast('long').alias('start'), col('n'))
          .writeStream.format('memory').queryName(`structured_loss_${kill}`).outputMode('update').start();
        input.addData(...batches[0]!);
        await query.processAllAvailable();
        const events = new EventRecorder(spark.sparkContext);
        const killer = kill ? killOnFirstTaskEnd(spark.sparkContext) : undefined;
        input.addData(...batches[1]!);
        await query.processAllAvailable();
        killer?.stop();
        events.stop();
        const rows = (await spark.table(`structured_loss_${kill}`).collect()).map((r) => [Number(r['start']), r['n']]);
        const progress = query.lastProgress!;
        return {
          rows: rows.sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number)),
          state: progress.stateOperators[0]!.numRowsTotal,
          maxEventTime: progress.eventTime['max'],
          watermark: query.recentProgress.at(-1)?.eventTime['watermark'],
          removed: events.of('executorRemoved'),
          tasks: successfulTasks(events),
          executorIds: spark.sparkContext.executorIds,
          killed: killer?.killed(),
        };
      } finally {
        await stopSession(spark);
      }
    };
    const clean = await run(false);
    const lossy = await run(true);
    // Batch 0: [10,15) 3, [15,20) 1, [20,25) 1; batch 1 updates [10,15) to 4, [20,25) to 3, adds [25,30), [30,35), [35,40).
    expect(clean.rows).toEqual([[10, 3], [10, 4], [15, 1], [20, 1], [20, 3], [25, 1], [30, 1], [35, 1]]);
    expect(lossy.rows).toEqual(clean.rows);
    expect(lossy.state).toBe(clean.state);
    expect(clean.state).toBe(6);
    expect(lossy.maxEventTime).toBe(clean.maxEventTime);
    expect(lossy.watermark).toBe(clean.watermark);
    expect(lossy.removed).toEqual([{ type: 'executorRemoved', executorId: lossy.killed, reason: 'killed by the fault injector' }]);
    expect(lossy.executorIds).toHaveLength(2);
    expect(lossy.executorIds).not.toContain(lossy.killed);
    // The batch's job: 2 map tasks (one per source partition) and 2 result tasks (one per state partition).
    expect(clean.tasks).toEqual({ map: 2, result: 2 });
    // The killed executor's map output is recomputed: exactly one more successful map task.
    expect(lossy.tasks).toEqual({ map: 3, result: 2 });
  });
});
