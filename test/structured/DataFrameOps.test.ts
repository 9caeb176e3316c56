import { describe, expect, it } from 'vitest';
import { asc, col, desc, lit } from '../../src/index.js';
import { newSession, people } from './support.js';

describe('DataFrame transformations', () => {
  it('selects columns by name and Column, with expression names as Spark gives them', async () => {
    const spark = newSession();
    const df = people(spark).select('name', col('age').plus(1), col('age').multiply(2).alias('double'));
    expect(df.columns).toEqual(['name', '(age + 1)', 'double']);
    expect(await df.collect()).toEqual([
      { name: 'Alice', '(age + 1)': 31, double: 60 },
      { name: 'Bob', '(age + 1)': 26, double: 50 },
      { name: 'Carol', '(age + 1)': 36, double: 70 },
      { name: 'Dan', '(age + 1)': null, double: null },
    ]);
  });

  it('selects every column with *', async () => {
    const spark = newSession();
    expect(people(spark).select('*').columns).toEqual(['name', 'age', 'dept']);
    expect(people(spark).select(col('*'), lit(1).alias('one')).columns).toEqual(['name', 'age', 'dept', 'one']);
  });

  it('selectExpr parses SQL expressions with aliases', async () => {
    const spark = newSession();
    const df = people(spark).selectExpr('upper(name) AS n', 'age * 2 doubled', 'age IS NULL');
    expect(df.columns).toEqual(['n', 'doubled', '(age IS NULL)']);
    expect((await df.collect())[3]).toEqual({ n: 'DAN', doubled: null, '(age IS NULL)': true });
  });

  it('filters with a Column or a SQL string, keeping only rows where the condition is true', async () => {
    const spark = newSession();
    const df = people(spark);
    const byColumn = await df.where(col('age').geq(30)).select('name').collect();
    const byString = await df.filter('age >= 30').select('name').collect();
    expect(byColumn).toEqual([{ name: 'Alice' }, { name: 'Carol' }]);
    expect(byString).toEqual(byColumn);
    expect(await df.where(col('age').lt(0).or(col('age').isNull())).select('name').collect()).toEqual([{ name: 'Dan' }]);
  });

  it('withColumn appends a new column and replaces an existing one in place', async () => {
    const spark = newSession();
    const df = people(spark).withColumn('senior', col('age').gt(28)).withColumn('age', col('age').minus(1));
    expect(df.columns).toEqual(['name', 'age', 'dept', 'senior']);
    expect((await df.collect())[0]).toEqual({ name: 'Alice', age: 29, dept: 'eng', senior: true });
  });

  it('renames and drops columns, ignoring unknown names as Spark does', async () => {
    const spark = newSession();
    const df = people(spark).withColumnRenamed('name', 'who').withColumnRenamed('nope', 'x').drop('dept', 'nope');
    expect(df.columns).toEqual(['who', 'age']);
    expect(await df.limit(1).collect()).toEqual([{ who: 'Alice', age: 30 }]);
    expect(people(spark).toDF('a', 'b', 'c').columns).toEqual(['a', 'b', 'c']);
  });

  it('sorts ascending with nulls first, descending with nulls last, by several keys', async () => {
    const spark = newSession();
    const df = people(spark);
    expect((await df.orderBy('age').select('name').collect()).map((r) => r.name)).toEqual(['Dan', 'Bob', 'Alice', 'Carol']);
    expect((await df.orderBy(desc('age')).select('name').collect()).map((r) => r.name)).toEqual(['Carol', 'Alice', 'Bob', 'Dan']);
    expect((await df.sort(asc('dept'), col('age').desc()).select('name').collect()).map((r) => r.name)).toEqual(['Alice', 'Bob', 'Carol', 'Dan']);
    expect((await df.orderBy(col('age').desc_nulls_first()).select('name').collect()).map((r) => r.name)).toEqual(['Dan', 'Carol', 'Alice', 'Bob']);
  });

  it('sorts by a column the select dropped', async () => {
    const spark = newSession();
    const df = people(spark).select('name').orderBy(desc('age'));
    expect(df.columns).toEqual(['name']);
    expect(await df.collect()).toEqual([{ name: 'Carol' }, { name: 'Alice' }, { name: 'Bob' }, { name: 'Dan' }]);
  });

  it('limits, takes and heads', async () => {
    const spark = newSession();
    const df = people(spark).orderBy('name');
    expect(await df.limit(2).collect()).toEqual([
      { name: 'Alice', age: 30, dept: 'eng' },
      { name: 'Bob', age: 25, dept: 'eng' },
    ]);
    expect(await df.take(1)).toEqual([{ name: 'Alice', age: 30, dept: 'eng' }]);
    expect(await df.first()).toEqual({ name: 'Alice', age: 30, dept: 'eng' });
    expect(await df.where(lit(false)).first()).toBeUndefined();
    expect(await df.limit(0).collect()).toEqual([]);
  });

  it('counts rows', async () => {
    const spark = newSession();
    expect(await people(spark).count()).toBe(4);
    expect(await people(spark).where('age > 100').count()).toBe(0);
  });

  it('unions by position keeping duplicates, and distinct removes them', async () => {
    const spark = newSession();
    const a = spark.createDataFrame([{ k: 1, v: 'x' }, { k: 2, v: 'y' }]);
    const b = spark.createDataFrame([{ k: 2, v: 'y' }, { k: 3, v: 'z' }]);
    expect(await a.union(b).count()).toBe(4);
    expect(await a.unionAll(b).distinct().orderBy('k').collect()).toEqual([
      { k: 1, v: 'x' },
      { k: 2, v: 'y' },
      { k: 3, v: 'z' },
    ]);
  });

  it('unionByName matches columns by name and can fill missing ones with null', async () => {
    const spark = newSession();
    const a = spark.createDataFrame([{ k: 1, v: 'x' }]);
    const b = spark.createDataFrame([{ v: 'y', k: 2 }]);
    expect(await a.unionByName(b).collect()).toEqual([
      { k: 1, v: 'x' },
      { k: 2, v: 'y' },
    ]);
    const c = spark.createDataFrame([{ k: 3, extra: true }]);
    expect(await a.unionByName(c, true).collect()).toEqual([
      { k: 1, v: 'x', extra: null },
      { k: 3, v: null, extra: true },
    ]);
    expect(() => a.unionByName(c)).toThrow('[UNRESOLVED_COLUMN] A column or function parameter with name `v` cannot be resolved. Did you mean one of the following? [`k`, `extra`]');
  });

  it('widens union column types (int with long gives long)', async () => {
    const spark = newSession();
    const a = spark.createDataFrame([{ n: 1 }], 'n INT');
    const b = spark.createDataFrame([{ n: 5000000000 }]);
    const u = a.union(b);
    expect(u.dtypes).toEqual([['n', 'bigint']]);
    expect(await u.collect()).toEqual([{ n: 1 }, { n: 5000000000 }]);
  });

  it('rejects a union of different column counts', () => {
    const spark = newSession();
    const a = spark.createDataFrame([{ k: 1, v: 'x' }]);
    expect(() => a.union(a.select('k'))).toThrow(
      '[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of columns, but the first input has 2 columns and the second input has 1 columns.',
    );
  });

  it('dropDuplicates keeps the first row per key, or per whole row', async () => {
    const spark = newSession();
    const df = spark.createDataFrame([
      { k: 'a', v: 1 },
      { k: 'a', v: 2 },
      { k: 'b', v: 3 },
      { k: 'b', v: 3 },
    ]);
    expect(await df.dropDuplicates(['k']).orderBy('k').collect()).toEqual([
      { k: 'a', v: 1 },
      { k: 'b', v: 3 },
    ]);
    expect(await df.dropDuplicates().orderBy('k', 'v').collect()).toEqual([
      { k: 'a', v: 1 },
      { k: 'a', v: 2 },
      { k: 'b', v: 3 },
    ]);
    expect(() => df.dropDuplicates(['z'])).toThrow('[UNRESOLVED_COLUMN] A column or function parameter with name `z` cannot be resolved. Did you mean one of the following? [`k`, `v`]');
  });

  it('resolves column names case-insensitively by default, and exactly when spark.sql.caseSensitive is true', () => {
    const spark = newSession();
    expect(people(spark).select('NAME').columns).toEqual(['name']);
    spark.conf.set('spark.sql.caseSensitive', true);
    expect(() => people(spark).select('NAME')).toThrow('[UNRESOLVED_COLUMN]');
  });
});

