/**
 * The late-data side output (beyond Spark, as Flink's sideOutputLateData): every row a watermark
 * made a stateful operator drop, with its event time and the watermark that dropped it, next to
 * Spark's own count of dropped rows.
 */
import { describe, expect, it } from 'vitest';
import { col, count, LateDataSideOutput, MemoryStream, StructType, window } from '../../../src/index.js';
import { AddData, CheckNewAnswer, Execute, testStream } from '../../../src/testing.js';
import { newSession } from '../support.js';
import { assertNumRowsDroppedByWatermark, intStream } from './statefulTestSupport.js';

describe('late-data side output', () => {
  it('a windowed aggregation reports each dropped row once per late window; Spark counts late keys', async () => {
    const spark = newSession();
    const input = intStream();
    const late = new LateDataSideOutput();
    const df = input.toDF(spark).withColumn('eventTime', col('value').cast('timestamp'))
      .withWatermark('eventTime', '10 seconds', { lateData: late })
      .groupBy(window(col('eventTime'), '10 seconds', '5 seconds').alias('window'))
      .agg(count('*').alias('n'))
      .select(col('window').getField('start').cast('long'), 'n');
    await testStream(df, 'append', [
      AddData(input, 30),
      CheckNewAnswer(),
      AddData(input, 9, 9, 16), // watermark 20: 9 is late in [0, 10) and [5, 15); 16 in [10, 20) but not [15, 25)
      CheckNewAnswer(),
      assertNumRowsDroppedByWatermark(3), // keys [0, 10), [5, 15) and [10, 20)
      Execute(() => {
        // The rows as the aggregation reads them (after column pruning: the window column).
        const seen = late.rows.map((r) => [r.row['window'], r.eventTime, r.watermarkMs, r.operatorName]);
        const w = (start: number) => ({ start: start * 1000, end: start * 1000 + 10_000 });
        expect(seen.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
          [w(0), w(0), 20000, 'stateStoreSave'],
          [w(0), w(0), 20000, 'stateStoreSave'],
          [w(10), w(10), 20000, 'stateStoreSave'],
          [w(5), w(5), 20000, 'stateStoreSave'],
          [w(5), w(5), 20000, 'stateStoreSave'],
        ]);
        expect(new Set(late.rows.map((r) => r.batchId)).size).toBe(1);
      }),
    ]);
  });

  it('dropDuplicates reports the late input rows it dropped, to a listener too', async () => {
    const spark = newSession();
    const input = new MemoryStream<Record<string, unknown>>(new StructType().add('id', 'string').add('t', 'int'));
    const late = new LateDataSideOutput();
    const heard: string[] = [];
    late.onLateRow((r) => heard.push(`${String(r.row['id'])}@${String(r.eventTime)}<=${r.watermarkMs}`));
    const df = input.toDF(spark).withColumn('eventTime', col('t').cast('timestamp'))
      .withWatermark('eventTime', '5 seconds', { lateData: late })
      .dropDuplicates(['id', 'eventTime']).select('id', 't');
    await testStream(df, 'append', [
      AddData(input, { id: 'a', t: 20 }),
      CheckNewAnswer(['a', 20]),
      AddData(input, { id: 'b', t: 15 }, { id: 'c', t: 16 }), // watermark 15: b is late
      CheckNewAnswer(['c', 16]),
      Execute(() => expect(heard).toEqual(['b@15000<=15000'])),
    ]);
  });

  it('nothing is reported without late rows, and complete mode drops nothing', async () => {
    const spark = newSession();
    const input = intStream();
    const late = new LateDataSideOutput();
    const df = input.toDF(spark).withColumn('eventTime', col('value').cast('timestamp'))
      .withWatermark('eventTime', '10 seconds', { lateData: late })
      .groupBy(window(col('eventTime'), '5 seconds')).agg(count('*').alias('n'));
    await testStream(df, 'complete', [
      AddData(input, 30),
      AddData(input, 1),
      Execute(async (q) => {
        await q.processAllAvailable();
        expect(late.rows).toEqual([]);
      }),
    ]);
  });
});
