import { describe, expect, it } from 'vitest';
import {
  approx_count_distinct,
  avg,
  col,
  collect_list,
  count,
  first,
  last,
  lit,
  max,
  mean,
  min,
  sum,
} from '../../src/index.js';
import { newSession, people } from './support.js';

describe('groupBy', () => {
  it('aggregates per group with count, sum, avg, min and max, ignoring nulls', async () => {
    const spark = newSession();
    const out = people(spark)
      .groupBy('dept')
      .agg(count('*'), count('age'), sum('age'), avg('age'), min('age'), max('name'))
      .orderBy('dept');
    expect(out.columns).toEqual(['dept', 'count(1)', 'count(age)', 'sum(age)', 'avg(age)', 'min(age)', 'max(name)']);
    expect(await out.collect()).toEqual([
      { dept: 'eng', 'count(1)': 2, 'count(age)': 2, 'sum(age)': 55, 'avg(age)': 27.5, 'min(age)': 25, 'max(name)': 'Bob' },
      { dept: 'ops', 'count(1)': 2, 'count(age)': 1, 'sum(age)': 35, 'avg(age)': 35, 'min(age)': 35, 'max(name)': 'Dan' },
    ]);
  });

  it('types results as Spark does: count and integral sums are long, avg is double', () => {
    const spark = newSession();
    const df = spark.createDataFrame([[1, 1.5]], 'i INT, d DOUBLE').agg(count('i'), sum('i'), sum('d'), avg('i'), max('i'));
    expect(df.dtypes).toEqual([
      ['count(i)', 'bigint'],
      ['sum(i)', 'bigint'],
      ['sum(d)', 'double'],
      ['avg(i)', 'double'],
      ['max(i)', 'int'],
    ]);
  });

  it('collects first, last and collect_list in input order within one partition', async () => {
    const spark = newSession();
    const df = spark.createDataFrame([
      { k: 'a', v: null },
      { k: 'a', v: 'x' },
      { k: 'a', v: 'y' },
    ], 'k STRING, v STRING');
    const out = await df.coalesce(1).groupBy('k').agg(first('v'), first('v', true), last('v'), collect_list('v')).collect();
    expect(out).toEqual([{ k: 'a', 'first(v)': null, 'first(v) ignore nulls': 'x', 'last(v)': 'y', 'collect_list(v)': ['x', 'y'] }]);
  });

  it('estimates distinct counts: exact for a handful, within twice the 5% relative error for thousands', async () => {
    const spark = newSession();
    const small = Array.from({ length: 50 }, (_, i) => ({ k: i % 2, v: `u${i % 5}` }));
    expect(await spark.createDataFrame(small).agg(approx_count_distinct('v'), approx_count_distinct(col('k'))).collect()).toEqual([
      { 'approx_count_distinct(v)': 5, 'approx_count_distinct(k)': 2 },
    ]);
    const large = Array.from({ length: 3000 }, (_, i) => ({ v: i }));
    const [row] = await spark.createDataFrame(large).agg(approx_count_distinct('v').alias('n')).collect();
    expect(Math.abs((row!.n as number) - 3000) / 3000).toBeLessThan(0.1);
  });

  it('counts rows per group in a column named count', async () => {
    const spark = newSession();
    const out = await people(spark).groupBy('dept').count().orderBy('dept').collect();
    expect(out).toEqual([
      { dept: 'eng', count: 2 },
      { dept: 'ops', count: 2 },
    ]);
  });

  it('sums, averages and finds extremes of every numeric column when none is named', async () => {
    const spark = newSession();
    const df = spark.createDataFrame([{ g: 'x', a: 1, b: 2.5 }, { g: 'x', a: 3, b: 0.5 }]);
    expect(await df.groupBy('g').sum().collect()).toEqual([{ g: 'x', 'sum(a)': 4, 'sum(b)': 3 }]);
    expect(await df.groupBy('g').avg('a').collect()).toEqual([{ g: 'x', 'avg(a)': 2 }]);
    expect(await df.groupBy('g').mean('b').collect()).toEqual([{ g: 'x', 'avg(b)': 1.5 }]);
    expect(await df.groupBy('g').min('a').collect()).toEqual([{ g: 'x', 'min(a)': 1 }]);
    expect(await df.groupBy('g').max('a', 'b').collect()).toEqual([{ g: 'x', 'max(a)': 3, 'max(b)': 2.5 }]);
    expect(await df.groupBy('g').agg({ a: 'sum', b: 'max' }).collect()).toEqual([{ g: 'x', 'sum(a)': 4, 'max(b)': 2.5 }]);
  });

  it('groups by an expression and by several keys, including null keys', async () => {
    const spark = newSession();
    const df = spark.createDataFrame([
      { a: 1, b: 'x' },
      { a: 2, b: 'x' },
      { a: 3, b: null },
      { a: 4, b: null },
    ], 'a BIGINT, b STRING');
    const byExpr = await df.groupBy(col('a').mod(2).alias('parity')).agg(sum('a')).orderBy('parity').collect();
    expect(byExpr).toEqual([
      { parity: 0, 'sum(a)': 6 },
      { parity: 1, 'sum(a)': 4 },
    ]);
    const byTwo = await df.groupBy('b', col('a').gt(1)).count().orderBy('b', '(a > 1)').collect();
    expect(byTwo).toEqual([
      { b: null, '(a > 1)': true, count: 2 },
      { b: 'x', '(a > 1)': false, count: 1 },
      { b: 'x', '(a > 1)': true, count: 1 },
    ]);
  });

  it('groups by a struct column by value', async () => {
    const spark = newSession();
    const df = spark.createDataFrame([{ w: { s: 0, e: 10 }, v: 1 }, { w: { s: 0, e: 10 }, v: 2 }, { w: { s: 10, e: 20 }, v: 3 }]);
    const out = await df.groupBy('w').agg(sum('v')).orderBy('w').collect();
    expect(out).toEqual([
      { w: { s: 0, e: 10 }, 'sum(v)': 3 },
      { w: { s: 10, e: 20 }, 'sum(v)': 3 },
    ]);
  });

  it('computes expressions over aggregates and grouping keys', async () => {
    const spark = newSession();
    const out = await people(spark).groupBy('dept').agg(sum('age').plus(count('*')).alias('x'), mean('age')).orderBy('dept').collect();
    expect(out).toEqual([
      { dept: 'eng', x: 57, 'avg(age)': 27.5 },
      { dept: 'ops', x: 37, 'avg(age)': 35 },
    ]);
  });
});

describe('global aggregation', () => {
  it('aggregates the whole DataFrame into one row', async () => {
    const spark = newSession();
    expect(await people(spark).agg(max('age'), min(col('name'))).collect()).toEqual([{ 'max(age)': 35, 'min(name)': 'Alice' }]);
    expect(await people(spark).select(sum('age').alias('total')).collect()).toEqual([{ total: 90 }]);
  });

  it('returns one row for empty input: count 0, other aggregates null, collect_list empty', async () => {
    const spark = newSession();
    const empty = people(spark).where(lit(false));
    expect(await empty.agg(count('*'), sum('age'), avg('age'), collect_list('name'), approx_count_distinct('name')).collect()).toEqual([
      { 'count(1)': 0, 'sum(age)': null, 'avg(age)': null, 'collect_list(name)': [], 'approx_count_distinct(name)': 0 },
    ]);
    expect(await empty.groupBy('dept').count().collect()).toEqual([]);
  });
});
