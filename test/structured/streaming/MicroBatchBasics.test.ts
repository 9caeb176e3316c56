import { describe, expect, it } from 'vitest';
import { col, ManualClock, MemoryStream, SparkSession, StructType } from '../../../src/index.js';
import { tempDir } from './support.js';

function session(): SparkSession {
  return SparkSession.builder().master('local[2]').config('spark.sql.shuffle.partitions', 2).clock(new ManualClock(0)).getOrCreate();
}

describe('micro-batch execution with MemoryStream and the memory sink', () => {
  it('runs select and filter per batch and keeps the rows in spark.table(queryName)', async () => {
    const spark = session();
    try {
      const input = new MemoryStream<number>(new StructType().add('value', 'int'));
      const df = input.toDF(spark).where(col('value').gt(1)).select(col('value').multiply(10).alias('v'));
      const query = df.writeStream.format('memory').queryName('q1').option('checkpointLocation', tempDir()).start();
      input.addData(1, 2, 3);
      await query.processAllAvailable();
      expect(await spark.table('q1').collect()).toEqual([{ v: 20 }, { v: 30 }]);
      input.addData(4);
      await query.processAllAvailable();
      expect(await spark.table('q1').collect()).toEqual([{ v: 20 }, { v: 30 }, { v: 40 }]);
      expect(query.lastProgress?.batchId).toBe(1);
      expect(query.lastProgress?.numInputRows).toBe(1);
      await query.stop();
      expect(query.isActive).toBe(false);
    } finally {
      spark.stop();
    }
  });
});
