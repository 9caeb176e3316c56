/**
 * Streaming aggregation in the three output modes, batch by batch: Spark's StreamingAggregationSuite
 * cases (case name in the test name), and windowed counts with sliding windows, late rows inside and
 * beyond the watermark, dropped-row counts, and a restart at every step giving the same answers.
 */
import { describe, expect, it } from 'vitest';
import { col, count, sum } from '../../../src/index.js';
import {
  AddData,
  CheckAnswer,
  CheckLastBatch,
  CheckNewAnswer,
  Execute,
  StartStream,
  StopStream,
  type StreamAction,
  testStream,
  unsupportedOperations,
} from '../../../src/testing.js';
import { newSession } from '../support.js';
import { assertNumRowsDroppedByWatermark, assertNumStateRows, intStream, windowedCounts } from './statefulTestSupport.js';

describe('StreamingAggregationSuite', () => {
  it('simple count, update mode (restart in the middle)', async () => {
    const spark = newSession();
    const input = intStream();
    await testStream(input.toDF(spark).groupBy('value').agg(count('*')), 'update', [
      AddData(input, 3),
      CheckLastBatch([3, 1]),
      AddData(input, 3, 2),
      CheckLastBatch([3, 2], [2, 1]),
      StopStream,
      StartStream(),
      AddData(input, 3, 2, 1),
      CheckLastBatch([3, 3], [2, 2], [1, 1]),
      AddData(input, 4, 4, 4, 4),
      CheckLastBatch([4, 4]),
    ]);
  });

  it('simple count, complete mode', async () => {
    const spark = newSession();
    const input = intStream();
    await testStream(input.toDF(spark).groupBy('value').agg(count('*')), 'complete', [
      AddData(input, 3),
      CheckLastBatch([3, 1]),
      AddData(input, 2),
      CheckLastBatch([3, 1], [2, 1]),
      StopStream,
      StartStream(),
      AddData(input, 3, 2, 1),
      CheckLastBatch([3, 2], [2, 2], [1, 1]),
      AddData(input, 4, 4, 4, 4),
      CheckLastBatch([4, 4], [3, 2], [2, 2], [1, 1]),
    ]);
  });

  it('simple count, append mode: refused without a watermark', () => {
    const spark = newSession();
    const plan = intStream().toDF(spark).groupBy('value').agg(count('*')).analyzed;
    const messages = unsupportedOperations(plan, 'Append').map((p) => p.message);
    expect(messages).toEqual(['Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark']);
  });

  it('sort after aggregate in complete mode', async () => {
    const spark = newSession();
    const input = intStream();
    const df = input.toDF(spark).groupBy('value').agg(count('*')).toDF('value', 'count').orderBy(col('count').desc());
    await testStream(df, 'complete', [
      AddData(input, 3),
      CheckLastBatch([3, 1]),
      AddData(input, 2, 3),
      CheckLastBatch([3, 2], [2, 1]),
      Execute(async (q) => {
        // isSorted = true in Spark: the sink's rows come in the sort order.
        expect(q.lastProgress?.sink.numOutputRows).toBe(2);
      }),
    ]);
  });

  it('state metrics: rows updated and in state per batch, in update and complete mode', async () => {
    const spark = newSession();
    for (const mode of ['update', 'complete'] as const) {
      const input = intStream();
      const df = input.toDF(spark).select(col('value')).union(input.toDF(spark).select(col('value').plus(1).alias('value')))
        .groupBy('value').agg(count('*'));
      const metrics = (updated: number, total: number) => Execute((q) => {
        const op = q.lastProgress!.stateOperators[0]!;
        expect([op.operatorName, op.numRowsUpdated, op.numRowsTotal]).toEqual(['stateStoreSave', updated, total]);
      });
      await testStream(df, mode, [
        AddData(input, 1),
        CheckLastBatch([1, 1], [2, 1]),
        metrics(2, 2),
        AddData(input, 2, 3),
        mode === 'update' ? CheckLastBatch([2, 2], [3, 2], [4, 1]) : CheckLastBatch([1, 1], [2, 2], [3, 2], [4, 1]),
        metrics(3, 4),
      ]);
    }
  });

  it('multiple keys', async () => {
    const spark = newSession();
    const input = intStream();
    await testStream(input.toDF(spark).groupBy(col('value'), col('value').plus(1)).agg(count('*')), 'update', [
      AddData(input, 1, 2),
      CheckLastBatch([1, 2, 1], [2, 3, 1]),
      AddData(input, 1, 2),
      CheckLastBatch([1, 2, 2], [2, 3, 2]),
    ]);
  });

  it('global aggregation, complete mode: one row, kept across batches and restarts', async () => {
    const spark = newSession();
    const input = intStream();
    await testStream(input.toDF(spark).agg(sum('value').alias('total'), count('*').alias('n')), 'complete', [
      AddData(input, 1, 2),
      CheckAnswer([3, 2]),
      StopStream,
      StartStream(),
      AddData(input, 10),
      CheckAnswer([13, 3]),
    ]);
  });
});

