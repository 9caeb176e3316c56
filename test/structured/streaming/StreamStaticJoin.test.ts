/**
 * Stream-static joins: stateless per batch, the static side read again each batch. Spark's
 * StreamingInnerJoinSuite/StreamSuite stream-static cases ("SPARK-19690: do not convert batch
 * aggregation in streaming query to streaming", inner and left outer with the stream on the left)
 * and the unsupported stream-static combinations.
 */
import { describe, expect, it } from 'vitest';
import { col, count } from '../../../src/index.js';
import { AddData, CheckLastBatch, CheckNewAnswer, Execute, StartStream, StopStream, testStream, unsupportedOperations } from '../../../src/testing.js';
import { newSession } from '../support.js';
import { intStream } from './statefulTestSupport.js';

describe('stream-static joins', () => {
  it('SPARK-19690: do not convert batch aggregation in streaming query to streaming', async () => {
    const spark = newSession();
    const streamInput = intStream();
    const batchDF = spark.createDataFrame([1, 2, 3, 4, 5].map((value) => ({ value })))
      .withColumn('parity', col('value').mod(2))
      .groupBy('parity')
      .agg(count('*').alias('joinValue'));
    const joined = streamInput.toDF(spark).join(batchDF, col('value').equalTo(col('parity')));
    await testStream(joined, 'append', [
      AddData(streamInput, 0, 1, 2, 3),
      CheckLastBatch([0, 0, 2], [1, 1, 3]),
      AddData(streamInput, 0, 1, 2, 3),
      CheckLastBatch([0, 0, 2], [1, 1, 3]),
      Execute((q) => expect(q.lastProgress?.stateOperators).toEqual([])),
    ]);
  });

  it('inner join with a static DataFrame, across a restart', async () => {
    const spark = newSession();
    const input = intStream();
    const names = spark.createDataFrame([{ id: 1, name: 'one' }, { id: 2, name: 'two' }]);
    const joined = input.toDF(spark).join(names, col('value').equalTo(col('id'))).select('value', 'name');
    await testStream(joined, 'append', [
      AddData(input, 1, 2, 3),
      CheckNewAnswer([1, 'one'], [2, 'two']),
      StopStream,
      StartStream(),
      AddData(input, 2),
      CheckNewAnswer([2, 'two']),
    ]);
  });

  it('left outer join with the stream on the left: unmatched stream rows come out at once, with nulls', async () => {
    const spark = newSession();
    const input = intStream();
    const names = spark.createDataFrame([{ id: 1, name: 'one' }]);
    const joined = input.toDF(spark).join(names, col('value').equalTo(col('id')), 'left_outer').select('value', 'name');
    await testStream(joined, 'append', [
      AddData(input, 1, 7),
      CheckNewAnswer([1, 'one'], [7, null]),
      AddData(input, 8),
      CheckNewAnswer([8, null]),
    ]);
  });

  it('refuses outer joins that would need the static side to remember matches', () => {
    const spark = newSession();
    const stream = intStream().toDF(spark);
    const batch = spark.createDataFrame([{ id: 1 }]);
    const check = (df: ReturnType<typeof stream.join>) => unsupportedOperations(df.analyzed, 'Append').map((p) => p.message);
    expect(check(batch.join(stream, col('id').equalTo(col('value')), 'left_outer'))).toEqual([
      'LeftOuter join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported',
    ]);
    expect(check(stream.join(batch, col('id').equalTo(col('value')), 'right_outer'))).toEqual([
      'RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not supported',
    ]);
    expect(check(stream.join(batch, col('id').equalTo(col('value')), 'full_outer'))).toEqual([
      'FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on the right is not supported',
    ]);
    expect(check(stream.join(batch, col('id').equalTo(col('value')), 'left_outer'))).toEqual([]);
  });
});
