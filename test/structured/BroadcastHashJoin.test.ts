import { describe, expect, it } from 'vitest';
import { col } from '../../src/index.js';
import { newSession } from './support.js';

function tables(spark: ReturnType<typeof newSession>) {
  const events = spark.range(0, 6).select(col('id'), col('id').mod(3).alias('ad'));
  const ads = spark.createDataFrame(
    [
      [0, 'c0'],
      [1, 'c1'],
      [1, 'c1b'],
      [null, 'cnull'],
    ],
    'ad BIGINT, campaign STRING',
  );
  return { events, ads };
}

describe('broadcast hash join of a local table', () => {
  it('plans a join with a small local table as a broadcast hash join fused into the streamed side', () => {
    const spark = newSession();
    const { events, ads } = tables(spark);
    const plan = events.join(ads, 'ad').explain(false, () => {});
    expect(plan).toContain('*(1) BroadcastHashJoin [ad#');
    expect(plan).not.toContain('Exchange');
  });

  it('inner join keeps the streamed order and repeats a row for every match; null keys never match', async () => {
    const spark = newSession();
    const { events, ads } = tables(spark);
    expect(await events.join(ads, 'ad').collect()).toEqual([
      { ad: 0, id: 0, campaign: 'c0' },
      { ad: 1, id: 1, campaign: 'c1' },
      { ad: 1, id: 1, campaign: 'c1b' },
      { ad: 0, id: 3, campaign: 'c0' },
      { ad: 1, id: 4, campaign: 'c1' },
      { ad: 1, id: 4, campaign: 'c1b' },
    ]);
  });

  it('left outer, semi and anti joins give the same rows fused and unfused', async () => {
    for (const wholeStage of [true, false]) {
      const spark = newSession({ conf: { 'spark.sql.codegen.wholeStage': wholeStage } });
      const { events, ads } = tables(spark);
      expect(await events.join(ads, 'ad', 'left').where(col('ad').equalTo(2)).collect()).toEqual([
        { ad: 2, id: 2, campaign: null },
        { ad: 2, id: 5, campaign: null },
      ]);
      expect((await events.join(ads, 'ad', 'left_semi').collect()).map((r) => r['id'])).toEqual([0, 1, 3, 4]);
      expect((await events.join(ads, 'ad', 'left_anti').collect()).map((r) => r['id'])).toEqual([2, 5]);
    }
  });
});
