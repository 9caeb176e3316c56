/**
 * Batch DataFrame queries on worker-thread executors: fused stages and every unfused operator
 * give exactly the rows they give on local[2]. The rows are written out once here and compared
 * against both masters.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  approx_count_distinct, avg, col, collect_list, count, desc, explode, first, lit, ManualClock, max, min, SparkContext, SparkSession, split, sum,
  to_timestamp, upper, window,
} from '../../../src/index.js';
import { onBothMasters, tempDir } from './support.js';

function sales(spark: SparkSession) {
  return spark.createDataFrame(
    [
      ['north', 'apple', 3, '1.5', '2024-01-01 00:00:05', 'a b'],
      ['north', 'pear', 1, '2.25', '2024-01-01 00:00:12', 'c'],
      ['south', 'apple', 4, 'x', '2024-01-01 00:00:14', 'a c'],
      ['south', 'plum', null, '0.5', '2024-01-01 00:00:21', ''],
      ['east', 'apple', 2, null, '2024-01-01 00:00:33', 'b b b'],
    ],
    'region STRING, item STRING, qty INT, price STRING, at STRING, tags STRING',
  );
}

const T0 = Date.UTC(2024, 0, 1);

/** Runs `query` on both masters; asserts the rows equal `expected` on each. */
async function expectOnBoth(query: (spark: SparkSession) => Promise<unknown[]>, expected: unknown[], conf: Record<string, string | number | boolean> = {}) {
  const [inline, workers] = await onBothMasters(query, conf);
  expect(inline).toEqual(expected);
  expect(workers).toEqual(inline);
}

describe.each([true, false])('batch queries on local-workers[2] (whole-stage codegen %s)', (wholeStage) => {
  const conf = { 'spark.sql.codegen.wholeStage': wholeStage };

  it('filters and projects with cast, like, upper and split', async () => {
    await expectOnBoth(
      (spark) =>
        sales(spark)
          .where(col('item').like('%p%').and(col('qty').isNotNull()))
          .select(col('region'), upper(col('item')).alias('item'), col('price').cast('double').alias('price'), split(col('tags'), ' ').alias('tags'))
          .orderBy('region', 'item')
          .collect(),
      [
        { region: 'east', item: 'APPLE', price: null, tags: ['b', 'b', 'b'] },
        { region: 'north', item: 'APPLE', price: 1.5, tags: ['a', 'b'] },
        { region: 'north', item: 'PEAR', price: 2.25, tags: ['c'] },
        { region: 'south', item: 'APPLE', price: null, tags: ['a', 'c'] },
      ],
      conf,
    );
  });

  it('turns rows into objects inside the tasks for df.rdd, whose RDD operations then run there too', async () => {
    await expectOnBoth(
      async (spark) =>
        (await sales(spark).select('region', 'qty').rdd.filter((r) => r['qty'] !== null).map((r) => `${String(r['region'])}:${String(r['qty'])}`).collect()).sort(),
      ['east:2', 'north:1', 'north:3', 'south:4'],
      conf,
    );
  });

  it('aggregates with count, sum, avg, min, max, first, collect_list and approx_count_distinct', async () => {
    await expectOnBoth(
      (spark) =>
        sales(spark)
          .groupBy('region')
          .agg(count(lit(1)).alias('n'), sum('qty').alias('q'), avg('qty').alias('a'), min('item').alias('lo'), max('item').alias('hi'),
            approx_count_distinct('item').alias('d'))
          .orderBy('region')
          .collect(),
      [
        { region: 'east', n: 1, q: 2, a: 2, lo: 'apple', hi: 'apple', d: 1 },
        { region: 'north', n: 2, q: 4, a: 2, lo: 'apple', hi: 'pear', d: 2 },
        { region: 'south', n: 2, q: 4, a: 4, lo: 'apple', hi: 'plum', d: 2 },
      ],
      conf,
    );
    await expectOnBoth(
      (spark) => sales(spark).coalesce(1).groupBy().agg(first('region').alias('f'), collect_list('item').alias('items')).collect(),
      [{ f: 'north', items: ['apple', 'pear', 'apple', 'plum', 'apple'] }],
      conf,
    );
  });

  it('counts rows per 10-second event-time window', async () => {
    await expectOnBoth(
      (spark) =>
        sales(spark)
          .groupBy(window(to_timestamp(col('at')), '10 seconds'))
          .agg(count(lit(1)).alias('n'))
          .orderBy('window')
          .collect(),
      [
        { window: { start: T0, end: T0 + 10_000 }, n: 1 },
        { window: { start: T0 + 10_000, end: T0 + 20_000 }, n: 2 },
        { window: { start: T0 + 20_000, end: T0 + 30_000 }, n: 1 },
        { window: { start: T0 + 30_000, end: T0 + 40_000 }, n: 1 },
      ],
      conf,
    );
  });

  it('joins: broadcast inner and left outer against a local table, shuffled full outer and against an aggregate', async () => {
    const prices = (spark: SparkSession) => spark.createDataFrame([['apple', 10], ['pear', 20], ['kiwi', 30]], 'item STRING, cents INT');
    await expectOnBoth(
      (spark) => sales(spark).join(prices(spark), 'item', 'left').select('region', 'item', 'cents').orderBy('region', 'item').collect(),
      [
        { region: 'east', item: 'apple', cents: 10 },
        { region: 'north', item: 'apple', cents: 10 },
        { region: 'north', item: 'pear', cents: 20 },
        { region: 'south', item: 'apple', cents: 10 },
        { region: 'south', item: 'plum', cents: null },
      ],
      conf,
    );
    await expectOnBoth(
      (spark) => sales(spark).join(prices(spark), 'item', 'full').groupBy('item').agg(count(lit(1)).alias('n')).orderBy('item').collect(),
      [{ item: 'apple', n: 3 }, { item: 'kiwi', n: 1 }, { item: 'pear', n: 1 }, { item: 'plum', n: 1 }],
      conf,
    );
    await expectOnBoth(
      (spark) => {
        const perItem = sales(spark).groupBy('item').agg(sum('qty').alias('total'));
        return sales(spark).join(perItem, 'item').select('region', 'item', 'total').orderBy('region', 'item').collect();
      },
      [
        { region: 'east', item: 'apple', total: 9 },
        { region: 'north', item: 'apple', total: 9 },
        { region: 'north', item: 'pear', total: 1 },
        { region: 'south', item: 'apple', total: 9 },
        { region: 'south', item: 'plum', total: null },
      ],
      conf,
    );
  });

  it('sorts descending with nulls last, limits, explodes and unions', async () => {
    await expectOnBoth(
      (spark) => sales(spark).select('item', 'qty').orderBy(desc('qty')).limit(3).collect(),
      [{ item: 'apple', qty: 4 }, { item: 'apple', qty: 3 }, { item: 'apple', qty: 2 }],
      conf,
    );
    await expectOnBoth(
      (spark) => sales(spark).select(explode(split(col('tags'), ' ')).alias('tag')).groupBy('tag').agg(count(lit(1)).alias('n')).orderBy('tag').collect(),
      [{ tag: '', n: 1 }, { tag: 'a', n: 2 }, { tag: 'b', n: 4 }, { tag: 'c', n: 2 }],
      conf,
    );
    await expectOnBoth(
      (spark) => sales(spark).select('region').union(sales(spark).select('item')).distinct().repartition(2).orderBy('region').collect(),
      ['apple', 'east', 'north', 'pear', 'plum', 'south'].map((region) => ({ region })),
      conf,
    );
  });

  it('reads json and csv files on the executors', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), '{"k":"x","v":1}\n{"k":"y","v":2}\n{"k":"x","v":5}\n');
    writeFileSync(join(dir, 'b.csv'), 'k,v\nx,10\ny,20\n');
    await expectOnBoth(
      async (spark) => [
        ...(await spark.read.json(join(dir, 'a.json')).groupBy('k').agg(sum('v').alias('s')).orderBy('k').collect()),
        ...(await spark.read.option('header', 'true').schema('k STRING, v INT').csv(join(dir, 'b.csv')).orderBy('k').collect()),
      ],
      [{ k: 'x', s: 6 }, { k: 'y', s: 2 }, { k: 'x', v: 10 }, { k: 'y', v: 20 }],
      conf,
    );
  });
});