describe('cache and rdd', () => {
  it('persists a cached DataFrame once and reads later queries from its blocks', async () => {
    const spark = newSession();
    const doubled = spark.createDataFrame([{ a: 1 }, { a: 2 }, { a: 3 }]).select(col('a').multiply(2).alias('b')).cache();
    expect(doubled.isCached).toBe(true);
    const derived = doubled.where(col('b').gt(2));
    expect(derived.explain(false, () => {})).toBe('== Physical Plan ==\n*(1) Filter (b#1L > 2)\n+- InMemoryTableScan [b#1L]\n');
    expect(await doubled.rdd.collect()).toEqual([{ b: 2 }, { b: 4 }, { b: 6 }]);
    const rdd = derived.queryExecution.toRdd();
    const cached = rdd.dependencies[0]!.rdd;
    expect(rdd.toDebugString()).toContain(`MapPartitionsRDD[${cached.id}] at mapPartitions [Disk Memory Deserialized 1x Replicated]`);
    expect(spark.sparkContext.getBlockLocations(cached.id, 0)).toEqual(['driver']);
    expect(await derived.count()).toBe(2);
    doubled.unpersist();
    expect(doubled.isCached).toBe(false);
    expect(doubled.explain(false, () => {})).toContain('LocalTableScan');
  });
});
