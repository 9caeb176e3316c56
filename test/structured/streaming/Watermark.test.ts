/**
 * Event-time watermarks, batch by batch: Spark's EventTimeWatermarkSuite cases (case name in each
 * test name) on a windowed count per 5 seconds with a 10-second delay, and the watermark
 * bookkeeping around them (metrics, no-data batches, recovery, several watermarked inputs).
 */
import { describe, expect, it } from 'vitest';
import { col, count, MemoryStream, StructType, sum } from '../../../src/index.js';
import { AddData, AssertOnQuery, CheckAnswer, CheckLastBatch, CheckNewAnswer, Execute, StartStream, StopStream, testStream, unsupportedOperations } from '../../../src/testing.js';
import { newSession } from '../support.js';
import {
  assertEventStats,
  assertNumRowsDroppedByWatermark,
  assertNumStateRows,
  intStream,
  isoSeconds,
  windowedCounts,
  withEventTime,
} from './statefulTestSupport.js';

describe('EventTimeWatermarkSuite', () => {
  it('append mode: a window is emitted once the watermark passes its end; later rows for it are dropped', async () => {
    const spark = newSession();
    const input = intStream();
    await testStream(windowedCounts(spark, input), 'append', [
      AddData(input, 10, 11, 12, 13, 14, 15),
      CheckNewAnswer(),
      AddData(input, 25), // watermark 25 - 10 = 15 closes [10, 15)
      CheckNewAnswer([10, 5]),
      assertNumStateRows(2),
      assertNumRowsDroppedByWatermark(0),
      AddData(input, 10), // window [10, 15) ends at the watermark: late
      CheckNewAnswer(),
      assertNumStateRows(2),
      assertNumRowsDroppedByWatermark(1),
    ]);
  });

  it('update mode: changed windows every batch, rows below the watermark ignored', async () => {
    const spark = newSession({ conf: { 'spark.sql.shuffle.partitions': 10 } });
    const input = intStream();
    await testStream(windowedCounts(spark, input), 'update', [
      AddData(input, 10, 11, 12, 13, 14, 15),
      CheckNewAnswer([10, 5], [15, 1]),
      AddData(input, 25), // watermark 15
      CheckNewAnswer([25, 1]),
      assertNumStateRows(2),
      AddData(input, 10, 25), // 10 is late
      CheckNewAnswer([25, 2]),
      assertNumStateRows(2),
      assertNumRowsDroppedByWatermark(1),
      AddData(input, 10),
      CheckNewAnswer(),
      assertNumStateRows(2),
    ]);
  });

  it('complete mode: no eviction and no late-row dropping', async () => {
    const spark = newSession();
    const input = intStream();
    await testStream(windowedCounts(spark, input), 'complete', [
      AddData(input, 10, 11, 12),
      CheckAnswer([10, 3]),
      AddData(input, 25),
      CheckAnswer([10, 3], [25, 1]),
      AddData(input, 25),
      CheckAnswer([10, 3], [25, 2]),
      AddData(input, 10),
      CheckAnswer([10, 4], [25, 2]),
      AddData(input, 25),
      CheckAnswer([10, 4], [25, 3]),
    ]);
  });

  it('group by on raw timestamp', async () => {
    const spark = newSession();
    const input = intStream();
    const df = withEventTime(spark, input, '10 seconds').groupBy('eventTime').agg(count('*').alias('count'))
      .select(col('eventTime').cast('long').alias('t'), 'count');
    await testStream(df, 'append', [AddData(input, 10), CheckAnswer(), AddData(input, 25), CheckAnswer([10, 1])]);
  });

  it('event time and watermark metrics: none without a watermark; min, max, avg and the batch watermark with one', async () => {
    const spark = newSession();
    const plain = intStream();
    await testStream(windowedCounts(spark, plain, null), 'complete', [
      AddData(plain, 15),
      CheckAnswer([15, 1]),
      AssertOnQuery((q) => Object.keys(q.lastProgress!.eventTime).length === 0, 'no event-time stats'),
    ]);
    const input = intStream();
    await testStream(windowedCounts(spark, input), 'append', [
      AddData(input, 15),
      CheckAnswer(),
      assertEventStats(15, 15, 15, 0),
      AddData(input, 10, 12, 14),
      CheckAnswer(),
      assertEventStats(10, 14, 12, 5),
      AddData(input, 25),
      CheckAnswer([10, 3]),
      assertEventStats(25, 25, 25, 5),
    ]);
  });

  it('the watermark is the max event time of earlier batches minus the delay, and never moves back', async () => {
    const spark = newSession();
    const input = intStream();
    const watermarks: number[] = [];
    const record = Execute((q) => {
      watermarks.push(Date.parse(q.lastProgress!.eventTime['watermark']!) / 1000);
    }, 'record watermark');
    await testStream(windowedCounts(spark, input), 'append', [
      AddData(input, 30), CheckNewAnswer(), record,
      AddData(input, 10), CheckNewAnswer(), record,
      AddData(input, 50), CheckNewAnswer([30, 1]), record,
    ]);
    expect(watermarks).toEqual([20, 20, 40]);
  });

  it('recovery: the watermark and state survive a restart', async () => {
    const spark = newSession();
    const input = intStream();
    await testStream(windowedCounts(spark, input), 'append', [
      AddData(input, 10, 11, 12, 13, 14, 15),
      CheckAnswer(),
      AddData(input, 25),
      CheckAnswer([10, 5]),
      StopStream,
      StartStream(),
      AddData(input, 10, 27, 30), // watermark 20: 10 is ignored, [15, 20) closes
      CheckNewAnswer([15, 1]),
      StopStream,
      StartStream(),
      AddData(input, 17), // still 20: ignored
      CheckNewAnswer(),
      AddData(input, 40), // watermark 30 closes [25, 30)
      CheckNewAnswer([25, 2]),
    ]);
  });

  for (const flag of [true, false]) {
    it(`test no-data flag: spark.sql.streaming.noDataMicroBatches.enabled = ${flag}`, async () => {
      const spark = newSession();
      const input = intStream();
      await testStream(windowedCounts(spark, input), 'append', [
        StartStream({ conf: { 'spark.sql.streaming.noDataMicroBatches.enabled': String(flag) } }),
        AddData(input, 10, 11, 12, 13, 14, 15),
        CheckNewAnswer(),
        AddData(input, 25),
        flag ? CheckNewAnswer([10, 5]) : CheckNewAnswer(),
      ], { startImmediately: false });
    });
  }

  const policyCases = [
    // [policy, watermark after (20, 30), after (120, 130), input of the last row, watermark after it]
    { policy: 'max', first: 15, second: 115, lastInput: 1, last: 140 }, // max(20 - 10, 30 - 15); advances with one input
    { policy: 'min', first: 10, second: 110, lastInput: 2, last: 110 }, // min(...); waits for the slower input
  ] as const;
  for (const c of policyCases) {
    it(`MultipleWatermarkPolicy: ${c.policy}`, async () => {
      const spark = newSession({ conf: { 'spark.sql.streaming.multipleWatermarkPolicy': c.policy } });
      const input1 = intStream();
      const input2 = intStream();
      const union = withEventTime(spark, input1, '10 seconds').union(withEventTime(spark, input2, '15 seconds'))
        .select(col('eventTime').cast('int').alias('t'));
      // Spark's checkWatermark: one more row, then the watermark that batch ran with.
      const checkWatermark = (input: MemoryStream<number>, seconds: number) => [
        AddData(input, 1),
        CheckNewAnswer([1]),
        AssertOnQuery((q) => q.lastProgress?.eventTime['watermark'] === isoSeconds(seconds), `watermark ${seconds}`),
      ];
      const lastInput = c.lastInput === 1 ? input1 : input2;
      await testStream(union, 'append', [
        AddData(input1, 20),
        AddData(input2, 30),
        CheckNewAnswer([20], [30]),
        ...checkWatermark(input1, c.first),
        StopStream,
        StartStream(),
        ...checkWatermark(input1, c.first), // recovered from the offset log
        AddData(input1, 120),
        AddData(input2, 130),
        CheckNewAnswer([120], [130]),
        ...checkWatermark(lastInput, c.second),
        AddData(lastInput, 150),
        CheckNewAnswer([150]),
        ...checkWatermark(lastInput, c.last),
      ]);
    });
  }

  it('the new watermark should override the old one: only the last event-time column keeps a delay', () => {
    const spark = newSession();
    const input = new MemoryStream<{ a: number; b: number }>(new StructType().add('a', 'int').add('b', 'int'));
    const df = input.toDF(spark)
      .withColumn('first', col('a').cast('timestamp'))
      .withColumn('second', col('b').cast('timestamp'))
      .withWatermark('first', '1 minute')
      .withWatermark('second', '2 minutes');
    // An append aggregation needs a watermarked grouping key: `second` has one, `first` lost it.
    expect(unsupportedOperations(df.groupBy('second').agg(sum('a')).analyzed, 'Append')).toEqual([]);
    expect(unsupportedOperations(df.groupBy('first').agg(sum('a')).analyzed, 'Append').map((p) => p.message)).toEqual([
      'Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark',
    ]);
  });

  it('append mode keeps the last batch answer empty while windows stay open', async () => {
    const spark = newSession();
    const input = intStream();
    await testStream(windowedCounts(spark, input), 'append', [AddData(input, 1, 2), CheckLastBatch()]);
  });
});
