/**
 * Windows computed inline by the fused stage (each window start as a number, the struct built
 * once per group) give Spark's windows: the same as the unfused path, which expands each row
 * through its window array, for tumbling and sliding windows, negative timestamps, start-time
 * offsets either side of zero and null timestamps (dropped). Windows by hand: with '10 seconds'
 * and start time -3 s the windows start at -13, -3, 7, ... s, so -11 s is in [-13, -3) and -3 s
 * in [-3, 7); sliding every 4 s, -11 s is in [-20, -10) (start -20 = -11 - ((-11 mod 4) + 4))
 * and [-16, -6), and [-12, -2) too, since 10 s is not a multiple of 4 s (ceil(10/4) = 3 candidates).
 */
import { describe, expect, it } from 'vitest';
import { col, count, sum, window } from '../../src/index.js';
import { newSession } from './support.js';

const rows: [string, number | null][] = [['a', -11], ['b', -10], ['a', -3], ['a', -1], ['b', 6], ['a', 7], ['a', null]];

function events(wholeStage: boolean) {
  const spark = newSession({ conf: { 'spark.sql.codegen.wholeStage': wholeStage } });
  return spark.createDataFrame(rows.map(([k, s]) => ({ k, s })), 'k STRING, s LONG').withColumn('t', col('s').cast('timestamp'));
}

/** [start s, end s, key, count, sum of s], sorted by start then key. */
async function counted(df: ReturnType<typeof events>, ...args: [string, string?, string?]) {
  const out = await df.groupBy(window('t', ...args), 'k').agg(count('*').alias('n'), sum('s').alias('total')).collect();
  return out
    .map((r) => {
      const w = r['window'] as { start: number; end: number };
      return [w.start / 1000, w.end / 1000, r['k'], r['n'], r['total']] as [number, number, string, number, number];
    })
    .sort((x, y) => x[0] - y[0] || x[2].localeCompare(y[2]));
}

describe('windows computed in a fused stage', () => {
  for (const wholeStage of [true, false]) {
    it(`assigns windows with a negative start time, negative timestamps and null times dropped (wholeStage=${wholeStage})`, async () => {
      expect(await counted(events(wholeStage), '10 seconds', '10 seconds', '-3 seconds')).toEqual([
        [-13, -3, 'a', 1, -11],
        [-13, -3, 'b', 1, -10],
        [-3, 7, 'a', 2, -4],
        [-3, 7, 'b', 1, 6],
        [7, 17, 'a', 1, 7],
      ]);
    });

    it(`assigns windows with a positive start time (wholeStage=${wholeStage})`, async () => {
      expect(await counted(events(wholeStage), '10 seconds', undefined, '4 seconds')).toEqual([
        [-16, -6, 'a', 1, -11],
        [-16, -6, 'b', 1, -10],
        [-6, 4, 'a', 2, -4],
        [4, 14, 'a', 1, 7],
        [4, 14, 'b', 1, 6],
      ]);
    });

    it(`assigns sliding windows whose slide divides the window, with a start time (wholeStage=${wholeStage})`, async () => {
      expect(await counted(events(wholeStage), '10 seconds', '5 seconds', '2 seconds')).toEqual([
        [-18, -8, 'a', 1, -11],
        [-18, -8, 'b', 1, -10],
        [-13, -3, 'a', 1, -11],
        [-13, -3, 'b', 1, -10],
        [-8, 2, 'a', 2, -4],
        [-3, 7, 'a', 2, -4],
        [-3, 7, 'b', 1, 6],
        [2, 12, 'a', 1, 7],
        [2, 12, 'b', 1, 6],
        [7, 17, 'a', 1, 7],
      ]);
    });

    it(`assigns sliding windows whose slide does not divide the window, keeping only windows holding the row (wholeStage=${wholeStage})`, async () => {
      expect(await counted(events(wholeStage), '10 seconds', '4 seconds')).toEqual([
        [-20, -10, 'a', 1, -11],
        [-16, -6, 'a', 1, -11],
        [-16, -6, 'b', 1, -10],
        [-12, -2, 'a', 2, -14],
        [-12, -2, 'b', 1, -10],
        [-8, 2, 'a', 2, -4],
        [-4, 6, 'a', 2, -4],
        [0, 10, 'a', 1, 7],
        [0, 10, 'b', 1, 6],
        [4, 14, 'a', 1, 7],
        [4, 14, 'b', 1, 6],
      ]);
    });

    it(`groups on the window alone and selects it without grouping (wholeStage=${wholeStage})`, async () => {
      const df = events(wholeStage);
      const byWindow = await df.groupBy(window('t', '5 seconds')).count().collect();
      expect(byWindow.map((r) => [(r['window'] as { start: number }).start, r['count']]).sort((x, y) => (x[0] as number) - (y[0] as number))).toEqual([
        [-15000, 1],
        [-10000, 1],
        [-5000, 2],
        [5000, 2],
      ]);
      const selected = await df.select('k', window('t', '5 seconds').alias('w')).collect();
      expect(selected).toEqual([
        { k: 'a', w: { start: -15000, end: -10000 } },
        { k: 'b', w: { start: -10000, end: -5000 } },
        { k: 'a', w: { start: -5000, end: 0 } },
        { k: 'a', w: { start: -5000, end: 0 } },
        { k: 'b', w: { start: 5000, end: 10000 } },
        { k: 'a', w: { start: 5000, end: 10000 } },
      ]);
    });
  }

  it('computes the window starts in the generated stage instead of calling a window function per row', () => {
    const tumbling = events(true).groupBy(window('t', '10 seconds'), 'k').count().explain('codegen', () => {});
    expect(tumbling).toContain('% 10000;');
    expect(tumbling).toContain('({ start: windowStart');
    const sliding = events(true).groupBy(window('t', '10 seconds', '4 seconds'), 'k').count().explain('codegen', () => {});
    expect(sliding).toContain('% 4000;');
    expect(sliding).toContain('({ start: windowStart');
  });
});
