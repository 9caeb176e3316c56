/**
 * Session windows batch by batch: Spark's StreamingSessionWindowSuite (sessionization of words,
 * complete and append mode, dynamic gap) and EventTimeWatermarkSuite's session cases, plus a batch
 * DataFrame. Sessions of a key merge when the next one starts at or before the current end.
 */
import { describe, expect, it } from 'vitest';
import { type Column, col, count, type DataFrame, MemoryStream, type SparkSession, StructType, session_window, sum, when } from '../../../src/index.js';
import { AddData, CheckNewAnswer, ExpectFailure, testStream, unsupportedOperations } from '../../../src/testing.js';
import { newSession } from '../support.js';
import { assertNumRowsDroppedByWatermark, intStream, withEventTime } from './statefulTestSupport.js';

const lines = () => new MemoryStream<Record<string, unknown>>(new StructType().add('value', 'string').add('timestamp', 'long'));
const at = (value: string, timestamp: number) => ({ value, timestamp });

/** Spark's sessionWindowQuery: words of each line as session ids, 10-second gap, 30-second watermark. */
function sessionWindowQuery(spark: SparkSession, input: MemoryStream<Record<string, unknown>>, gap: string | ((c: Column) => Column) = '10 seconds'): DataFrame {
  const words = input.toDF(spark)
    .withColumn('eventTime', col('timestamp').cast('timestamp'))
    .withWatermark('eventTime', '30 seconds')
    .selectExpr("explode(split(value, ' ')) AS sessionId", 'eventTime');
  const window = typeof gap === 'string' ? session_window('eventTime', gap) : session_window('eventTime', gap(col('sessionId')));
  return words.groupBy(window.alias('session'), col('sessionId'))
    .agg(count('*').alias('numEvents'))
    .selectExpr('sessionId', 'CAST(session.start AS LONG)', 'CAST(session.end AS LONG)',
      'CAST(session.end AS LONG) - CAST(session.start AS LONG) AS durationMs', 'numEvents');
}

describe('StreamingSessionWindowSuite', () => {
  it('complete mode - session window', async () => {
    const spark = newSession();
    const input = lines();
    const base: unknown[][] = [['hello', 40, 51, 11, 2], ['world', 40, 51, 11, 2], ['structured', 41, 51, 10, 1]];
    await testStream(sessionWindowQuery(spark, input), 'complete', [
      AddData(input, at('hello world spark streaming', 40), at('world hello structured streaming', 41)),
      CheckNewAnswer(...base, ['streaming', 40, 51, 11, 2], ['spark', 40, 50, 10, 1]),
      AddData(input, at('spark streaming', 25)), // new sessions before the existing ones
      CheckNewAnswer(['spark', 25, 35, 10, 1], ['streaming', 25, 35, 10, 1], ...base, ['streaming', 40, 51, 11, 2], ['spark', 40, 50, 10, 1]),
      AddData(input, at('spark streaming', 30)), // joins the earlier sessions into one
      CheckNewAnswer(['spark', 25, 50, 25, 3], ['streaming', 25, 51, 26, 4], ...base),
      AddData(input, at('hello apache spark', 60)),
      CheckNewAnswer(['spark', 25, 50, 25, 3], ['streaming', 25, 51, 26, 4], ...base,
        ['hello', 60, 70, 10, 1], ['apache', 60, 70, 10, 1], ['spark', 60, 70, 10, 1]),
    ]);
  });

  it('complete mode - session window - no key: refused when the query runs', async () => {
    const spark = newSession();
    const input = intStream();
    const df = withEventTime(spark, input, '10 seconds').groupBy(session_window('eventTime', '5 seconds')).agg(count('*'));
    await testStream(df, 'complete', [
      AddData(input, 40),
      ExpectFailure({ messageContains: 'Global aggregation with session window in streaming query is not supported' }),
    ]);
  });

  it('append mode - session window: a session is emitted once the watermark passes its end', async () => {
    const spark = newSession();
    const input = lines();
    await testStream(sessionWindowQuery(spark, input), 'append', [
      AddData(input, at('hello world spark streaming', 40), at('world hello structured streaming', 41)),
      CheckNewAnswer(), // watermark 11
      AddData(input, at('spark streaming', 25)),
      CheckNewAnswer(),
      AddData(input, at('spark streaming', 0)), // sessions [0, 10) end before the watermark 11
      CheckNewAnswer(),
      assertNumRowsDroppedByWatermark(2),
      AddData(input, at('spark streaming', 30)),
      CheckNewAnswer(),
      AddData(input, at('hello apache spark', 60)), // watermark 30
      CheckNewAnswer(),
      AddData(input, at('structured streaming', 90)), // watermark 60
      CheckNewAnswer(['spark', 25, 50, 25, 3], ['streaming', 25, 51, 26, 4], ['hello', 40, 51, 11, 2], ['world', 40, 51, 11, 2], ['structured', 41, 51, 10, 1]),
    ]);
  });

  it('SPARK-36465: dynamic gap duration (zero and negative gaps drop the row)', async () => {
    const spark = newSession();
    const input = lines();
    const gap = (id: Column) => when(id.equalTo('hello'), '1 second').when(id.equalTo('structured'), '0 second')
      .when(id.equalTo('world'), '-10 seconds').otherwise('10 seconds');
    await testStream(sessionWindowQuery(spark, input, gap), 'append', [
      AddData(input, at('hello world spark streaming', 40), at('world hello structured streaming', 41)),
      CheckNewAnswer(),
      AddData(input, at('spark streaming', 25)),
      CheckNewAnswer(),
      AddData(input, at('spark streaming', 0)),
      CheckNewAnswer(),
      assertNumRowsDroppedByWatermark(2),
      AddData(input, at('spark streaming', 30)),
      CheckNewAnswer(),
      AddData(input, at('hello apache spark', 60)),
      CheckNewAnswer(),
      AddData(input, at('structured streaming', 90)),
      CheckNewAnswer(['spark', 25, 50, 25, 3], ['streaming', 25, 51, 26, 4], ['hello', 40, 42, 2, 2]),
    ]);
  });
});