describe('windowed aggregation by event time', () => {
  it('sliding 10-second windows every 5 seconds, append mode: late rows inside the watermark count, beyond it they are dropped', async () => {
    const spark = newSession();
    const input = intStream();
    await testStream(windowedCounts(spark, input, '10 seconds', '10 seconds', '5 seconds'), 'append', [
      AddData(input, 10, 11, 12), // windows [5, 15) and [10, 20)
      CheckNewAnswer(),
      AddData(input, 25), // watermark 15 closes [5, 15)
      CheckNewAnswer([5, 3]),
      assertNumStateRows(3), // [10, 20), [20, 30), [25, 35)
      AddData(input, 17), // late but inside: [10, 20) and [15, 25) are still open
      CheckNewAnswer(),
      assertNumRowsDroppedByWatermark(0),
      AddData(input, 9), // [0, 10) and [5, 15) end at or before 15: both dropped
      CheckNewAnswer(),
      assertNumRowsDroppedByWatermark(2),
      AddData(input, 40), // watermark 30 closes [10, 20), [15, 25), [20, 30)
      CheckNewAnswer([10, 4], [15, 1], [20, 1]),
      assertNumStateRows(3), // [25, 35), [35, 45), [40, 50)
    ]);
  });

  it('sliding windows, update mode: every window a row touched', async () => {
    const spark = newSession();
    const input = intStream();
    await testStream(windowedCounts(spark, input, '10 seconds', '10 seconds', '5 seconds'), 'update', [
      AddData(input, 12),
      CheckNewAnswer([5, 1], [10, 1]),
      AddData(input, 13, 30),
      CheckNewAnswer([5, 2], [10, 2], [25, 1], [30, 1]),
      AddData(input, 14), // watermark 20: [5, 15) and [10, 20) are late
      CheckNewAnswer(),
      assertNumRowsDroppedByWatermark(2),
    ]);
  });

  it('dropped rows are counted per late key after partial aggregation (Spark counts rows reaching the state operator)', async () => {
    const spark = newSession();
    const input = intStream();
    await testStream(windowedCounts(spark, input), 'update', [
      AddData(input, 30),
      CheckNewAnswer([30, 1]),
      AddData(input, 1, 2, 3, 6, 7), // watermark 20: windows [0, 5) and [5, 10) are late
      CheckNewAnswer(),
      assertNumRowsDroppedByWatermark(2),
    ]);
  });

  it('complete mode with a watermark still counts late rows', async () => {
    const spark = newSession();
    const input = intStream();
    await testStream(windowedCounts(spark, input, '5 seconds'), 'complete', [
      AddData(input, 30),
      CheckAnswer([30, 1]),
      AddData(input, 1),
      CheckAnswer([0, 1], [30, 1]),
      assertNumRowsDroppedByWatermark(0),
    ]);
  });
});

describe('restart mid-stream gives the same answers as a run without restart', () => {
  const steps: [number[], number[][]][] = [
    [[10, 11, 12, 13, 14, 15], []],
    [[25], [[10, 5]]],
    [[10, 26, 31], [[15, 1]]],
    [[17], []],
    [[45], [[25, 2], [30, 1]]],
    [[44, 46, 60], [[40, 1], [45, 2]]],
  ];
  const script = (restartAfter: number): StreamAction[] =>
    steps.flatMap(([data, expected], i) => {
      const input = inputs.get(restartAfter)!;
      const actions = [AddData(input, ...data), CheckNewAnswer(...expected)];
      return i === restartAfter ? [...actions, StopStream, StartStream()] : actions;
    });
  const inputs = new Map<number, ReturnType<typeof intStream>>();
  for (const restartAfter of [-1, 0, 1, 2, 3, 4]) {
    it(restartAfter < 0 ? 'without restart' : `restart after batch step ${restartAfter + 1}`, async () => {
      const spark = newSession();
      const input = intStream();
      inputs.set(restartAfter, input);
      await testStream(windowedCounts(spark, input), 'append', script(restartAfter));
    });
  }
});

describe('output mode checks of aggregations', () => {
  it('complete mode without an aggregation, and sorting without one, are refused together', () => {
    const spark = newSession();
    const df = intStream().toDF(spark).orderBy('value');
    const e = unsupportedOperations(df.analyzed, 'Complete').map((p) => p.message);
    expect(e).toEqual([
      'Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets',
      'Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode',
    ]);
  });
});
