import { describe, expect, it } from 'vitest';
import {
  coalesce,
  col,
  concat,
  current_timestamp,
  explode,
  expr,
  length,
  lit,
  lower,
  ManualClock,
  not,
  split,
  struct,
  to_timestamp,
  upper,
  when,
} from '../../src/index.js';
import { newSession } from './support.js';

async function values(spark: ReturnType<typeof newSession>, c: ReturnType<typeof col>, rows: object[] = [{ x: 1 }], schema?: string): Promise<unknown[]> {
  const df = spark.createDataFrame(rows, schema).select(c.alias('out'));
  return (await df.collect()).map((r) => r.out);
}

describe('arithmetic', () => {
  it('adds, subtracts, multiplies with null propagation', async () => {
    const spark = newSession();
    const rows = [{ a: 7, b: 2 }, { a: null, b: 2 }];
    expect(await values(spark, col('a').plus(col('b')), rows)).toEqual([9, null]);
    expect(await values(spark, col('a').minus(col('b')), rows)).toEqual([5, null]);
    expect(await values(spark, col('a').multiply(col('b')), rows)).toEqual([14, null]);
  });

  it('divides to a double and yields null when dividing by zero', async () => {
    const spark = newSession();
    expect(await values(spark, col('a').divide(col('b')), [{ a: 7, b: 2 }, { a: 1, b: 0 }])).toEqual([3.5, null]);
  });

  it('takes a remainder with the sign of the dividend, null for zero', async () => {
    const spark = newSession();
    expect(await values(spark, col('a').mod(col('b')), [{ a: 7, b: 3 }, { a: -7, b: 3 }, { a: 1, b: 0 }])).toEqual([1, -1, null]);
  });

  it('wraps int arithmetic at 32 bits as Spark does outside ANSI mode', async () => {
    const spark = newSession();
    const df = spark.createDataFrame([[2147483647]], 'i INT').select(col('i').plus(lit(1)).alias('o'), col('i').multiply(lit(2)).alias('m'));
    expect(await df.collect()).toEqual([{ o: -2147483648, m: -2 }]);
  });

  it('widens int and long to long, and int with double to double', async () => {
    const spark = newSession();
    const df = spark.createDataFrame([[1, 2, 0.5]], 'i INT, l BIGINT, d DOUBLE').select(col('i').plus(col('l')), col('i').plus(col('d')));
    expect(df.dtypes).toEqual([
      ['(i + l)', 'bigint'],
      ['(i + d)', 'double'],
    ]);
  });
});

describe('predicates', () => {
  it('compares with SQL null semantics', async () => {
    const spark = newSession();
    const rows = [{ a: 1 }, { a: 2 }, { a: null }];
    expect(await values(spark, col('a').equalTo(1), rows)).toEqual([true, false, null]);
    expect(await values(spark, col('a').eq(2), rows)).toEqual([false, true, null]);
    expect(await values(spark, col('a').notEqual(1), rows)).toEqual([false, true, null]);
    expect(await values(spark, col('a').gt(1), rows)).toEqual([false, true, null]);
    expect(await values(spark, col('a').geq(1), rows)).toEqual([true, true, null]);
    expect(await values(spark, col('a').lt(2), rows)).toEqual([true, false, null]);
    expect(await values(spark, col('a').leq(1), rows)).toEqual([true, false, null]);
    expect(await values(spark, col('a').eqNullSafe(lit(null)), rows)).toEqual([false, false, true]);
  });

  it('applies three-valued AND, OR and NOT', async () => {
    const spark = newSession();
    const rows = [
      { p: true, q: null },
      { p: false, q: null },
      { p: null, q: null },
    ];
    const df = spark.createDataFrame(rows, 'p BOOLEAN, q BOOLEAN');
    const out = await df.select(col('p').and(col('q')).alias('and'), col('p').or(col('q')).alias('or'), not(col('p')).alias('not')).collect();
    expect(out).toEqual([
      { and: null, or: true, not: false },
      { and: false, or: null, not: true },
      { and: null, or: null, not: null },
    ]);
  });

  it('tests for null', async () => {
    const spark = newSession();
    const rows = [{ a: 1 }, { a: null }];
    expect(await values(spark, col('a').isNull(), rows)).toEqual([false, true]);
    expect(await values(spark, col('a').isNotNull(), rows)).toEqual([true, false]);
    expect(await values(spark, coalesce(col('a'), lit(0)), rows)).toEqual([1, 0]);
  });
});

