import { afterEach, describe, expect, it } from 'vitest';
import { SparkSession, col, count, sum, avg, lit, type DataFrame } from '../../src/index.js';

let spark: SparkSession | undefined;
afterEach(() => spark?.stop());

function people(): DataFrame {
  spark = SparkSession.builder().master('local[2]').appName('smoke').config('spark.sql.shuffle.partitions', 3).getOrCreate();
  return spark.createDataFrame([
    { name: 'Alice', age: 30, dept: 'eng' },
    { name: 'Bob', age: 25, dept: 'eng' },
    { name: 'Carol', age: 35, dept: 'ops' },
  ]);
}

describe('smoke', () => {
  it('runs a vertical slice', async () => {
    const df = people();
    const out = df.where(col('age').gt(26)).select(col('name'), col('age').plus(1).alias('next'));
    expect(await out.collect()).toEqual([
      { name: 'Alice', next: 31 },
      { name: 'Carol', next: 36 },
    ]);
    const g = df.groupBy('dept').agg(count('*'), sum('age'), avg(col('age')));
    const rows = await g.orderBy('dept').collect();
    expect(rows).toEqual([
      { dept: 'eng', 'count(1)': 2, 'sum(age)': 55, 'avg(age)': 27.5 },
      { dept: 'ops', 'count(1)': 1, 'sum(age)': 35, 'avg(age)': 35 },
    ]);
    expect(await df.count()).toBe(3);
    process.stdout.write(g.explain(true, () => {}));
    process.stdout.write(await df.withColumn('x', lit(1)).showString());
  });
});
