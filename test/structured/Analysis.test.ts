import { describe, expect, it } from 'vitest';
import { AnalysisException, col, count, explode, expr, lit, lower, split, sum } from '../../src/index.js';
import { newSession, people } from './support.js';

/** The error `f` throws (fails the test when it does not throw). */
function thrown(f: () => unknown): AnalysisException {
  try {
    f();
  } catch (e) {
    if (e instanceof AnalysisException) return e;
    throw e;
  }
  throw new Error('expected an AnalysisException');
}

describe('unresolved columns', () => {
  it('names the column and suggests the closest ones first', () => {
    const spark = newSession();
    const err = thrown(() => people(spark).select('nme'));
    expect(err.errorClass).toBe('UNRESOLVED_COLUMN');
    expect(err.retryable).toBe(false);
    expect(err.message).toBe(
      '[UNRESOLVED_COLUMN] A column or function parameter with name `nme` cannot be resolved. Did you mean one of the following? [`name`, `age`, `dept`]',
    );
  });

  it('reports columns in filters, sorts, groupings and nested expressions', () => {
    const spark = newSession();
    const df = people(spark);
    const msg = (name: string) => `[UNRESOLVED_COLUMN] A column or function parameter with name \`${name}\` cannot be resolved.`;
    expect(() => df.where(col('agee').gt(1))).toThrow(msg('agee'));
    expect(() => df.where('salary > 1')).toThrow(msg('salary'));
    expect(() => df.orderBy('dpt')).toThrow(msg('dpt'));
    expect(() => df.groupBy('team').count()).toThrow(msg('team'));
    expect(() => df.select(lower(col('nam')).plus(1))).toThrow(msg('nam'));
    expect(() => df.col('x')).toThrow(msg('x'));
  });

  it('lists at most five suggestions', () => {
    const spark = newSession();
    const df = spark.createDataFrame([{ a1: 1, a2: 1, a3: 1, a4: 1, a5: 1, a6: 1 }]);
    expect(() => df.select('a')).toThrow('Did you mean one of the following? [`a1`, `a2`, `a3`, `a4`, `a5`]');
  });
});

describe('type errors', () => {
  it("names the expression and both types for 'a' + true", () => {
    const spark = newSession();
    const err = thrown(() => people(spark).select(lit('a').plus(lit(true))));
    expect(err.errorClass).toBe('DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES');
    expect(err.message).toBe(
      '[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve "(a + true)" due to data type mismatch: the left and right operands of the binary operator have incompatible types ("STRING" and "BOOLEAN").',
    );
  });

  it('rejects summing or averaging a string column', () => {
    const spark = newSession();
    expect(() => people(spark).agg(sum('name'))).toThrow(
      '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "sum(name)" due to data type mismatch: The first parameter requires the "NUMERIC" type, however "name" has the type "STRING".',
    );
    expect(() => people(spark).groupBy('dept').avg('name')).toThrow('Cannot resolve "avg(name)" due to data type mismatch');
  });

  it('rejects comparing an array with a number, and AND on a number', () => {
    const spark = newSession();
    const df = people(spark);
    expect(() => df.where(split(col('name'), ',').equalTo(1))).toThrow(
      '[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve "(split(name, ,, -1) = 1)" due to data type mismatch: the left and right operands of the binary operator have incompatible types ("ARRAY<STRING>" and "INT").',
    );
    expect(() => df.where(col('age').and(lit(true)))).toThrow(
      '[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] Cannot resolve "(age AND true)" due to data type mismatch: the binary operator AND requires the input type "BOOLEAN", not "BIGINT" (in "age").',
    );
  });

  it('rejects a filter condition that is not boolean', () => {
    const spark = newSession();
    expect(() => people(spark).where(col('age'))).toThrow(
      `[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve "age" due to data type mismatch: Filter expression "age" of type "BIGINT" is not a boolean. Compare it to a value, e.g. where(col('x').gt(0)).`,
    );
  });

  it('casts strings to double for arithmetic, as Spark does', async () => {
    const spark = newSession();
    const df = spark.createDataFrame([{ s: '1.5' }]).select(col('s').plus(1));
    expect(df.columns).toEqual(['(s + 1)']);
    expect(await df.collect()).toEqual([{ '(s + 1)': 2.5 }]);
  });
});

describe('aggregation errors', () => {
  it('rejects a selected column that is neither grouped nor aggregated', () => {
    const spark = newSession();
    expect(() => people(spark).groupBy('dept').agg(col('name'))).toThrow(
      '[MISSING_AGGREGATION] The non-aggregating expression "name" is based on columns which are not participating in the GROUP BY clause. ' +
        'Add the columns or the expression to the GROUP BY, aggregate the expression, or use "first(name)" if you do not care which of the values within a group is returned.',
    );
  });

  it('rejects aggregates in a filter and nested aggregates', () => {
    const spark = newSession();
    expect(() => people(spark).where(sum('age').gt(1))).toThrow('[INVALID_AGGREGATE_USE] The aggregate function "sum(age)" is not allowed in a filter condition.');
    expect(() => people(spark).agg(sum(count('age')))).toThrow(
      '[INVALID_AGGREGATE_USE] The aggregate function "count(age)" is not allowed in the argument of another aggregate function (sum(count(age))).',
    );
  });

  it('rejects a generator nested inside another expression', () => {
    const spark = newSession();
    const df = spark.createDataFrame([{ s: 'a,b' }]);
    expect(() => df.select(lower(explode(split(col('s'), ','))))).toThrow(
      '[UNSUPPORTED_GENERATOR.OUTSIDE_SELECT] The generator "explode(split(s, ,, -1))" is only allowed once, at the top level of a select list (select(explode(...))).',
    );
  });
});

describe('function errors', () => {
  it('names an unknown function and suggests known ones', () => {
    const spark = newSession();
    expect(() => people(spark).select(expr('uppr(name)'))).toThrow(
      '[UNRESOLVED_ROUTINE] Cannot resolve function `uppr`: it is not a built-in function. Did you mean one of the following? [`upper`, `avg`, `last`, `lower`, `max`]',
    );
  });

  it('rejects a wrong number of arguments', () => {
    const spark = newSession();
    expect(() => people(spark).select(expr('lower(name, dept)'))).toThrow(
      '[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `lower` requires 1 parameters but the actual number is 2.',
    );
    expect(() => people(spark).select(expr('split(name)'))).toThrow('The `split` requires [2, 3] parameters but the actual number is 1.');
  });
});
