/**
 * A broadcast hash join whose local table has one row per key (a dimension table keyed by its
 * id) probes the row directly in the fused stage, without a loop over a bucket; its rows equal the
 * unfused probe's, for matches, misses and null keys, in inner and left outer joins.
 */
import { describe, expect, it } from 'vitest';
import { col } from '../../src/index.js';
import { newSession } from './support.js';

function tables(wholeStage: boolean) {
  const spark = newSession({ conf: { 'spark.sql.codegen.wholeStage': wholeStage } });
  const events = spark.createDataFrame([[1, 'x'], [2, 'y'], [null, 'z'], [1, 'w'], [9, 'v']], 'ad BIGINT, what STRING');
  const ads = spark.createDataFrame([[1, 'c1'], [2, 'c2'], [3, 'c3']], 'ad BIGINT, campaign STRING');
  return { events, ads };
}

describe('broadcast hash join with one build row per key', () => {
  for (const wholeStage of [true, false]) {
    it(`inner join keeps the matches in streamed order (wholeStage=${wholeStage})`, async () => {
      const { events, ads } = tables(wholeStage);
      expect(await events.join(ads, 'ad').collect()).toEqual([
        { ad: 1, what: 'x', campaign: 'c1' },
        { ad: 2, what: 'y', campaign: 'c2' },
        { ad: 1, what: 'w', campaign: 'c1' },
      ]);
    });

    it(`left outer join pads misses and null keys with nulls (wholeStage=${wholeStage})`, async () => {
      const { events, ads } = tables(wholeStage);
      expect(await events.join(ads, 'ad', 'left').select('what', 'campaign').collect()).toEqual([
        { what: 'x', campaign: 'c1' },
        { what: 'y', campaign: 'c2' },
        { what: 'z', campaign: null },
        { what: 'w', campaign: 'c1' },
        { what: 'v', campaign: null },
      ]);
    });
  }

  it('reads the one row of a key without a loop over its bucket, and keeps the loop when a key repeats', () => {
    const { events, ads } = tables(true);
    expect(events.join(ads, 'ad').explain('codegen', () => {})).not.toContain('for (const build');
    const repeated = events.sparkSession.createDataFrame([[1, 'c1'], [1, 'c1b']], 'ad BIGINT, campaign STRING');
    expect(events.join(repeated, 'ad').explain('codegen', () => {})).toContain('for (const build');
    expect(events.join(ads.where(col('ad').gt(1)), 'ad').explain('codegen', () => {})).not.toContain('for (const build');
  });
});