describe('membership and string tests', () => {
  it('isin is true on a match, null when only a null could match, false otherwise', async () => {
    const spark = newSession();
    const rows = [{ a: 1 }, { a: 5 }, { a: null }];
    expect(await values(spark, col('a').isin(1, 2), rows)).toEqual([true, false, null]);
    expect(await values(spark, col('a').isin(2, null), rows)).toEqual([null, null, null]);
    expect(await values(spark, expr('a IN (5, 6)'), rows)).toEqual([false, true, null]);
    expect(await values(spark, expr('a NOT IN (5, 6)'), rows)).toEqual([true, false, null]);
  });

  it('between is inclusive on both ends', async () => {
    const spark = newSession();
    const rows = [{ a: 1 }, { a: 3 }, { a: 5 }];
    expect(await values(spark, col('a').between(1, 3), rows)).toEqual([true, true, false]);
    expect(await values(spark, expr('a BETWEEN 2 AND 5'), rows)).toEqual([false, true, true]);
  });

  it('matches LIKE patterns and prefix, suffix and substring tests', async () => {
    const spark = newSession();
    const rows = [{ s: 'apple' }, { s: 'a_b' }, { s: null }];
    expect(await values(spark, col('s').like('a%e'), rows, 's STRING')).toEqual([true, false, null]);
    expect(await values(spark, col('s').like('a\\_b'), rows, 's STRING')).toEqual([false, true, null]);
    expect(await values(spark, expr("s LIKE '_pp%'"), rows, 's STRING')).toEqual([true, false, null]);
    expect(await values(spark, expr("s NOT LIKE 'a%'"), rows, 's STRING')).toEqual([false, false, null]);
    expect(await values(spark, col('s').startsWith('ap'), rows, 's STRING')).toEqual([true, false, null]);
    expect(await values(spark, col('s').endsWith('b'), rows, 's STRING')).toEqual([false, true, null]);
    expect(await values(spark, col('s').contains('_'), rows, 's STRING')).toEqual([false, true, null]);
  });
});

describe('cast', () => {
  it('casts strings to numbers, booleans and timestamps, null when they do not parse', async () => {
    const spark = newSession();
    const rows = [{ s: '12' }, { s: ' 7.9 ' }, { s: 'abc' }, { s: 'true' }, { s: '2024-01-02 03:04:05' }];
    expect(await values(spark, col('s').cast('int'), rows)).toEqual([12, 7, null, null, null]);
    expect(await values(spark, col('s').cast('long'), rows)).toEqual([12, 7, null, null, null]);
    expect(await values(spark, col('s').cast('double'), rows)).toEqual([12, 7.9, null, null, null]);
    expect(await values(spark, col('s').cast('boolean'), rows)).toEqual([null, null, null, true, null]);
    expect(await values(spark, col('s').cast('timestamp'), rows)).toEqual([null, null, null, null, Date.UTC(2024, 0, 2, 3, 4, 5)]);
  });

  it('casts numbers to strings (doubles as Java prints them) and truncates doubles to integers', async () => {
    const spark = newSession();
    const rows = [{ d: 1.0 }, { d: 2.75 }, { d: -2.75 }];
    const df = spark.createDataFrame(rows, 'd DOUBLE');
    expect((await df.select(col('d').cast('string').alias('s'), col('d').cast('int').alias('i')).collect())).toEqual([
      { s: '1.0', i: 1 },
      { s: '2.75', i: 2 },
      { s: '-2.75', i: -2 },
    ]);
  });

  it('casts timestamps to strings in UTC and longs to timestamps as seconds', async () => {
    const spark = newSession();
    const df = spark.createDataFrame([{ t: 86400 }]).select(col('t').cast('timestamp').alias('ts'));
    expect(await df.select(col('ts').cast('string').alias('s'), col('ts').cast('long').alias('l')).collect()).toEqual([{ s: '1970-01-02 00:00:00', l: 86400 }]);
  });

  it('rejects an impossible cast naming both types', () => {
    const spark = newSession();
    const df = spark.createDataFrame([{ a: ['x'] }]);
    expect(() => df.select(col('a').cast('int'))).toThrow(
      '[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve "CAST(a AS INT)" due to data type mismatch: cannot cast "ARRAY<STRING>" to "INT".',
    );
  });
});

