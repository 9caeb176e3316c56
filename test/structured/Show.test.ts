import { describe, expect, it } from 'vitest';
import { col, lit, StructType } from '../../src/index.js';
import { formatShowString } from '../../src/testing.js';
import { captureSink, newSession, people } from './support.js';

describe('show', () => {
  it('right-aligns cells under a bordered header and prints null', async () => {
    const spark = newSession();
    expect(await people(spark).showString()).toBe(
      '+-----+----+----+\n' +
        '| name| age|dept|\n' +
        '+-----+----+----+\n' +
        '|Alice|  30| eng|\n' +
        '|  Bob|  25| eng|\n' +
        '|Carol|  35| ops|\n' +
        '|  Dan|null| ops|\n' +
        '+-----+----+----+\n',
    );
  });

  it('adds the footer only when rows were left out, with "row" for one', async () => {
    const spark = newSession();
    const df = people(spark);
    expect(await df.showString(2)).toBe(
      '+-----+---+----+\n| name|age|dept|\n+-----+---+----+\n|Alice| 30| eng|\n|  Bob| 25| eng|\n+-----+---+----+\nonly showing top 2 rows\n',
    );
    expect(await df.showString(1)).toBe('+-----+---+----+\n| name|age|dept|\n+-----+---+----+\n|Alice| 30| eng|\n+-----+---+----+\nonly showing top 1 row\n');
    expect(await df.showString(4)).not.toContain('only showing');
  });

  it('cuts cells at 20 characters with "..." and aligns left when truncate is false', async () => {
    const spark = newSession();
    const df = spark.createDataFrame([{ s: 'abcdefghijklmnopqrstuvwxyz' }, { s: 'x' }]);
    expect(await df.showString()).toBe(
      '+--------------------+\n|                   s|\n+--------------------+\n|abcdefghijklmnopq...|\n|                   x|\n+--------------------+\n',
    );
    expect(await df.showString(20, false)).toBe(
      '+--------------------------+\n|s                         |\n+--------------------------+\n|abcdefghijklmnopqrstuvwxyz|\n|x                         |\n+--------------------------+\n',
    );
    expect(await df.showString(20, 3)).toBe('+---+\n|  s|\n+---+\n|abc|\n|  x|\n+---+\n');
    expect(await df.showString(20, 5)).toBe('+-----+\n|    s|\n+-----+\n|ab...|\n|    x|\n+-----+\n');
  });

  it('formats doubles like Java, timestamps in UTC, arrays, structs and escapes newlines', async () => {
    const spark = newSession();
    const df = spark.createDataFrame(
      [{ d: 1, big: 12345678.9, t: Date.UTC(2024, 0, 2, 3, 4, 5), ms: Date.UTC(2024, 0, 2, 3, 4, 5, 120), a: ['x', 'y'], s: { p: 1, q: 'z' }, n: 'a\nb' }],
      new StructType()
        .add('d', 'double')
        .add('big', 'double')
        .add('t', 'timestamp')
        .add('ms', 'timestamp')
        .add('a', 'array<string>')
        .add('s', 'struct<p:bigint,q:string>')
        .add('n', 'string'),
    );
    expect(await df.showString(20, false)).toBe(
      '+---+------------+-------------------+----------------------+------+------+----+\n' +
        '|d  |big         |t                  |ms                    |a     |s     |n   |\n' +
        '+---+------------+-------------------+----------------------+------+------+----+\n' +
        '|1.0|1.23456789E7|2024-01-02 03:04:05|2024-01-02 03:04:05.12|[x, y]|{1, z}|a\\nb|\n' +
        '+---+------------+-------------------+----------------------+------+------+----+\n',
    );
  });

  it('shows an empty DataFrame as header and borders', async () => {
    const spark = newSession();
    const df = people(spark).where(lit(false));
    expect(await df.showString()).toBe('+----+---+----+\n|name|age|dept|\n+----+---+----+\n+----+---+----+\n');
  });

  it('writes the table to the print sink from show()', async () => {
    const spark = newSession();
    const out = captureSink();
    const text = await people(spark).select(col('name')).show(1, true, out.sink);
    expect(out.text()).toBe(text);
    expect(text).toBe('+-----+\n| name|\n+-----+\n|Alice|\n+-----+\nonly showing top 1 row\n');
  });

  it('keeps a minimum column width of 3', () => {
    expect(formatShowString([], [], 20, 20)).toBe('++\n||\n++\n++\n');
  });
});
