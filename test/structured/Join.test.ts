import { describe, expect, it } from 'vitest';
import { col } from '../../src/index.js';
import { newSession } from './support.js';

function tables(spark: ReturnType<typeof newSession>) {
  const emp = spark.createDataFrame(
    [
      [1, 'a', 10],
      [2, 'b', 20],
      [3, 'c', null],
    ],
    'id BIGINT, name STRING, dept BIGINT',
  );
  const dept = spark.createDataFrame(
    [
      [10, 'eng'],
      [30, 'ops'],
    ],
    'dept BIGINT, dname STRING',
  );
  return { emp, dept };
}

describe('join on column names', () => {
  it('inner-joins and keeps the join column once, first', async () => {
    const spark = newSession();
    const { emp, dept } = tables(spark);
    const out = emp.join(dept, 'dept');
    expect(out.columns).toEqual(['dept', 'id', 'name', 'dname']);
    expect(await out.collect()).toEqual([{ dept: 10, id: 1, name: 'a', dname: 'eng' }]);
  });

  it('left outer join pads unmatched left rows with nulls; null keys never match', async () => {
    const spark = newSession();
    const { emp, dept } = tables(spark);
    expect(await emp.join(dept, 'dept', 'left').orderBy('id').collect()).toEqual([
      { dept: 10, id: 1, name: 'a', dname: 'eng' },
      { dept: 20, id: 2, name: 'b', dname: null },
      { dept: null, id: 3, name: 'c', dname: null },
    ]);
  });

  it('right outer join takes the key from the right side', async () => {
    const spark = newSession();
    const { emp, dept } = tables(spark);
    expect(await emp.join(dept, ['dept'], 'right_outer').orderBy('dept').collect()).toEqual([
      { dept: 10, id: 1, name: 'a', dname: 'eng' },
      { dept: 30, id: null, name: null, dname: 'ops' },
    ]);
  });

  it('full outer join coalesces the key from both sides', async () => {
    const spark = newSession();
    const { emp, dept } = tables(spark);
    expect(await emp.join(dept, 'dept', 'full').orderBy('dept', 'id').collect()).toEqual([
      { dept: null, id: 3, name: 'c', dname: null },
      { dept: 10, id: 1, name: 'a', dname: 'eng' },
      { dept: 20, id: 2, name: 'b', dname: null },
      { dept: 30, id: null, name: null, dname: 'ops' },
    ]);
    expect(await emp.join(dept, 'dept', 'outer').count()).toBe(4);
  });

  it('semi and anti joins return only left rows with and without a match', async () => {
    const spark = newSession();
    const { emp, dept } = tables(spark);
    expect(await emp.join(dept, 'dept', 'left_semi').collect()).toEqual([{ id: 1, name: 'a', dept: 10 }]);
    expect(await emp.join(dept, 'dept', 'left_anti').orderBy('id').collect()).toEqual([
      { id: 2, name: 'b', dept: 20 },
      { id: 3, name: 'c', dept: null },
    ]);
  });

  it('joins on several columns', async () => {
    const spark = newSession();
    const a = spark.createDataFrame([{ x: 1, y: 'p', v: 'a1' }, { x: 1, y: 'q', v: 'a2' }]);
    const b = spark.createDataFrame([{ x: 1, y: 'q', w: 'b1' }]);
    expect(await a.join(b, ['x', 'y']).collect()).toEqual([{ x: 1, y: 'q', v: 'a2', w: 'b1' }]);
  });

  it('rejects an unknown join type, listing the accepted ones', () => {
    const spark = newSession();
    const { emp, dept } = tables(spark);
    expect(() => emp.join(dept, 'dept', 'sideways')).toThrow("[UNSUPPORTED_JOIN_TYPE] Unsupported join type 'sideways'. Supported join types include: 'inner', 'outer'");
  });
});

describe('join on a condition', () => {
  it('joins on a Column condition and keeps both sides columns', async () => {
    const spark = newSession();
    const { emp, dept } = tables(spark);
    const out = emp.join(dept, emp.col('dept').equalTo(dept.col('dept')), 'inner');
    expect(out.columns).toEqual(['id', 'name', 'dept', 'dept', 'dname']);
    expect(await out.select('id', 'dname').collect()).toEqual([{ id: 1, dname: 'eng' }]);
  });

  it('applies a non-equi residual condition after matching keys', async () => {
    const spark = newSession();
    const a = spark.createDataFrame([{ k: 1, v: 5 }, { k: 1, v: 1 }]);
    const b = spark.createDataFrame([{ k2: 1, lim: 3 }]);
    const out = a.join(b, col('k').equalTo(col('k2')).and(col('v').gt(col('lim'))), 'left');
    expect(await out.orderBy('v').collect()).toEqual([
      { k: 1, v: 1, k2: null, lim: null },
      { k: 1, v: 5, k2: 1, lim: 3 },
    ]);
  });

  it('runs a join without equality keys as a nested-loop join', async () => {
    const spark = newSession();
    const a = spark.createDataFrame([{ x: 1 }, { x: 5 }]);
    const b = spark.createDataFrame([{ y: 3 }, { y: 7 }]);
    expect(await a.join(b, col('x').lt(col('y'))).orderBy('x', 'y').collect()).toEqual([
      { x: 1, y: 3 },
      { x: 1, y: 7 },
      { x: 5, y: 7 },
    ]);
    expect(await a.crossJoin(b).count()).toBe(4);
  });

  it('fails on a column name both sides have', () => {
    const spark = newSession();
    const { emp, dept } = tables(spark);
    expect(() => emp.join(dept, col('dept').equalTo(col('dept')))).toThrow(
      '[AMBIGUOUS_REFERENCE] Reference `dept` is ambiguous, could be: [`dept`, `dept`].',
    );
  });
});

describe('self-join', () => {
  it('gives the right side fresh column ids, so a DataFrame joins itself', async () => {
    const spark = newSession();
    const { emp } = tables(spark);
    const out = emp.join(emp, 'id').select('id');
    expect(await out.orderBy('id').collect()).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    const pairs = emp.join(emp.withColumnRenamed('id', 'id2'), col('id').lt(col('id2')));
    expect(await pairs.count()).toBe(3);
  });
});
