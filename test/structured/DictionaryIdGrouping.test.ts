/**
 * A fused grouping on a column of an inner broadcast join's table indexes an array by the value's
 * dictionary id (uniqueRowsWithIds) instead of a Map keyed by the value; its rows equal the
 * unfused plan's, with repeated values, nulls, -0/0 and NaN in the grouped column, and a left
 * outer join (whose unmatched rows carry no ids) keeps the Map.
 */
import { describe, expect, it } from 'vitest';
import { col, count, sum } from '../../src/index.js';
import type { Row } from '../../src/index.js';
import { newSession } from './support.js';

function tables(wholeStage: boolean) {
  const spark = newSession({ conf: { 'spark.sql.codegen.wholeStage': wholeStage } });
  const events = spark.createDataFrame([[1, 10], [2, 20], [3, 30], [1, 40], [4, 50], [9, 60], [null, 70], [5, 80], [6, 90], [2, 100]], 'ad BIGINT, v BIGINT');
  const ads = spark.createDataFrame(
    [[1, 'c1', 0.5], [2, 'c2', -0], [3, 'c1', 0], [4, null, Number.NaN], [5, 'c2', Number.NaN], [6, null, 0.5]],
    'ad BIGINT, campaign STRING, weight DOUBLE',
  );
  return { events, ads };
}

const byText = (rows: Row[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('grouping on a broadcast table column by dictionary id', () => {
  for (const wholeStage of [true, false]) {
    it(`counts and sums per campaign, null campaign its own group (wholeStage=${wholeStage})`, async () => {
      const { events, ads } = tables(wholeStage);
      const rows = await events.join(ads, 'ad').groupBy('campaign').agg(count('*').as('n'), sum('v').as('total')).collect();
      expect(byText(rows)).toEqual(byText([
        { campaign: 'c1', n: 3, total: 80 },
        { campaign: 'c2', n: 3, total: 200 },
        { campaign: null, n: 2, total: 140 },
      ]));
    });

    it(`groups -0 with 0 and NaN with NaN, as a Map does (wholeStage=${wholeStage})`, async () => {
      const { events, ads } = tables(wholeStage);
      const rows = await events.join(ads, 'ad').groupBy('weight').agg(count('*').as('n')).collect();
      const summary = rows.map((r) => [Object.is(r['weight'], -0) ? 0 : r['weight'], r['n']]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      expect(summary).toEqual([[0, 3], [0.5, 3], [Number.NaN, 2]]);
    });

    it(`groups by two table columns and a streamed one (wholeStage=${wholeStage})`, async () => {
      const { events, ads } = tables(wholeStage);
      const rows = await events.join(ads, 'ad').where(col('v').lt(95)).groupBy('campaign', 'ad', 'weight').agg(count('*').as('n')).collect();
      expect(byText(rows)).toEqual(byText([
        { campaign: 'c1', ad: 1, weight: 0.5, n: 2 },
        { campaign: 'c2', ad: 2, weight: -0, n: 1 },
        { campaign: 'c1', ad: 3, weight: 0, n: 1 },
        { campaign: null, ad: 4, weight: Number.NaN, n: 1 },
        { campaign: 'c2', ad: 5, weight: Number.NaN, n: 1 },
        { campaign: null, ad: 6, weight: 0.5, n: 1 },
      ]));
    });

    it(`a left outer join groups its misses with the null campaign (wholeStage=${wholeStage})`, async () => {
      const { events, ads } = tables(wholeStage);
      const rows = await events.join(ads, 'ad', 'left').groupBy('campaign').agg(count('*').as('n')).collect();
      expect(byText(rows)).toEqual(byText([
        { campaign: 'c1', n: 3 },
        { campaign: 'c2', n: 3 },
        { campaign: null, n: 4 },
      ]));
    });
  }

  it('indexes by id after an inner join only', () => {
    const { events, ads } = tables(true);
    const inner = events.join(ads, 'ad').groupBy('campaign').count().explain('codegen', () => {});
    expect(inner).toMatch(/const table\d+ = \[\];/);
    expect(inner).toMatch(/let e\d+ = table\d+\[build\d+\[3\]\];/);
    const outer = events.join(ads, 'ad', 'left').groupBy('campaign').count().explain('codegen', () => {});
    expect(outer).not.toMatch(/\[build\d+\[\d\]\]/);
    expect(outer).toMatch(/\.get\(build\d+\[1\]\)/);
  });
});
