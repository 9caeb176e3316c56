/**
 * A fused stage reading a source's object rows in place (no internal array per row): the rows it
 * gives equal the converter's, for missing, undefined and extra fields, Date and numeric
 * timestamps, plain values wrapped into the first column, and partitions that cross the units a
 * source was fed in. Each case runs fused (the in-place read) and unfused (the converter).
 */
import { describe, it } from 'vitest';
import { col, MemoryStream, StructType } from '../../../src/index.js';
import { AddData, CheckNewAnswer, testStream } from '../../../src/testing.js';
import { streamingSession } from './querySupport.js';

const schema = new StructType().add('name', 'string').add('n', 'long').add('t', 'timestamp');

describe('fused scan of object rows', () => {
  for (const wholeStage of [true, false]) {
    it(`reads fields as the row converter does (wholeStage=${wholeStage})`, async () => {
      const { spark } = streamingSession(0, { 'spark.sql.codegen.wholeStage': String(wholeStage) });
      const input = new MemoryStream<unknown>(schema);
      const df = input.toDF(spark).where(col('n').isNull().or(col('n').gt(1))).select('name', 'n', col('t').cast('long').alias('seconds'));
      await testStream(df, 'append', [
        AddData(input, { name: 'a', n: 1, t: 1000 }, { name: 'b', t: new Date(2000) }, { name: undefined, n: 3, t: null, extra: 'x' }, 'plain'),
        CheckNewAnswer(['b', null, 2], [null, 3, null], ['plain', null, null]),
        AddData(input, { n: 5, t: new Date(-4000) }),
        CheckNewAnswer([null, 5, -4]),
      ]);
    });

    it(`walks partitions that span several added units, in order (wholeStage=${wholeStage})`, async () => {
      const { spark } = streamingSession(0, { 'spark.sql.codegen.wholeStage': String(wholeStage) });
      const input = new MemoryStream<unknown>(schema, { numPartitions: 3 });
      const df = input.toDF(spark).where(col('n').mod(2).equalTo(0)).select('n');
      input.addData({ n: 1 }, { n: 2 });
      input.addData({ n: 3 }, { n: 4 }, { n: 5 });
      await testStream(df, 'append', [
        AddData(input, { n: 6 }, { n: 7 }, { n: 8 }, { n: 10 }),
        CheckNewAnswer([2], [4], [6], [8], [10]),
      ]);
    });
  }

  for (const wholeStage of [true, false]) {
    it(`counts filtered, joined rows per campaign; unmatched and null keys drop out (wholeStage=${wholeStage})`, async () => {
      const { spark } = streamingSession(0, { 'spark.sql.codegen.wholeStage': String(wholeStage) });
      const input = new MemoryStream<unknown>(new StructType().add('ad', 'string').add('kind', 'string').add('t', 'timestamp'), { numPartitions: 2 });
      const ads = spark.createDataFrame([{ ad: 'a1', campaign: 'c1' }, { ad: 'a2', campaign: 'c2' }, { ad: 'a3', campaign: 'c1' }]);
      const counts = input.toDF(spark).where(col('kind').equalTo('view')).join(ads, 'ad').groupBy(col('campaign')).count();
      const events = [['a1', 'view', 1], ['a2', 'click', 2], ['a3', 'view', 3], ['a9', 'view', 4], ['a2', 'view', 5], [null, 'view', 6]]
        .map(([ad, kind, t]) => ({ ad, kind, t }));
      await testStream(counts, 'complete', [
        AddData(input, ...events),
        CheckNewAnswer(['c1', 2], ['c2', 1]),
        AddData(input, { ad: 'a2', kind: 'view', t: 7 }),
        CheckNewAnswer(['c1', 2], ['c2', 2]),
      ]);
    });
  }
});
