/**
 * Whole-stage code generation: fused stages give the same rows as one RDD per operator
 * (spark.sql.codegen.wholeStage=false) and as interpreted expressions (factoryMode NO_CODEGEN).
 */
import { describe, expect, it } from 'vitest';
import { avg, col, collect_list, count, type DataFrame, explode, lit, max, split, sum, when, type SparkSession } from '../../src/index.js';
import { newSession } from './support.js';

type Query = (spark: SparkSession) => DataFrame;

function events(spark: SparkSession): DataFrame {
  const rows = Array.from({ length: 60 }, (_, i) => ({
    id: i,
    user: `u${i % 7}`,
    amount: i % 5 === 0 ? null : (i * 37) % 101,
    tags: i % 3 === 0 ? 'a,b' : 'c',
    at: { day: i % 4, hour: i % 24 },
  }));
  return spark.createDataFrame(rows);
}

const queries: Record<string, Query> = {
  'filter and project': (s) => events(s).where(col('amount').gt(20).and(col('user').notEqual('u3'))).select(col('id'), col('amount').multiply(2).alias('x')),
  'explode and filter': (s) => events(s).select(col('id'), explode(split(col('tags'), ',')).alias('tag')).where(col('tag').notEqual('b')),
  'grouped aggregate': (s) =>
    events(s).groupBy('user').agg(count('*').alias('n'), sum('amount').alias('s'), avg('amount').alias('m'), max('id').alias('top')),
  'struct key aggregate': (s) => events(s).groupBy(col('at.day')).agg(collect_list('id').alias('ids')),
  'global aggregate with case': (s) => events(s).agg(sum(when(col('amount').isNull(), 1).otherwise(0)).alias('nulls'), count('amount').alias('present')),
  'aggregate then filter and project': (s) =>
    events(s).groupBy('user').agg(sum('amount').alias('s')).where(col('s').gt(300)).select(col('user'), col('s').divide(2).alias('half')),
  join: (s) => {
    const e = events(s);
    const users = s.createDataFrame([{ user: 'u1', tier: 'gold' }, { user: 'u2', tier: 'silver' }]);
    return e.join(users, 'user', 'left').where(col('tier').isNotNull().or(col('id').lt(3))).select('id', 'tier');
  },
  'union distinct sorted': (s) => events(s).select('user').union(events(s).select('user')).distinct().orderBy(col('user').desc()),
};

async function run(query: Query, conf: Record<string, string | boolean>): Promise<unknown[]> {
  const spark = newSession({ conf });
  return query(spark).collect();
}

const sortRows = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();

describe('fused vs unfused execution', () => {
  for (const [name, query] of Object.entries(queries)) {
    it(`gives the same rows for ${name}`, async () => {
      const fused = await run(query, {});
      const unfused = await run(query, { 'spark.sql.codegen.wholeStage': false });
      const interpreted = await run(query, { 'spark.sql.codegen.wholeStage': false, 'spark.sql.codegen.factoryMode': 'NO_CODEGEN' });
      expect(fused.length).toBeGreaterThan(0);
      expect(sortRows(unfused)).toEqual(sortRows(fused));
      expect(sortRows(interpreted)).toEqual(sortRows(fused));
    });
  }

  it('keeps the global sort order in every mode', async () => {
    const q = queries['union distinct sorted']!;
    expect(await run(q, { 'spark.sql.codegen.wholeStage': false })).toEqual(await run(q, {}));
  });
});

describe('whole-stage codegen plans', () => {
  const pipeline = (s: SparkSession) =>
    s
      .createDataFrame([{ a: 1, b: 'x,y' }, { a: 2, b: 'z' }])
      .where(col('a').gt(0))
      .select(col('a').plus(1).alias('a1'), col('b'))
      .select(explode(split(col('b'), ',')).alias('w'), col('a1'))
      .where(col('w').notEqual('y'));

  it('fuses narrow operators into one stage, marked *(1), running as one mapPartitions', async () => {
    const spark = newSession();
    const df = pipeline(spark);
    expect(df.explain(false, () => {})).toBe(
      '== Physical Plan ==\n' +
        '*(1) Project [w#3, a1#2L]\n' +
        '+- *(1) Filter NOT (w#3 = y)\n' +
        '   +- *(1) Generate explode(split(b#1, ,, -1)), [a1#2L, b#1], false, [w#3]\n' +
        '      +- *(1) Project [(a#0L + 1) AS a1#2L, b#1]\n' +
        '         +- *(1) Filter (a#0L > 0)\n' +
        '            +- LocalTableScan [a#0L, b#1]\n',
    );
    const lineage = df.queryExecution.toRdd().toDebugString();
    expect(lineage.match(/MapPartitionsRDD/g)).toHaveLength(1);
    expect(await df.collect()).toEqual([
      { w: 'x', a1: 2 },
      { w: 'z', a1: 3 },
    ]);
  });

  it('runs one RDD per operator when spark.sql.codegen.wholeStage is false', async () => {
    const spark = newSession({ conf: { 'spark.sql.codegen.wholeStage': false } });
    const df = pipeline(spark);
    expect(df.explain(false, () => {})).not.toContain('*(');
    const lineage = df.queryExecution.toRdd().toDebugString();
    expect(lineage.match(/MapPartitionsRDD/g)).toHaveLength(5);
    expect(await df.collect()).toEqual([
      { w: 'x', a1: 2 },
      { w: 'z', a1: 3 },
    ]);
  });

  it('numbers stages bottom-up around an exchange and shows the generated code', () => {
    const spark = newSession();
    const df = spark.createDataFrame([{ k: 'a', v: 1 }]).where(col('v').gt(0)).groupBy('k').agg(sum('v'));
    const plan = df.explain(false, () => {});
    expect(plan).toBe(
      '== Physical Plan ==\n' +
        '*(2) HashAggregate(keys=[k#0], functions=[sum(v#1L)])\n' +
        '+- Exchange hashpartitioning(k#0, 4)\n' +
        '   +- *(1) HashAggregate(keys=[k#0], functions=[partial_sum(v#1L)])\n' +
        '      +- *(1) Filter (v#1L > 0)\n' +
        '         +- LocalTableScan [k#0, v#1L]\n',
    );
    const code = df.explain('codegen', () => {});
    expect(code.startsWith('Found 2 WholeStageCodegen subtrees.\n== Subtree 1 / 2 (codegen stage 1) ==\nreturn function stage1(input) {')).toBe(true);
    expect(code).toContain('if (v3 !== true) continue;');
    expect(code).toContain('return function stage2(input) {');
  });

  it('emits exactly one row for a global aggregate over no input in both modes', async () => {
    for (const wholeStage of [true, false]) {
      const spark = newSession({ conf: { 'spark.sql.codegen.wholeStage': wholeStage } });
      const df = spark.createDataFrame([{ v: 1 }]).where(lit(false).or(col('v').lt(0))).agg(count('*').alias('n'), sum('v').alias('s'));
      expect(await df.collect()).toEqual([{ n: 0, s: null }]);
    }
  });
});
