/**
 * Receives an engine's output rows as they are emitted: keeps the last row per identity (the
 * engine's final answer), counts emissions over time, and notes when each row of the exact
 * answer became right, for the latency figures. Spark analogue: the memory sink plus
 * StreamingQueryProgress's timing.
 */
import type { Clock } from '../../src/shared/util/Clock.js';
import { valuesEqual } from '../oracle/compareWithOracle.js';
import type { OracleAnswer } from '../oracle/OracleTable.js';
import { rowIdentity } from '../oracle/ResultRow.js';
import type { OracleRow, ResultRow } from '../oracle/ResultRow.js';
import type { DeliveryLog } from './DeliveryLog.js';
import type { LatencyHistogram } from './LatencyHistogram.js';
import type { TimeSeries } from './TimeSeries.js';

interface Cell {
  row: ResultRow;
  readonly expected: OracleRow | undefined;
  correctSinceMs: number | undefined;
}

/**
 * Collects one run's output. Result latency of a row = the processing time from which the engine's
 * output for it has stayed equal to the exact answer, minus the time the row's last input was
 * delivered (its arrival time in virtual runs; in real runs the moment the driver actually handed
 * it over, so timer lag in the driver is not charged to the engine). A row the engine never gets
 * right has no latency; it is scored by the comparison.
 */
export class OutputCollector {
  // Nested maps by window start, window end and key: an emission builds no string, so the
  // collector costs a few lookups per row however fast the engine emits.
  readonly #cells = new Map<number, Map<number, Map<string, Cell>>>();
  #emissions = 0;

  constructor(
    private readonly oracle: OracleAnswer,
    private readonly clock: Clock,
    private readonly series: TimeSeries,
    /** When each arrival time's records were delivered (real runs); without it, latency runs from the scheduled arrival. */
    private readonly deliveries?: Pick<DeliveryLog, 'deliveredAtMs'>,
  ) {}

  #cellOf(row: ResultRow): Cell {
    let byEnd = this.#cells.get(row.windowStartMs);
    if (!byEnd) this.#cells.set(row.windowStartMs, (byEnd = new Map()));
    let byKey = byEnd.get(row.windowEndMs);
    if (!byKey) byEnd.set(row.windowEndMs, (byKey = new Map()));
    let cell = byKey.get(row.key);
    if (!cell) byKey.set(row.key, (cell = { row, expected: this.oracle.byIdentity.get(rowIdentity(row)), correctSinceMs: undefined }));
    return cell;
  }

  /** Takes one emitted row, stamped with the moment the engine emitted it (by default, now). */
  emit(row: ResultRow, processingTimeMs = this.clock.getTimeMillis()): void {
    const cell = this.#cellOf(row);
    cell.row = row;
    this.#emissions += 1;
    this.series.addRow(processingTimeMs);
    if (!cell.expected) return;
    if (!valuesEqual(cell.expected.values, row.values)) cell.correctSinceMs = undefined;
    else if (cell.correctSinceMs === undefined) cell.correctSinceMs = processingTimeMs;
  }

  /** How many rows were emitted, updates included. */
  get emissions(): number {
    return this.#emissions;
  }

  *#allCells(): Generator<Cell> {
    for (const byEnd of this.#cells.values()) for (const byKey of byEnd.values()) yield* byKey.values();
  }

  /** The engine's answer: the last row emitted per identity. */
  finalRows(): ResultRow[] {
    return [...this.#allCells()].map((cell) => cell.row);
  }

  /** Records the result latency of every row that ended right into `histogram`. */
  recordLatencies(histogram: LatencyHistogram): void {
    for (const cell of this.#allCells()) {
      if (!cell.expected || cell.correctSinceMs === undefined) continue;
      const { lastArrivalMs } = cell.expected;
      histogram.record(cell.correctSinceMs - (this.deliveries?.deliveredAtMs(lastArrivalMs) ?? lastArrivalMs));
    }
  }
}