describe('conditionals and structs', () => {
  it('evaluates when/otherwise branches in order, with null when nothing matches and no otherwise', async () => {
    const spark = newSession();
    const rows = [{ a: 1 }, { a: 5 }, { a: 10 }];
    const chain = when(col('a').lt(3), 'low').when(col('a').lt(7), 'mid');
    expect(await values(spark, chain, rows)).toEqual(['low', 'mid', null]);
    expect(await values(spark, chain.otherwise('high'), rows)).toEqual(['low', 'mid', 'high']);
    expect(spark.createDataFrame(rows).select(chain.otherwise('high')).columns).toEqual([
      'CASE WHEN (a < 3) THEN low WHEN (a < 7) THEN mid ELSE high END',
    ]);
    expect(() => chain.otherwise(1).otherwise(2)).toThrow('otherwise() cannot be applied once otherwise() is applied');
  });

  it('reads struct fields with dotted names and getField, naming them as Spark does', async () => {
    const spark = newSession();
    const df = spark.createDataFrame([{ w: { start: 10, end: 20 } }]);
    const out = df.select(col('w.start'), col('w').getField('end'), struct(col('w.end'), lit(1).alias('one')).alias('s'));
    expect(out.columns).toEqual(['start', 'w.end', 's']);
    expect(await out.collect()).toEqual([{ start: 10, 'w.end': 20, s: { end: 20, one: 1 } }]);
    expect(() => df.select(col('w.middle'))).toThrow('[FIELD_NOT_FOUND] No such struct field `middle` in `start`, `end`.');
  });
});

describe('string functions', () => {
  it('lowercases, uppercases, measures and concatenates (null if any input is null)', async () => {
    const spark = newSession();
    const rows = [{ a: 'Ab', b: 'c' }, { a: 'X', b: null }];
    expect(await values(spark, lower(col('a')), rows)).toEqual(['ab', 'x']);
    expect(await values(spark, upper('a'), rows)).toEqual(['AB', 'X']);
    expect(await values(spark, length('a'), rows)).toEqual([2, 1]);
    expect(await values(spark, concat(col('a'), lit('-'), col('b')), rows)).toEqual(['Ab-c', null]);
  });

  it('splits by a regular expression, keeping trailing empty strings as Java does with limit -1', async () => {
    const spark = newSession();
    const rows = [{ s: 'a,b,,c,' }, { s: 'one  two' }];
    expect(await values(spark, split(col('s'), ','), rows)).toEqual([['a', 'b', '', 'c', ''], ['one  two']]);
    expect(await values(spark, split(col('s'), '\\s+'), rows)).toEqual([['a,b,,c,'], ['one', 'two']]);
    expect(await values(spark, split(col('s'), ',', 2), rows)).toEqual([['a', 'b,,c,'], ['one  two']]);
  });

  it('explodes arrays into rows named col, skipping null and empty arrays', async () => {
    const spark = newSession();
    const df = spark.createDataFrame([{ k: 'a', xs: [1, 2] }, { k: 'b', xs: [] }, { k: 'c', xs: null }, { k: 'd', xs: [3] }], 'k STRING, xs ARRAY<BIGINT>');
    const out = df.select(col('k'), explode(col('xs')));
    expect(out.columns).toEqual(['k', 'col']);
    expect(await out.collect()).toEqual([
      { k: 'a', col: 1 },
      { k: 'a', col: 2 },
      { k: 'd', col: 3 },
    ]);
    expect(await df.select(explode('xs').alias('x')).where(col('x').gt(1)).collect()).toEqual([{ x: 2 }, { x: 3 }]);
  });
});

