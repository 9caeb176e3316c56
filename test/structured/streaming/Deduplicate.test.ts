/**
 * Streaming dropDuplicates (with and without a watermark) and dropDuplicatesWithinWatermark,
 * batch by batch: Spark's StreamingDeduplicationSuite and StreamingDeduplicationWithinWatermarkSuite
 * cases (case name in the test name).
 */
import { describe, expect, it } from 'vitest';
import { AnalysisException, col, count, MemoryStream, StructType, sum, window } from '../../../src/index.js';
import { AddData, CheckAnswer, CheckLastBatch, CheckNewAnswer, Execute, testStream, unsupportedOperations } from '../../../src/testing.js';
import { newSession } from '../support.js';
import { intStream, stateRowsChecker, withEventTime } from './statefulTestSupport.js';

const pairStream = (a: string, b: string) => new MemoryStream<Record<string, unknown>>(new StructType().add(a, 'int').add(b, 'int'));

describe('StreamingDeduplicationSuite', () => {
  it('deduplicate with all columns', async () => {
    const spark = newSession();
    const input = new MemoryStream<string>(new StructType().add('value', 'string'));
    const assertStateRows = stateRowsChecker();
    await testStream(input.toDF(spark).dropDuplicates(), 'append', [
      AddData(input, 'a'),
      CheckLastBatch(['a']),
      assertStateRows([1], [1]),
      AddData(input, 'a'),
      CheckLastBatch(),
      assertStateRows([1], [0]),
      AddData(input, 'a', 'b'),
      CheckLastBatch(['b']),
      assertStateRows([2], [1]),
    ]);
  });

  it('deduplicate with some columns', async () => {
    const spark = newSession();
    const input = new MemoryStream<Record<string, unknown>>(new StructType().add('_1', 'string').add('_2', 'int'));
    await testStream(input.toDF(spark).dropDuplicates(['_1']), 'append', [
      AddData(input, { _1: 'a', _2: 1 }),
      CheckLastBatch(['a', 1]),
      AddData(input, { _1: 'a', _2: 2 }),
      CheckLastBatch(),
      AddData(input, { _1: 'b', _2: 1 }),
      CheckLastBatch(['b', 1]),
    ]);
  });

  it('deduplicate with watermark: state past the watermark is evicted, late rows dropped', async () => {
    const spark = newSession();
    const input = intStream();
    const df = withEventTime(spark, input, '10 seconds').dropDuplicates().select(col('eventTime').cast('long'));
    const tens = [10, 11, 12, 13, 14, 15];
    const assertStateRows = stateRowsChecker();
    await testStream(df, 'append', [
      AddData(input, ...tens, ...tens, ...tens, ...tens, ...tens),
      CheckAnswer(...tens.map((t) => [t])),
      assertStateRows([6], [6]),
      AddData(input, 25), // watermark 15; the no-data batch drops rows <= 15
      CheckNewAnswer([25]),
      assertStateRows([1], [1], [0]),
      AddData(input, 10),
      CheckNewAnswer(),
      assertStateRows([1], [0], [1]),
      AddData(input, 45), // watermark 35 drops 25
      CheckNewAnswer([45]),
      assertStateRows([1], [1], [0]),
    ]);
  });

  it('deduplicate with aggregate - append mode', async () => {
    const spark = newSession();
    const input = intStream();
    const df = withEventTime(spark, input, '10 seconds')
      .dropDuplicates()
      .withWatermark('eventTime', '10 seconds')
      .groupBy(window(col('eventTime'), '5 seconds').alias('window'))
      .agg(count('*').alias('count'))
      .select(col('window').getField('start').cast('long'), 'count');
    const tens = [10, 11, 12, 13, 14, 15];
    const assertStateRows = stateRowsChecker();
    await testStream(df, 'append', [
      AddData(input, ...tens, ...tens, ...tens, ...tens, ...tens),
      CheckLastBatch(),
      assertStateRows([2, 6], [2, 6]), // aggregate [10, 15), [15, 20); dedup 10..15
      AddData(input, 25),
      CheckLastBatch([10, 5]),
      assertStateRows([2, 1], [1, 1]),
      AddData(input, 10),
      CheckLastBatch(),
      assertStateRows([2, 1], [0, 0], [0, 1]),
      AddData(input, 40),
      CheckLastBatch([15, 1], [25, 1]),
      assertStateRows([1, 1], [1, 1]),
    ]);
  });

  it('deduplicate with aggregate - update mode', async () => {
    const spark = newSession();
    const input = new MemoryStream<Record<string, unknown>>(new StructType().add('str', 'string').add('num', 'int'));
    const df = input.toDF(spark).dropDuplicates().groupBy('str').agg(sum('num'));
    const assertStateRows = stateRowsChecker();
    await testStream(df, 'update', [
      AddData(input, { str: 'a', num: 1 }),
      CheckLastBatch(['a', 1]),
      assertStateRows([1, 1], [1, 1]),
      AddData(input, { str: 'a', num: 1 }),
      CheckLastBatch(),
      assertStateRows([1, 1], [0, 0]),
      AddData(input, { str: 'a', num: 2 }),
      CheckLastBatch(['a', 3]),
      assertStateRows([1, 2], [1, 1]),
      AddData(input, { str: 'b', num: 1 }),
      CheckLastBatch(['b', 1]),
      assertStateRows([2, 3], [1, 1]),
    ]);
  });

  it('deduplicate with aggregate - complete mode', async () => {
    const spark = newSession();
    const input = new MemoryStream<Record<string, unknown>>(new StructType().add('str', 'string').add('num', 'int'));
    const df = input.toDF(spark).dropDuplicates().groupBy('str').agg(sum('num'));
    await testStream(df, 'complete', [
      AddData(input, { str: 'a', num: 1 }),
      CheckLastBatch(['a', 1]),
      AddData(input, { str: 'a', num: 1 }),
      CheckLastBatch(['a', 1]),
      AddData(input, { str: 'a', num: 2 }),
      CheckLastBatch(['a', 3]),
      AddData(input, { str: 'b', num: 1 }),
      CheckLastBatch(['a', 3], ['b', 1]),
    ]);
  });

  it('SPARK-19841: watermarkPredicate should filter based on keys', async () => {
    const spark = newSession();
    const input = pairStream('time', 'id');
    const df = input.toDF(spark).withColumn('time', col('time').cast('timestamp')).withWatermark('time', '1 second')
      .dropDuplicates(['id', 'time']).select('id');
    const at = (time: number, id: number) => ({ time, id });
    await testStream(df, 'append', [
      AddData(input, at(1, 1), at(1, 1), at(1, 2)),
      CheckAnswer([1], [2]),
      AddData(input, at(1, 1), at(2, 3), at(2, 4)),
      CheckAnswer([1], [2], [3], [4]),
      AddData(input, at(1, 0), at(1, 1), at(3, 5), at(3, 6)), // (1, 0) and (1, 1) are late
      CheckAnswer([1], [2], [3], [4], [5], [6]),
      AddData(input, at(1, 0), at(4, 7)),
      CheckAnswer([1], [2], [3], [4], [5], [6], [7]),
    ]);
  });

  it("SPARK-21546: dropDuplicates should ignore watermark when it's not a key", async () => {
    const spark = newSession();
    const input = pairStream('id', 'time');
    const df = input.toDF(spark).withColumn('time', col('time').cast('timestamp')).withWatermark('time', '1 second')
      .dropDuplicates(['id']).select(col('id'), col('time').cast('long'));
    await testStream(df, 'append', [
      AddData(input, { id: 1, time: 1 }, { id: 1, time: 2 }, { id: 2, time: 2 }),
      CheckAnswer([1, 1], [2, 2]),
      AddData(input, { id: 1, time: 30 }), // the key never leaves the state: still a duplicate
      CheckNewAnswer(),
      Execute((q) => expect(q.lastProgress?.stateOperators[0]?.numRowsTotal).toBe(2)),
    ]);
  });
});

