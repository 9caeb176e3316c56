/**
 * A micro-batch reuses the fused stage source generated for an earlier batch of the same plan
 * (GeneratedStageCache): the stage is found by its canonical description (new exprIds each
 * batch do not matter), reads its own batch's accumulator (the watermark moves batch by batch as
 * without the cache), and a plan that differs in a literal, a column or its static table is
 * generated anew. The cache belongs to the query: a new query generates its stages again, and a
 * stopped query's cache is empty (its stages held its static table).
 */
import { describe, expect, it } from 'vitest';
import { col, ManualClock, MemoryStream, SparkSession, StructType, window } from '../../../src/index.js';
import type { DataFrame, Row } from '../../../src/index.js';
import { generatedStageCacheStats, MicroBatchExecution } from '../../../src/testing.js';
import { tempDir } from './support.js';

function session(): SparkSession {
  return SparkSession.builder().master('local[2]').config('spark.sql.shuffle.partitions', 2).clock(new ManualClock(0)).getOrCreate();
}

/** Runs `build(stream)` over `batches` (seconds), returning the rows of each batch that had any, and the watermarks. */
async function run(spark: SparkSession, build: (df: DataFrame) => DataFrame, batches: number[][]) {
  const input = new MemoryStream<{ t: number }>(new StructType().add('t', 'long'));
  const events = input.toDF(spark).withColumn('eventTime', col('t').cast('timestamp'));
  const outputs: Row[][] = [];
  const query = build(events).writeStream.outputMode('update').option('checkpointLocation', tempDir())
    .foreachBatch(async (batch) => {
      const rows = await batch.collect();
      if (rows.length > 0) outputs.push(rows.map((r) => ({ ...r, window: (r['window'] as { start: number }).start / 1000 })));
    })
    .start();
  const watermarks: string[] = [];
  for (const rows of batches) {
    input.addData(...rows.map((t) => ({ t })));
    await query.processAllAvailable();
    watermarks.push(query.lastProgress!.eventTime['watermark']!);
  }
  await query.stop();
  return { outputs: outputs.map((rows) => [...rows].sort((a, b) => Number(a['window']) - Number(b['window']))), watermarks };
}

const windowedCount = (df: DataFrame) => df.withWatermark('eventTime', '10 seconds').groupBy(window('eventTime', '10 seconds')).count();

describe('fused stage source reused across micro-batches', () => {
  it('moves the watermark with each batch\'s own event times and drops what it makes late', async () => {
    const spark = session();
    try {
      const before = { ...generatedStageCacheStats };
      const { outputs, watermarks } = await run(spark, windowedCount, [[1, 5, 12], [25, 3], [4, 26]]);
      expect(outputs).toEqual([
        [{ window: 0, count: 2 }, { window: 10, count: 1 }],
        [{ window: 0, count: 3 }, { window: 20, count: 1 }],
        [{ window: 20, count: 2 }],
      ]);
      expect(watermarks).toEqual(['1970-01-01T00:00:02.000Z', '1970-01-01T00:00:15.000Z', '1970-01-01T00:00:16.000Z']);
      // Every batch after the first (no-data batches included) found the stage generated for the first.
      expect(generatedStageCacheStats.misses - before.misses).toBe(1);
      expect(generatedStageCacheStats.hits - before.hits).toBeGreaterThanOrEqual(2);
    } finally {
      spark.stop();
    }
  });

  it('generates again for a plan that differs in a literal, a column or its static table', async () => {
    const spark = session();
    try {
      const table = (rows: [number, string][]) => spark.createDataFrame(rows, 'ad BIGINT, campaign STRING');
      const campaigns = table([[0, 'a'], [1, 'b'], [2, 'c']]);
      const byCampaign = (literal: number, static_: DataFrame, column = 'campaign') => (df: DataFrame) =>
        df.withColumn('ad', col('t').mod(3)).where(col('t').gt(literal)).join(static_, 'ad')
          .withWatermark('eventTime', '10 seconds').groupBy(window('eventTime', '10 seconds'), column).count();
      const batches = [[1, 2, 3, 4], [5, 6]];
      const before = generatedStageCacheStats.misses;
      const first = await run(spark, byCampaign(0, campaigns), batches);
      const flat = (o: Row[][]) => o.map((rows) => rows.map((r) => `${String(r['campaign'] ?? r['ad'])}:${String(r['count'])}`).sort());
      expect(flat(first.outputs)).toEqual([['a:1', 'b:2', 'c:1'], ['a:2', 'c:2']]);
      expect(generatedStageCacheStats.misses - before).toBe(1);
      expect(flat((await run(spark, byCampaign(2, campaigns), batches)).outputs)).toEqual([['a:1', 'b:1'], ['a:2', 'c:1']]);
      expect(generatedStageCacheStats.misses - before).toBe(2);
      expect(flat((await run(spark, byCampaign(0, table([[0, 'x'], [1, 'y'], [2, 'z']])), batches)).outputs)).toEqual([['x:1', 'y:2', 'z:1'], ['x:2', 'z:2']]);
      expect(generatedStageCacheStats.misses - before).toBe(3);
      expect(flat((await run(spark, byCampaign(0, campaigns, 'ad'), batches)).outputs)).toEqual([['0:1', '1:2', '2:1'], ['0:2', '2:2']]);
      expect(generatedStageCacheStats.misses - before).toBe(4);
      // The first query again, as a new query: the stages of the stopped one are gone with it.
      expect(flat((await run(spark, byCampaign(0, campaigns), batches)).outputs)).toEqual([['a:1', 'b:2', 'c:1'], ['a:2', 'c:2']]);
      expect(generatedStageCacheStats.misses - before).toBe(5);
    } finally {
      spark.stop();
    }
  });

  it('keeps the stages while the query runs and none once it stops', async () => {
    const spark = session();
    try {
      const input = new MemoryStream<{ t: number }>(new StructType().add('t', 'long'));
      const campaigns = spark.createDataFrame([[0, 'a'], [1, 'b'], [2, 'c']], 'ad BIGINT, campaign STRING');
      const counts = windowedCount(input.toDF(spark).withColumn('eventTime', col('t').cast('timestamp')).withColumn('ad', col('t').mod(3)).join(campaigns, 'ad'));
      const query = counts.writeStream.outputMode('update').format('memory').queryName('stage_cache_owner').option('checkpointLocation', tempDir()).start();
      const execution = query.execution as MicroBatchExecution;
      input.addData({ t: 1 }, { t: 2 });
      await query.processAllAvailable();
      const before = { ...generatedStageCacheStats };
      input.addData({ t: 3 });
      await query.processAllAvailable();
      expect(query.lastProgress!.numInputRows).toBe(1);
      expect(generatedStageCacheStats.misses - before.misses).toBe(0);
      expect(execution.generatedStages.size).toBe(1);
      await query.stop();
      expect(execution.generatedStages.size).toBe(0);
    } finally {
      spark.stop();
    }
  });
});
