/**
 * Receives an engine's output rows as they are emitted: keeps the last row per identity (the
 * engine's final answer), counts emissions over time, and notes when each row of the exact
 * answer became right, for the latency figures. Spark analogue: the memory sink plus
 * StreamingQueryProgress's timing.
 */
import { valuesEqual } from '../oracle/compareWithOracle.js';
import type { OracleAnswer } from '../oracle/OracleTable.js';
import type { OracleRow, ResultRow } from '../oracle/ResultRow.js';
import type { DeliveryLog } from './DeliveryLog.js';
import type { LatencyHistogram } from './LatencyHistogram.js';
import type { TimeSeries } from './TimeSeries.js';

/** A cell's row when the last one emitted equals the exact answer's: the emitted object is not kept. */
const AS_EXPECTED: ResultRow = { windowStartMs: 0, windowEndMs: 0, key: '', values: {} };

interface Cell {
  /**
   * The last row emitted for this identity; undefined while none was; AS_EXPECTED when it equals
   * the exact answer's row (most do: keeping each emitted row and its values object cost ~50 bytes
   * per input record of a filter run, retained to the end, in the heap the engine collects in).
   */
  row: ResultRow | undefined;
  readonly expected: OracleRow | undefined;
  correctSinceMs: number | undefined;
}

/** How the collector takes rows. */
export interface CollectorOptions {
  /**
   * Take rows that come with their runner's stamp (a micro-batch sink's batch) later, in slices of
   * at most {@link TAKE_SLICE_MS} between the driver's deliveries, instead of all at once inside
   * the sink. Real-time runs set it: a batch of 11k rows costs the collector 15-60 ms on this
   * machine, during which the driver could deliver nothing, so the records arriving just after a
   * batch boundary were handed over late, together, and their latency measured from then.
   */
  readonly takeStampedRowsLater?: boolean;
}

/** The longest the collector works on deferred rows before giving the event loop back. */
export const TAKE_SLICE_MS = 0.5;
/** Deferred rows beyond this many are taken at once, so a collector that cannot keep up holds no more. */
const MAX_PENDING = 1 << 20;

/**
 * Collects one run's output. Result latency of a row = the processing time from which the engine's
 * output for it has stayed equal to the exact answer, minus the time the row's last input was
 * delivered (its arrival time in virtual runs; in real runs the moment the driver actually handed
 * it over, so timer lag in the driver is not charged to the engine; the latency from the
 * scheduled arrival, which includes that lag, is recorded beside it). A row the engine never gets
 * right has no latency; it is scored by the comparison.
 */
export class OutputCollector {
  // Nested maps by window start, window end and key, with a cell for every row of the exact answer
  // made up front: an emission builds no string and looks nothing up in the answer, so the
  // collector costs three lookups per row however fast the engine emits (a row missing from the
  // answer gets its cell when first emitted).
  readonly #cells = new Map<number, Map<number, Map<string, Cell>>>();
  #emissions = 0;
  // Rows emitted but not taken yet (takeStampedRowsLater), in emission order from #pendingHead.
  #pendingRows: ResultRow[] = [];
  #pendingTimes: number[] = [];
  #pendingHead = 0;
  #sliceScheduled = false;

  constructor(
    oracle: OracleAnswer,
    /** Reads the run's clock: the stamp of a row emitted without one. */
    private readonly now: () => number,
    private readonly series: TimeSeries,
    /** When each arrival time's records were delivered (real runs); without it, latency runs from the scheduled arrival. */
    private readonly deliveries?: Pick<DeliveryLog, 'deliveredAtMs'>,
    private readonly options: CollectorOptions = {},
  ) {
    for (const expected of oracle.rows) this.#byKeyOf(expected).set(expected.key, { row: undefined, expected, correctSinceMs: undefined });
  }