describe('EventTimeWatermarkSuite session cases', () => {
  it('append mode - session', async () => {
    const spark = newSession();
    const input = intStream();
    const df = withEventTime(spark, input, '10 seconds')
      .selectExpr('*', 'CAST(value / 10 AS INT) AS valuegroup')
      .groupBy(session_window('eventTime', '5 seconds').alias('session'), col('valuegroup'))
      .agg(count('*').alias('count'), sum('value').alias('sum'))
      .select(col('valuegroup'), col('session').getField('start').cast('long'), col('session').getField('end').cast('long'), 'count', 'sum');
    await testStream(df, 'append', [
      AddData(input, 10, 11), // key 1: (10, 16)
      CheckNewAnswer(),
      AddData(input, 17), // key 1: (10, 16), (17, 22)
      CheckNewAnswer(),
      AddData(input, 25),
      CheckNewAnswer(),
      AddData(input, 35), // watermark 25 evicts key 1's sessions
      CheckNewAnswer([1, 10, 16, 2, 21], [1, 17, 22, 1, 17]),
      AddData(input, 10),
      CheckNewAnswer(),
      AddData(input, 40), // watermark 30 evicts (25, 30)
      CheckNewAnswer([2, 25, 30, 1, 25]),
    ]);
  });

  it('update mode with session windows is refused (Spark 3.2+)', () => {
    const spark = newSession();
    const df = withEventTime(spark, intStream(), '10 seconds').groupBy(session_window('eventTime', '5 seconds'), 'value').agg(count('*'));
    expect(unsupportedOperations(df.analyzed, 'Update').map((p) => p.message)).toEqual([
      'Update output mode not supported for session window on streaming DataFrames/DataSets',
    ]);
  });
});

describe('session_window on a batch DataFrame', () => {
  it('merges each key\'s sessions: start <= end joins them', async () => {
    const spark = newSession();
    const df = spark.createDataFrame([1, 2, 7, 10, 30].map((v) => ({ v, k: 'a' })).concat([{ v: 3, k: 'b' }]))
      .withColumn('t', col('v').cast('timestamp'))
      .groupBy(session_window('t', '5 seconds'), 'k').agg(count('*').alias('n'))
      .select(col('k'), col('session_window.start').cast('long').alias('s'), col('session_window.end').cast('long').alias('e'), 'n');
    const rows = (await df.collect()).map((r) => [r['k'], r['s'], r['e'], r['n']]);
    expect(rows.sort()).toEqual([['a', 1, 15, 4], ['a', 30, 35, 1], ['b', 3, 8, 1]]);
  });
});