describe('StreamingDeduplicationWithinWatermarkSuite', () => {
  it('deduplicate in batch DataFrame: refused', () => {
    const spark = newSession();
    expect(() => spark.range(10).dropDuplicatesWithinWatermark()).toThrow(AnalysisException);
    expect(() => spark.range(10).dropDuplicatesWithinWatermark()).toThrow('dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets');
  });

  it('deduplicate without event time column should result in error', () => {
    const spark = newSession();
    const df = new MemoryStream<string>(new StructType().add('value', 'string')).toDF(spark).dropDuplicatesWithinWatermark();
    expect(unsupportedOperations(df.analyzed, 'Append').map((p) => p.message)).toEqual([
      'dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark',
    ]);
  });

  it('a key is remembered until its event time plus the delay passes the watermark', async () => {
    const spark = newSession();
    const input = new MemoryStream<Record<string, unknown>>(new StructType().add('id', 'string').add('t', 'int'));
    const df = input.toDF(spark).withColumn('eventTime', col('t').cast('timestamp')).withWatermark('eventTime', '10 seconds')
      .dropDuplicatesWithinWatermark(['id']).select('id', 't');
    await testStream(df, 'append', [
      AddData(input, { id: 'a', t: 1 }, { id: 'a', t: 2 }, { id: 'b', t: 3 }),
      CheckNewAnswer(['a', 1], ['b', 3]), // a remembered until 11, b until 13
      AddData(input, { id: 'a', t: 9 }), // duplicate within the span
      CheckNewAnswer(),
      AddData(input, { id: 'c', t: 22 }), // watermark 12: a (11) leaves, b (13) stays
      CheckNewAnswer(['c', 22]),
      Execute((q) => expect(q.lastProgress?.stateOperators[0]?.numRowsTotal).toBe(2)),
      AddData(input, { id: 'a', t: 15 }, { id: 'b', t: 16 }), // a starts a new span; b still a duplicate
      CheckNewAnswer(['a', 15]),
      AddData(input, { id: 'b', t: 12 }), // at the watermark: late
      CheckNewAnswer(),
      Execute((q) => {
        const withData = q.recentProgress.filter((p) => p.numInputRows > 0).at(-1)!;
        expect(withData.stateOperators[0]?.numRowsDroppedByWatermark).toBe(1);
        expect(withData.stateOperators[0]?.operatorName).toBe('dedupeWithinWatermark');
      }),
    ]);
  });
});
