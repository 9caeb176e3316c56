/**
 * foreachBatch hands its function a DataFrame over the batch plan's own rows (no conversion to
 * row objects and back): the schema is the query's, the rows and their struct values are exact,
 * the DataFrame can be read twice and queried further, and two columns of one name keep their own
 * values (a row object holds only one of them). Collecting the batch as it is runs no job (the rows
 * are on the driver already, as Spark's LocalTableScanExec.executeCollect); a query over it does.
 */
import { describe, expect, it } from 'vitest';
import { col, ManualClock, MemoryStream, SparkSession, StructType, window } from '../../../src/index.js';
import type { DataFrame, Row } from '../../../src/index.js';
import { tempDir } from './support.js';

function session(): SparkSession {
  return SparkSession.builder().master('local[2]').config('spark.sql.shuffle.partitions', 2).clock(new ManualClock(0)).getOrCreate();
}

describe('foreachBatch over the batch plan\'s rows', () => {
  it('gives the query\'s schema and rows, readable twice and queried further', async () => {
    const spark = session();
    try {
      const input = new MemoryStream<{ t: number; k: string }>(new StructType().add('t', 'long').add('k', 'string'));
      const counts = input.toDF(spark).withColumn('eventTime', col('t').cast('timestamp'))
        .groupBy(window('eventTime', '10 seconds'), 'k').count();
      const seen: { schema: string; rows: Row[]; again: Row[]; filtered: Row[] }[] = [];
      const query = counts.writeStream.outputMode('update').option('checkpointLocation', tempDir())
        .foreachBatch(async (batch: DataFrame) => {
          const rows = await batch.orderBy('k').collect();
          seen.push({
            schema: batch.schema.simpleString,
            rows,
            again: await batch.orderBy('k').collect(),
            filtered: await batch.where(col('count').gt(1)).select('k').collect(),
          });
        })
        .start();
      input.addData({ t: 1, k: 'a' }, { t: 2, k: 'b' }, { t: 3, k: 'a' });
      await query.processAllAvailable();
      input.addData({ t: 12, k: 'b' });
      await query.processAllAvailable();
      await query.stop();
      expect(seen.map((s) => s.schema)).toEqual([
        'struct<window:struct<start:timestamp,end:timestamp>,k:string,count:bigint>',
        'struct<window:struct<start:timestamp,end:timestamp>,k:string,count:bigint>',
      ]);
      expect(seen.map((s) => s.rows)).toEqual([
        [{ window: { start: 0, end: 10000 }, k: 'a', count: 2 }, { window: { start: 0, end: 10000 }, k: 'b', count: 1 }],
        [{ window: { start: 10000, end: 20000 }, k: 'b', count: 1 }],
      ]);
      expect(seen.map((s) => s.again)).toEqual(seen.map((s) => s.rows));
      expect(seen.map((s) => s.filtered)).toEqual([[{ k: 'a' }], []]);
    } finally {
      spark.stop();
    }
  });

  it('collects the batch without a job, and a query over it with one', async () => {
    const spark = session();
    try {
      const jobs: number[] = [];
      spark.sparkContext.listenerBus.addListener({ onJobStart: (e) => jobs.push(e.jobId) });
      const input = new MemoryStream<{ v: number }>(new StructType().add('v', 'int'));
      const seen: { rows: Row[]; jobsForRows: number; filtered: Row[]; jobsForFiltered: number }[] = [];
      const query = input.toDF(spark).writeStream.option('checkpointLocation', tempDir())
        .foreachBatch(async (batch: DataFrame) => {
          const before = jobs.length;
          const rows = await batch.collect();
          const afterRows = jobs.length;
          const filtered = await batch.where(col('v').gt(1)).collect();
          seen.push({ rows, jobsForRows: afterRows - before, filtered, jobsForFiltered: jobs.length - afterRows });
        })
        .start();
      input.addData({ v: 1 }, { v: 2 }, { v: 3 });
      await query.processAllAvailable();
      await query.stop();
      expect(seen).toEqual([{ rows: [{ v: 1 }, { v: 2 }, { v: 3 }], jobsForRows: 0, filtered: [{ v: 2 }, { v: 3 }], jobsForFiltered: 1 }]);
    } finally {
      spark.stop();
    }
  });

  it('keeps the values of two columns with one name', async () => {
    const spark = session();
    try {
      const input = new MemoryStream<{ a: number; b: number }>(new StructType().add('a', 'int').add('b', 'int'));
      const both = input.toDF(spark).select(col('a'), col('b').alias('a'));
      const seen: unknown[][] = [];
      const query = both.writeStream.option('checkpointLocation', tempDir())
        .foreachBatch(async (batch: DataFrame) => {
          const [first, second] = batch.columns;
          seen.push([first, second, (await batch.toDF('x', 'y').collect()).map((r) => [r['x'], r['y']])]);
        })
        .start();
      input.addData({ a: 1, b: 10 }, { a: 2, b: 20 });
      await query.processAllAvailable();
      await query.stop();
      expect(seen.at(-1)).toEqual(['a', 'a', [[1, 10], [2, 20]]]);
    } finally {
      spark.stop();
    }
  });
});
