/**
 * The rows of the side-by-side table, shared by the terminal and HTML reports: what each row
 * shows, how to format it, and which direction wins. No Spark counterpart.
 */
import type { EngineMeasurement } from '../harness/EngineMeasurement.js';

/** Which value wins a row, if any. */
export type Direction = 'lower' | 'higher' | 'none';

/** One row of the comparison table. */
export interface MetricRow {
  readonly label: string;
  readonly direction: Direction;
  /** Shown only when some engine has the figure (real-time runs' figures, absent in virtual time). */
  readonly onlyWhenMeasured?: boolean;
  /** The figure for one engine; null when it has none (failed run, nothing measured). */
  value(measurement: EngineMeasurement): number | null;
  format(value: number): string;
}

/** Milliseconds at a precision that suits their size: 0.012 ms, 4.5 ms, 1200 ms. */
export function formatMs(valueMs: number): string {
  if (valueMs === 0) return '0 ms';
  if (valueMs < 1) return `${valueMs.toFixed(3)} ms`;
  if (valueMs < 100) return `${valueMs.toFixed(1)} ms`;
  return `${Math.round(valueMs)} ms`;
}

/** A rate with a k or M suffix: 950/s, 12.3k/s, 4.56M/s. */
export function formatRate(perSec: number): string {
  if (perSec >= 1e6) return `${(perSec / 1e6).toFixed(2)}M/s`;
  if (perSec >= 1e3) return `${(perSec / 1e3).toFixed(1)}k/s`;
  return `${Math.round(perSec)}/s`;
}

/** A share in [0, 1] as a percentage with one decimal. */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

const count = (value: number): string => String(Math.round(value));

const latency = (label: string, pick: (m: EngineMeasurement) => number | undefined): MetricRow => ({
  label,
  direction: 'lower',
  value: (m) => pick(m) ?? null,
  format: formatMs,
});

const correctness = (label: string, direction: Direction, pick: (m: NonNullable<EngineMeasurement['correctness']>) => number): MetricRow => ({
  label,
  direction,
  value: (m) => (m.correctness ? pick(m.correctness) : null),
  format: count,
});

/** Every row of the table, in print order. */
export const METRIC_ROWS: readonly MetricRow[] = [
  latency('latency p50', (m) => m.latency?.p50Ms),
  latency('latency p95', (m) => m.latency?.p95Ms),
  latency('latency p99', (m) => m.latency?.p99Ms),
  latency('latency max', (m) => m.latency?.maxMs),
  // Real time only: the driver shares the event loop with the engine, so it can deliver late;
  // latency from delivery then hides that wait, latency from the schedule includes it.
  { ...latency('latency p99 from schedule', (m) => m.latencyFromSchedule?.p99Ms), onlyWhenMeasured: true },
  { label: 'feed late p99', direction: 'none', value: (m) => m.feedLateness?.p99Ms ?? null, format: formatMs, onlyWhenMeasured: true },
  { label: 'throughput', direction: 'higher', value: (m) => (m.status === 'ok' ? m.throughput.eventsPerSec : null), format: formatRate },
  { label: 'rows emitted', direction: 'none', value: (m) => (m.status === 'ok' ? m.throughput.emissions : null), format: count },
  { label: 'rows exactly right', direction: 'higher', value: (m) => (m.correctness ? (m.correctness.rows.expected === 0 ? 1 : m.correctness.rows.correct / m.correctness.rows.expected) : null), format: formatShare },
  { label: 'windows exactly right', direction: 'higher', value: (m) => m.correctness?.windows.shareExactlyRight ?? null, format: formatShare },
  correctness('rows under-counted', 'lower', (c) => c.rows.undercounted + c.rows.missing),
  correctness('rows over-counted', 'lower', (c) => c.rows.overcounted + c.rows.extra),
  correctness('inputs dropped', 'lower', (c) => c.counts.dropped),
  correctness('inputs misassigned', 'lower', (c) => c.counts.misassigned),
  correctness('inputs duplicated', 'lower', (c) => c.counts.duplicated),
  correctness('late inputs corrected', 'higher', (c) => c.late.corrected),
  correctness('late inputs dropped', 'lower', (c) => c.late.dropped),
  { label: 'peak state entries', direction: 'lower', value: (m) => m.peakStateEntries, format: count },
];

/** The rows a table of `measurements` shows: every row, less those no engine measured that need a figure. */
export function rowsShown(measurements: readonly EngineMeasurement[]): MetricRow[] {
  return METRIC_ROWS.filter((row) => !row.onlyWhenMeasured || measurements.some((m) => m.status === 'ok' && row.value(m) !== null));
}

/**
 * The indexes of the engines that win `row`: those with the best value, when not every engine
 * with a value has it (a tie of all is no win).
 */
export function winnersOf(row: MetricRow, measurements: readonly EngineMeasurement[]): Set<number> {
  if (row.direction === 'none') return new Set();
  const values = measurements.map((m) => (m.status === 'ok' ? row.value(m) : null));
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length < 2) return new Set();
  const best = row.direction === 'lower' ? Math.min(...present) : Math.max(...present);
  const winners = new Set<number>();
  values.forEach((v, index) => v === best && winners.add(index));
  return winners.size === present.length ? new Set() : winners;
}
