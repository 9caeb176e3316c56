/**
 * A micro-batch reuses the optimization of the query's previous batch with its own rows put in
 * (OptimizedPlanCache): each batch still reads exactly its own rows, and queries that look alike
 * (same shape over the same source, other predicates or literals) never take each other's plan.
 */
import { describe, expect, it } from 'vitest';
import { col, ManualClock, MemoryStream, SparkSession, StructType } from '../../../src/index.js';
import { tempDir } from './support.js';

function session(): SparkSession {
  return SparkSession.builder().master('local[2]').config('spark.sql.shuffle.partitions', 2).clock(new ManualClock(0)).getOrCreate();
}

describe('micro-batch plans reused across batches', () => {
  it('reads each batch\'s own rows, batch after batch, in queries alike but for a literal', async () => {
    const spark = session();
    try {
      const input = new MemoryStream<number>(new StructType().add('value', 'int'));
      const base = input.toDF(spark);
      // Same shape, same source, pruned the same way: only the literals differ.
      const above = base.where(col('value').gt(2)).select(col('value').multiply(10).alias('v'));
      const below = base.where(col('value').lt(2)).select(col('value').multiply(100).alias('v'));
      const q1 = above.writeStream.format('memory').queryName('above').option('checkpointLocation', tempDir()).start();
      const q2 = below.writeStream.format('memory').queryName('below').option('checkpointLocation', tempDir()).start();
      const batches = [[1, 2, 3], [0, 4], [5], [1]];
      for (const rows of batches) {
        input.addData(...rows);
        await q1.processAllAvailable();
        await q2.processAllAvailable();
      }
      expect((await spark.table('above').collect()).map((r) => r['v'])).toEqual([30, 40, 50]);
      expect((await spark.table('below').collect()).map((r) => r['v'])).toEqual([100, 0, 100]);
      expect(q1.recentProgress.map((p) => p.numInputRows)).toEqual([3, 2, 1, 1]);
      await q1.stop();
      await q2.stop();
    } finally {
      spark.stop();
    }
  });
});