describe('cached DataFrames on local-workers[2]', () => {
  it('answers several queries from a cached DataFrame (its blocks on the executors) as on local[2]', async () => {
    const [inline, workers] = await onBothMasters(async (spark) => {
      const priced = sales(spark).where(col('qty').isNotNull()).select('region', 'qty').cache();
      const first = await priced.groupBy('region').agg(sum('qty').alias('q')).orderBy('region').collect();
      const computedBefore = await priced.count();
      const second = await priced.orderBy(desc('qty')).limit(2).collect();
      priced.unpersist();
      return [first, computedBefore, second];
    });
    expect(inline).toEqual([
      [{ region: 'east', q: 2 }, { region: 'north', q: 4 }, { region: 'south', q: 4 }],
      4,
      [{ region: 'south', qty: 4 }, { region: 'north', qty: 3 }],
    ]);
    expect(workers).toEqual(inline);
  });
});

describe('sessions on a running local-workers context', () => {
  it('runs DataFrame queries in a session made after the context has started its worker threads', async () => {
    SparkSession.getActiveSession()?.stop();
    const sc = new SparkContext({ master: 'local-workers[2]', clock: new ManualClock(0) });
    try {
      expect(await sc.parallelize([1, 2, 3], 2).count()).toBe(3);
      const spark = SparkSession.builder().sparkContext(sc).config('spark.sql.shuffle.partitions', 2).getOrCreate();
      expect(await sales(spark).groupBy('item').agg(count(lit(1)).alias('n')).orderBy('item').collect())
        .toEqual([{ item: 'apple', n: 3 }, { item: 'pear', n: 1 }, { item: 'plum', n: 1 }]);
      spark.stop();
    } finally {
      await sc.stop();
    }
  });
});