describe('time functions', () => {
  it('parses timestamps by default format or by pattern, in UTC', async () => {
    const spark = newSession();
    const rows = [{ s: '2024-03-04 05:06:07' }, { s: '2024-03-04T05:06:07Z' }, { s: 'nope' }];
    expect(await values(spark, to_timestamp(col('s')), rows)).toEqual([Date.UTC(2024, 2, 4, 5, 6, 7), Date.UTC(2024, 2, 4, 5, 6, 7), null]);
    const custom = [{ s: '04/03/2024 05:06' }];
    expect(await values(spark, to_timestamp(col('s'), 'dd/MM/yyyy HH:mm'), custom)).toEqual([Date.UTC(2024, 2, 4, 5, 6)]);
  });

  it('reads current_timestamp() from the session clock when the query runs', async () => {
    const spark = newSession({ startMs: 1_000 });
    const df = spark.createDataFrame([{ a: 1 }, { a: 2 }]).select(current_timestamp().alias('now'));
    expect(await df.collect()).toEqual([{ now: 1_000 }, { now: 1_000 }]);
    (spark.sparkContext.clock as ManualClock).advance(500);
    expect(await df.collect()).toEqual([{ now: 1_500 }, { now: 1_500 }]);
  });
});

describe('expr', () => {
  it('parses arithmetic with precedence, comparisons, boolean logic and IS NULL', async () => {
    const spark = newSession();
    const rows = [{ a: 2, b: 3, s: null }];
    const ddl = 'a BIGINT, b BIGINT, s STRING';
    expect(await values(spark, expr('a + b * 2 - -1'), rows, ddl)).toEqual([9]);
    expect(await values(spark, expr('(a + b) % 4'), rows, ddl)).toEqual([1]);
    expect(await values(spark, expr('a < b AND NOT b <= a OR s IS NOT NULL'), rows, ddl)).toEqual([true]);
    expect(await values(spark, expr('a <> 2'), rows, ddl)).toEqual([false]);
    expect(await values(spark, expr('a = 2 and s is null'), rows, ddl)).toEqual([true]);
  });

  it('parses literals, CAST, CASE (with and without subject), functions and dotted names', async () => {
    const spark = newSession();
    const rows = [{ a: 2, w: { start: 5 }, name: "O'Neil" }];
    expect(await values(spark, expr("concat(name, '-', 'it''s', \"x\")"), rows)).toEqual(["O'Neil-it'sx"]);
    expect(await values(spark, expr('CAST(a AS DOUBLE) / 4'), rows)).toEqual([0.5]);
    expect(await values(spark, expr("CASE WHEN a > 1 THEN 'big' ELSE 'small' END"), rows)).toEqual(['big']);
    expect(await values(spark, expr("CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' END"), rows)).toEqual(['two']);
    expect(await values(spark, expr('w.start + 1'), rows)).toEqual([6]);
    expect(await values(spark, expr('upper(name)'), rows)).toEqual(["O'NEIL"]);
    expect(await values(spark, expr('1.5e1 + 10L'), rows)).toEqual([25]);
    expect(await values(spark, expr('true OR null'), rows)).toEqual([true]);
  });

  it('names an expression with AS, a bare alias or backquotes', () => {
    const spark = newSession();
    const df = spark.createDataFrame([{ a: 1 }]).select(expr('a + 1 AS b'), expr('a * 2 c'), expr('a AS `odd name`'));
    expect(df.columns).toEqual(['b', 'c', 'odd name']);
  });

  it('counts rows with count(*), named count(1)', async () => {
    const spark = newSession();
    const df = spark.createDataFrame([{ a: 1 }, { a: null }]).select(expr('count(*)'), expr('count(a)'));
    expect(df.columns).toEqual(['count(1)', 'count(a)']);
    expect(await df.collect()).toEqual([{ 'count(1)': 2, 'count(a)': 1 }]);
  });

  it('reports a syntax error with the position', () => {
    expect(() => expr('a + * 2')).toThrow("[PARSE_SYNTAX_ERROR] Syntax error at or near '*': expected an expression.\na + * 2\n    ^");
    expect(() => expr('CAST(a AS money)')).toThrow('[UNSUPPORTED_DATATYPE] Unsupported data type "money".');
    expect(() => expr("'open")).toThrow("[PARSE_SYNTAX_ERROR] Syntax error at or near ''open': expected a closing '.");
  });
});
