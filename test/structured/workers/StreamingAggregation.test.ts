/**
 * Streaming queries on worker-thread executors: a windowed count with a watermark over a
 * MemoryStream on a ManualClock, batch by batch, in update and append mode, with restarts from the
 * checkpoint. Each script runs on local[2] and on local-workers[2]; the rows of every batch, the
 * state metrics (sent back with the tasks) and the event-time stats (which move the watermark) are
 * asserted exactly on both, as are the late rows the watermark's side output receives.
 */
import { describe, expect, it } from 'vitest';
import { col, count, IllegalArgumentError, LateDataSideOutput, MemoryStream, StructType, window } from '../../../src/index.js';
import { AddData, CheckNewAnswer, Execute, StartStream, StopStream, testStream, type StreamAction } from '../../../src/testing.js';
import { MASTERS, sessionOn } from './support.js';

const isoSeconds = (s: number) => new Date(s * 1000).toISOString();

/** The last batch with input: its state rows, dropped rows and event-time stats (seconds). */
function expectLastBatch(stateRows: number, dropped: number, eventTime: [number, number, number, number]): StreamAction {
  return Execute((q) => {
    const withData = q.recentProgress.filter((p) => p.numInputRows > 0).at(-1);
    const [min, max, avg, watermark] = eventTime;
    expect(withData?.stateOperators[0]?.numRowsTotal).toBe(stateRows);
    expect(withData?.stateOperators[0]?.numRowsDroppedByWatermark).toBe(dropped);
    expect(withData?.eventTime).toEqual({ min: isoSeconds(min), max: isoSeconds(max), avg: isoSeconds(avg), watermark: isoSeconds(watermark) });
  }, `state rows ${stateRows}, dropped ${dropped}, event time ${eventTime.join(', ')}`);
}

/** Runs the script made by `script` against a fresh windowed count (5-second windows, 10-second delay) on each master. */
async function onBothMasters(outputMode: 'update' | 'append', script: (input: MemoryStream<number>) => StreamAction[], wholeStage = true): Promise<void> {
  for (const master of MASTERS) {
    const spark = sessionOn(master, { 'spark.sql.codegen.wholeStage': wholeStage });
    try {
      const input = new MemoryStream<number>(new StructType().add('value', 'int'), { numPartitions: 2 });
      const counts = input.toDF(spark)
        .withColumn('eventTime', col('value').cast('timestamp'))
        .withWatermark('eventTime', '10 seconds')
        .groupBy(window(col('eventTime'), '5 seconds').alias('window'))
        .agg(count('*').alias('count'))
        .select(col('window').getField('start').cast('long').alias('start'), col('count'));
      await testStream(counts, outputMode, script(input));
    } finally {
      spark.stop();
    }
  }
}

describe.each([true, false])('streaming aggregation on local-workers[2] (whole-stage codegen %s)', (wholeStage) => {
  it('update mode: changed windows every batch, late rows dropped, the same on both masters', async () => {
    await onBothMasters('update', (input) => [
      AddData(input, 10, 11, 12, 13, 14, 15),
      CheckNewAnswer([10, 5], [15, 1]),
      expectLastBatch(2, 0, [10, 15, 12.5, 0]),
      AddData(input, 25), // watermark 25 - 10 = 15
      CheckNewAnswer([25, 1]),
      AddData(input, 10, 25), // [10, 15) ends at the watermark: late
      CheckNewAnswer([25, 2]),
      expectLastBatch(2, 1, [10, 25, 17.5, 15]),
      StopStream,
      StartStream(),
      AddData(input, 26, 31),
      CheckNewAnswer([25, 3], [30, 1]),
      expectLastBatch(3, 0, [26, 31, 28.5, 15]),
    ], wholeStage);
  });

  it('append mode: a window is emitted once the watermark passes its end, also across restarts', async () => {
    await onBothMasters('append', (input) => [
      AddData(input, 10, 11, 12, 13, 14, 15),
      CheckNewAnswer(),
      AddData(input, 25), // watermark 15 closes [10, 15)
      CheckNewAnswer([10, 5]),
      StopStream,
      StartStream(),
      AddData(input, 10, 27, 30), // watermark 20: 10 is late, [15, 20) closes
      CheckNewAnswer([15, 1]),
      expectLastBatch(3, 1, [10, 30, 22.333333333333332, 15]), // [15, 20) closes in the no-data batch after it
      StopStream,
      StartStream(),
      AddData(input, 17), // still 20: late
      CheckNewAnswer(),
      AddData(input, 40), // watermark 30 closes [25, 30)
      CheckNewAnswer([25, 2]),
    ], wholeStage);
  });
});

describe('late-data side output on local-workers[2]', () => {
  it('late rows dropped by a windowed count reach the driver from the executors, as on local[2]', async () => {
    const seen: unknown[][] = [];
    for (const master of MASTERS) {
      const spark = sessionOn(master);
      try {
        const input = new MemoryStream<number>(new StructType().add('value', 'int'), { numPartitions: 2 });
        const late = new LateDataSideOutput();
        const df = input.toDF(spark).withColumn('eventTime', col('value').cast('timestamp'))
          .withWatermark('eventTime', '10 seconds', { lateData: late })
          .groupBy(window(col('eventTime'), '5 seconds').alias('window'))
          .agg(count('*').alias('n'))
          .select(col('window').getField('start').cast('long').alias('start'), 'n');
        await testStream(df, 'append', [
          AddData(input, 30),
          CheckNewAnswer(),
          AddData(input, 9, 12, 16, 24), // watermark 20: 9, 12 and 16 are late; 24 is not
          CheckNewAnswer(),
        ]);
        seen.push(late.rows.map((r) => [(r.eventTime as { start: number }).start / 1000, r.watermarkMs, r.operatorName, r.batchId]).sort());
      } finally {
        spark.stop();
      }
    }
    // Batch 1 is the no-data batch that moved the watermark to 20.
    expect(seen[0]).toEqual([[10, 20000, 'stateStoreSave', 2], [15, 20000, 'stateStoreSave', 2], [5, 20000, 'stateStoreSave', 2]]);
    expect(seen[1]).toEqual(seen[0]);
  });
});

describe('streaming operators that stay on inline masters', () => {
  it('refuses dropDuplicates on local-workers[2] at start, naming the operator and the fix', () => {
    const spark = sessionOn('local-workers[2]');
    try {
      const input = new MemoryStream<number>(new StructType().add('value', 'int'));
      let error: (Error & { errorClass?: string }) | undefined;
      try {
        input.toDF(spark).dropDuplicates().writeStream.format('memory').queryName('dedup').start();
      } catch (e) {
        error = e as Error;
      }
      expect(error).toBeInstanceOf(IllegalArgumentError);
      expect(error?.errorClass).toBe('UNSUPPORTED_MASTER_FOR_DATAFRAMES');
      expect(error?.message).toBe(
        "[UNSUPPORTED_MASTER_FOR_DATAFRAMES] This query cannot run on master 'local-workers[2]': the operator dropDuplicates keeps state or " +
          'functions in driver objects, which worker threads cannot receive (stateless queries, withWatermark and streaming aggregations can). ' +
          'Use an inline master such as local[2] or local-cluster[2, 1] for this query.',
      );
      expect(spark.streams.active).toEqual([]);
    } finally {
      spark.stop();
    }
  });
});
