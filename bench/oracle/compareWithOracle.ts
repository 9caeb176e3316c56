/**
 * Judges an engine's final output against the exact answer: which rows and windows are exactly
 * right, what was counted too often or too rarely, and what became of the late inputs. Spark
 * analogue: StreamTest's CheckAnswer, turned from a pass/fail into a score.
 */
import type { OracleAnswer } from './OracleTable.js';
import { rowIdentity } from './ResultRow.js';
import type { OracleRow, ResultRow } from './ResultRow.js';

/** How one report window fared: the unit of the "correctness per window" chart. */
export interface WindowCorrectness {
  readonly windowStartMs: number;
  readonly windowEndMs: number;
  /** Rows of this window in the exact answer. */
  readonly expectedRows: number;
  /** Of those, rows the engine got exactly right. */
  readonly correctRows: number;
  /** Rows the engine emitted for this window that the exact answer does not have. */
  readonly extraRows: number;
  /** True when every expected row is right and there is no extra row. */
  readonly isExactlyRight: boolean;
}

/** Every correctness figure of one engine on one run. */
export interface Comparison {
  readonly rows: {
    readonly expected: number;
    readonly emitted: number;
    readonly correct: number;
    /** Present with a smaller count than the exact answer. */
    readonly undercounted: number;
    /** Present with a larger count than the exact answer. */
    readonly overcounted: number;
    /** Present with the right count but another value wrong (an average, a maximum). */
    readonly wrongValue: number;
    readonly missing: number;
    readonly extra: number;
  };
  readonly windows: {
    readonly expected: number;
    readonly exactlyRight: number;
    /** exactlyRight / expected, 1 when nothing was expected. */
    readonly shareExactlyRight: number;
    /** Windows the engine emitted that the exact answer does not have. */
    readonly extra: number;
  };
  /** Input records, estimated from the `count` value of each row. */
  readonly counts: {
    readonly expected: number;
    readonly reported: number;
    /** Inputs counted in a wrong row: as many as are both missing somewhere and surplus elsewhere. */
    readonly misassigned: number;
    /** Inputs missing and not found in another row. */
    readonly dropped: number;
    /** Surplus inputs not explained by a misassignment. */
    readonly duplicated: number;
  };
  /** Inputs that arrived behind the ideal watermark. */
  readonly late: {
    readonly inputs: number;
    /** Late inputs whose rows the engine got exactly right: it took them in. */
    readonly corrected: number;
    /** Late inputs whose rows are short of them. */
    readonly dropped: number;
  };
  readonly perWindow: readonly WindowCorrectness[];
}

/** Groups rows into the windows the report shows; the default is the row's own interval. */
export type WindowOf = (row: ResultRow) => { readonly startMs: number; readonly endMs: number };

const ownInterval: WindowOf = (row) => ({ startMs: row.windowStartMs, endMs: row.windowEndMs });

/** Compares values with a relative tolerance of 1e-9, so sums added in another order still match. */
export function valuesEqual(expected: Readonly<Record<string, number>>, actual: Readonly<Record<string, number>>): boolean {
  let names = 0;
  for (const name in expected) {
    names += 1;
    const a = expected[name] as number;
    const b = actual[name];
    if (b === undefined) return false;
    if (a !== b && !(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)))) return false;
  }
  for (const name in actual) if (--names < 0 || !(name in expected)) return false;
  return true;
}

interface WindowTally { startMs: number; endMs: number; expected: number; correct: number; extra: number }

function tally(windows: Map<string, WindowTally>, windowOf: WindowOf, row: ResultRow): WindowTally {
  const { startMs, endMs } = windowOf(row);
  const id = `${startMs}|${endMs}`;
  let entry = windows.get(id);
  if (!entry) windows.set(id, (entry = { startMs, endMs, expected: 0, correct: 0, extra: 0 }));
  return entry;
}

const countOf = (row: ResultRow | undefined): number => row?.values['count'] ?? 0;

/**
 * Scores `emitted` (the engine's final table: one row per identity, the last one it emitted)
 * against the exact answer.
 */
export function compareWithOracle(oracle: OracleAnswer, emitted: Iterable<ResultRow>, windowOf: WindowOf = ownInterval): Comparison {
  const actual = new Map<string, ResultRow>();
  for (const row of emitted) actual.set(rowIdentity(row), row);
  const windows = new Map<string, WindowTally>();
  const rows = { expected: oracle.rows.length, emitted: actual.size, correct: 0, undercounted: 0, overcounted: 0, wrongValue: 0, missing: 0, extra: 0 };
  let under = 0;
  let over = 0;
  let lateInputs = 0;
  let lateCorrected = 0;
  let lateDropped = 0;
  for (const expected of oracle.rows) {
    const window = tally(windows, windowOf, expected);
    window.expected += 1;
    lateInputs += expected.lateInputs;
    const got = actual.get(rowIdentity(expected));
    const deficit = countOf(expected) - countOf(got);
    if (deficit > 0) under += deficit;
    else over -= deficit;
    if (got && valuesEqual(expected.values, got.values)) {
      rows.correct += 1;
      window.correct += 1;
      lateCorrected += expected.lateInputs;
      continue;
    }
    if (!got) rows.missing += 1;
    else if (deficit > 0) rows.undercounted += 1;
    else if (deficit < 0) rows.overcounted += 1;
    else rows.wrongValue += 1;
    lateDropped += Math.min(expected.lateInputs, Math.max(deficit, 0));
  }
  for (const [identity, row] of actual) {
    if (oracle.byIdentity.has(identity)) continue;
    rows.extra += 1;
    over += countOf(row);
    tally(windows, windowOf, row).extra += 1;
  }
  return summarise(oracle.rows, rows, windows, { under, over, reported: [...actual.values()].reduce((sum, row) => sum + countOf(row), 0) }, {
    inputs: lateInputs,
    corrected: lateCorrected,
    dropped: lateDropped,
  });
}

function summarise(
  expectedRows: readonly OracleRow[],
  rows: Comparison['rows'],
  windows: Map<string, WindowTally>,
  totals: { under: number; over: number; reported: number },
  late: Comparison['late'],
): Comparison {
  const perWindow = [...windows.values()]
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs)
    .map((w) => ({
      windowStartMs: w.startMs,
      windowEndMs: w.endMs,
      expectedRows: w.expected,
      correctRows: w.correct,
      extraRows: w.extra,
      isExactlyRight: w.correct === w.expected && w.extra === 0,
    }));
  const expectedWindows = perWindow.filter((w) => w.expectedRows > 0);
  const exactlyRight = expectedWindows.filter((w) => w.isExactlyRight).length;
  const misassigned = Math.min(totals.under, totals.over);
  return {
    rows,
    windows: {
      expected: expectedWindows.length,
      exactlyRight,
      shareExactlyRight: expectedWindows.length === 0 ? 1 : exactlyRight / expectedWindows.length,
      extra: perWindow.length - expectedWindows.length,
    },
    counts: {
      expected: expectedRows.reduce((sum, row) => sum + countOf(row), 0),
      reported: totals.reported,
      misassigned,
      dropped: totals.under - misassigned,
      duplicated: totals.over - misassigned,
    },
    late,
    perWindow,
  };
}