  #byKeyOf(row: Pick<ResultRow, 'windowStartMs' | 'windowEndMs'>): Map<string, Cell> {
    let byEnd = this.#cells.get(row.windowStartMs);
    if (!byEnd) this.#cells.set(row.windowStartMs, (byEnd = new Map()));
    let byKey = byEnd.get(row.windowEndMs);
    if (!byKey) byEnd.set(row.windowEndMs, (byKey = new Map()));
    return byKey;
  }

  #cellOf(row: ResultRow): Cell {
    const byKey = this.#byKeyOf(row);
    let cell = byKey.get(row.key);
    if (!cell) byKey.set(row.key, (cell = { row, expected: undefined, correctSinceMs: undefined }));
    return cell;
  }

  /**
   * Takes one emitted row, stamped with the moment the engine emitted it (`emittedAtMs`; without
   * one, now). The row's figures are the same whether it is taken now or later.
   */
  emit(row: ResultRow, emittedAtMs?: number): void {
    const processingTimeMs = emittedAtMs ?? this.now();
    this.#emissions += 1;
    this.series.addRow(processingTimeMs);
    if (emittedAtMs === undefined || !this.options.takeStampedRowsLater) {
      this.#takePending();
      this.#take(row, processingTimeMs);
      return;
    }
    this.#pendingRows.push(row);
    this.#pendingTimes.push(processingTimeMs);
    if (this.#pendingRows.length - this.#pendingHead > MAX_PENDING) this.#takePending();
    else if (!this.#sliceScheduled) {
      this.#sliceScheduled = true;
      setImmediate(() => this.#takeSlice());
    }
  }

  #take(row: ResultRow, processingTimeMs: number): void {
    const cell = this.#cellOf(row);
    if (!cell.expected) {
      cell.row = row;
    } else if (!valuesEqual(cell.expected.values, row.values)) {
      cell.row = row;
      cell.correctSinceMs = undefined;
    } else {
      cell.row = AS_EXPECTED;
      if (cell.correctSinceMs === undefined) cell.correctSinceMs = processingTimeMs;
    }
  }

  /** Takes deferred rows for at most TAKE_SLICE_MS, then yields to the driver and its timers. */
  #takeSlice(): void {
    this.#sliceScheduled = false;
    const untilMs = performance.now() + TAKE_SLICE_MS;
    for (let taken = 1; this.#pendingHead < this.#pendingRows.length; taken++) {
      this.#take(this.#pendingRows[this.#pendingHead] as ResultRow, this.#pendingTimes[this.#pendingHead] as number);
      this.#pendingHead += 1;
      if ((taken & 63) === 0 && performance.now() >= untilMs) break;
    }
    if (this.#pendingHead < this.#pendingRows.length) {
      this.#sliceScheduled = true;
      setImmediate(() => this.#takeSlice());
    } else this.#clearPending();
  }

  /** Takes every deferred row now, in emission order. */
  #takePending(): void {
    for (; this.#pendingHead < this.#pendingRows.length; this.#pendingHead++) {
      this.#take(this.#pendingRows[this.#pendingHead] as ResultRow, this.#pendingTimes[this.#pendingHead] as number);
    }
    this.#clearPending();
  }

  #clearPending(): void {
    this.#pendingRows = [];
    this.#pendingTimes = [];
    this.#pendingHead = 0;
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
    this.#takePending();
    const rows: ResultRow[] = [];
    for (const cell of this.#allCells()) {
      if (cell.row === AS_EXPECTED) {
        const { windowStartMs, windowEndMs, key, values } = cell.expected as OracleRow;
        rows.push({ windowStartMs, windowEndMs, key, values });
      } else if (cell.row) rows.push(cell.row);
    }
    return rows;
  }

  /**
   * Records the result latency of every row that ended right into `histogram`, counted from its
   * last input's delivery, and into `fromSchedule` (when given) counted from that input's scheduled
   * arrival: the two differ by how late the driver delivered it.
   */
  recordLatencies(histogram: LatencyHistogram, fromSchedule?: LatencyHistogram): void {
    this.#takePending();
    for (const cell of this.#allCells()) {
      if (!cell.expected || cell.correctSinceMs === undefined) continue;
      const { lastArrivalMs } = cell.expected;
      histogram.record(cell.correctSinceMs - (this.deliveries?.deliveredAtMs(lastArrivalMs) ?? lastArrivalMs));
      fromSchedule?.record(cell.correctSinceMs - lastArrivalMs);
    }
  }
}
