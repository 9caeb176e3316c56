import { describe, expect, it } from 'vitest';
import { compareWithOracle, valuesEqual } from '../../bench/oracle/compareWithOracle.js';
import { OracleTable } from '../../bench/oracle/OracleTable.js';
import type { ResultRow } from '../../bench/oracle/ResultRow.js';

/** Exact answer: window [0, 10) a=3 (one late input), b=1; window [10, 20) a=2. */
function oracle() {
  const table = new OracleTable(() => ({ count: 0 }), (c) => ({ count: c.count }));
  const input = (arrivalTimeMs: number) => ({ arrivalTimeMs });
  table.add(0, 10, 'a', input(1), false).count += 2;
  table.add(0, 10, 'a', input(30), true).count += 1;
  table.add(0, 10, 'b', input(2), false).count += 1;
  table.add(10, 20, 'a', input(12), false).count += 2;
  return table.answer();
}

const row = (windowStartMs: number, key: string, count: number): ResultRow => ({ windowStartMs, windowEndMs: windowStartMs + 10, key, values: { count } });

describe('compareWithOracle', () => {
  it('scores an exact answer as all right', () => {
    const score = compareWithOracle(oracle(), [row(0, 'a', 3), row(0, 'b', 1), row(10, 'a', 2)]);
    expect(score.rows).toEqual({ expected: 3, emitted: 3, correct: 3, undercounted: 0, overcounted: 0, wrongValue: 0, missing: 0, extra: 0 });
    expect(score.windows).toEqual({ expected: 2, exactlyRight: 2, shareExactlyRight: 1, extra: 0 });
    expect(score.counts).toEqual({ expected: 6, reported: 6, misassigned: 0, dropped: 0, duplicated: 0 });
    expect(score.late).toEqual({ inputs: 1, corrected: 1, dropped: 0 });
  });

  it('tells a dropped late input from a misassigned one', () => {
    // The late input of (0, a) is missing; b's input was counted in window [10, 20) instead.
    const score = compareWithOracle(oracle(), [row(0, 'a', 2), row(10, 'a', 2), row(10, 'b', 1)]);
    expect(score.rows).toEqual({ expected: 3, emitted: 3, correct: 1, undercounted: 1, overcounted: 0, wrongValue: 0, missing: 1, extra: 1 });
    expect(score.counts).toEqual({ expected: 6, reported: 5, misassigned: 1, dropped: 1, duplicated: 0 });
    expect(score.late).toEqual({ inputs: 1, corrected: 0, dropped: 1 });
    expect(score.windows).toEqual({ expected: 2, exactlyRight: 0, shareExactlyRight: 0, extra: 0 });
    expect(score.perWindow).toEqual([
      { windowStartMs: 0, windowEndMs: 10, expectedRows: 2, correctRows: 0, extraRows: 0, isExactlyRight: false },
      { windowStartMs: 10, windowEndMs: 20, expectedRows: 1, correctRows: 1, extraRows: 1, isExactlyRight: false },
    ]);
  });

  it('counts surplus inputs as duplicated and rows of unknown windows as extra windows', () => {
    const score = compareWithOracle(oracle(), [row(0, 'a', 4), row(0, 'b', 1), row(10, 'a', 2), row(50, 'z', 1)]);
    expect(score.rows.overcounted).toBe(1);
    expect(score.rows.extra).toBe(1);
    expect(score.counts).toMatchObject({ misassigned: 0, dropped: 0, duplicated: 2 });
    expect(score.windows).toEqual({ expected: 2, exactlyRight: 1, shareExactlyRight: 0.5, extra: 1 });
  });

  it('scores rows into the windows a workload chooses', () => {
    const score = compareWithOracle(oracle(), [row(0, 'a', 3), row(0, 'b', 1), row(10, 'a', 2)], () => ({ startMs: 0, endMs: 100 }));
    expect(score.perWindow).toEqual([{ windowStartMs: 0, windowEndMs: 100, expectedRows: 3, correctRows: 3, extraRows: 0, isExactlyRight: true }]);
  });
});

describe('valuesEqual', () => {
  it('allows sums added in another order but not another count or a missing value', () => {
    expect(valuesEqual({ avg: 0.1 + 0.2 + 0.3, count: 3 }, { avg: 0.3 + 0.2 + 0.1, count: 3 })).toBe(true);
    expect(valuesEqual({ count: 3 }, { count: 4 })).toBe(false);
    expect(valuesEqual({ avg: 1, max: 2 }, { avg: 1 })).toBe(false);
    expect(valuesEqual({ avg: 1 }, { avg: 1, max: 2 })).toBe(false);
  });
});
