/**
 * An executor that dies in the middle of a stage, in both engines: the first task of the batch's
 * first stage to finish takes its executor with it (its shuffle output is gone); the lost
 * partitions are recomputed from lineage on the replacement executor and the batch's output is
 * the same as without the loss. DStreams run on worker threads (`local-workers[2]`); the
 * Structured case here runs on two inline executors (`local-cluster[2, 1]`), and on worker threads
 * in StructuredExecutorLoss.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { col, ManualClock, MemoryStream, Seconds, SparkContext, StreamingContext, StructType, namedFunction, type RDD } from '../../src/index.js';
import { advanceBatches, TestInputDStream } from '../../src/testing.js';
import { EventRecorder } from '../support/recordEvents.js';
import { newSession } from './support.js';
import { killOnFirstTaskEnd } from '../support/killExecutor.js';

/** How many stage submissions were a stage submitted again (lost map outputs recomputed). */
function resubmissions(events: EventRecorder): number {
  const stageIds = events.of('stageSubmitted').map((s) => s.stageId);
  return stageIds.length - new Set(stageIds).size;
}

describe('executor lost mid-stage', () => {
  it('DStream on local-workers[2]: the batch is recomputed from lineage and its output is unchanged', { timeout: 60_000 }, async () => {
    const input = [['a', 'b', 'a', 'c'], ['b', 'b', 'a', 'd', 'c', 'a']];
    const run = async (kill: boolean) => {
      const sc = new SparkContext({ master: 'local-workers[2]', clock: new ManualClock(0) });
      const ssc = new StreamingContext(sc, Seconds(1));
      const output: [string, number][][] = [];
      new TestInputDStream(ssc, input, 4)
        .map((w) => [w, 1] as [string, number])
        .reduceByKey((a, b) => a + b, 2)
        .foreachRDD(namedFunction(`faults.executorLoss.${kill}`, async (rdd: RDD<[string, number]>) => void output.push((await rdd.collect()).sort())));
      try {
        ssc.start();
        await advanceBatches(ssc, 1);
        const events = new EventRecorder(sc);
        const killer = kill ? killOnFirstTaskEnd(sc) : undefined;
        await advanceBatches(ssc, 1);
        killer?.stop();
        return { output, killed: killer?.killed(), removed: events.of('executorRemoved'), executorIds: sc.executorIds, resubmitted: resubmissions(events) };
      } finally {
        await ssc.stop();
      }
    };
    const clean = await run(false);
    const lossy = await run(true);
    expect(clean.output).toEqual([[['a', 2], ['b', 1], ['c', 1]], [['a', 2], ['b', 2], ['c', 1], ['d', 1]]]);
    expect(lossy.output).toEqual(clean.output);
    expect(lossy.removed).toEqual([{ type: 'executorRemoved', executorId: lossy.killed, reason: 'killed by the fault injector' }]);
    expect(lossy.executorIds).toHaveLength(2);
    expect(lossy.executorIds).not.toContain(lossy.killed);
    expect(clean.resubmitted).toBe(0);
    expect(lossy.resubmitted).toBeGreaterThanOrEqual(1);
  });

  it('Structured on local-cluster[2, 1]: a streaming aggregation batch is recomputed, its state and output unchanged', async () => {
    const batches = [[1, 2, 3, 1, 2, 1], [2, 3, 4, 4, 1, 5]];
    const run = async (kill: boolean) => {
      const { spark } = newSession({}, 0, 'local-cluster[2, 1]');
      const input = new MemoryStream<number>(new StructType().add('value', 'int'));
      const query = input.toDF(spark).groupBy(col('value')).count().writeStream.format('memory').queryName(`loss_${kill}`).outputMode('complete').start();
      input.addData(...batches[0]!);
      await query.processAllAvailable();
      const events = new EventRecorder(spark.sparkContext);
      const killer = kill ? killOnFirstTaskEnd(spark.sparkContext) : undefined;
      input.addData(...batches[1]!);
      await query.processAllAvailable();
      killer?.stop();
      const rows = (await spark.table(`loss_${kill}`).collect()).map((r) => [r['value'], r['count']]).sort((a, b) => Number(a[0]) - Number(b[0]));
      const state = query.lastProgress!.stateOperators[0]!.numRowsTotal;
      await query.stop();
      return { rows, state, removed: events.of('executorRemoved'), resubmitted: resubmissions(events) };
    };
    const clean = await run(false);
    const lossy = await run(true);
    expect(clean.rows).toEqual([[1, 4], [2, 3], [3, 2], [4, 2], [5, 1]]);
    expect(lossy.rows).toEqual(clean.rows);
    expect(lossy.state).toBe(5);
    expect(lossy.removed).toHaveLength(1);
    expect(clean.removed).toHaveLength(0);
    expect(clean.resubmitted).toBe(0);
    expect(lossy.resubmitted).toBeGreaterThanOrEqual(1);
  });
});
