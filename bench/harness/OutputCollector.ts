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
  // Nested maps by window start, window end and key to the row's slot: the exact answer's rows are
  // slots 0..n-1 (their index in its rows), mapped up front, so an emission builds no string and
  // looks nothing up in the answer, and costs three lookups however fast the engine emits. A row
  // missing from the answer gets the next slot when first emitted. What a slot holds lives in
  // typed arrays, not an object per row: with the emitted rows themselves, those objects cost
  // ~70 bytes per input record of a filter run, kept to the end in the heap the engine collects in.
  readonly #slots = new Map<number, Map<number, Map<string, number>>>();
  readonly #expected: readonly OracleRow[];
  /** Per row of the answer: since when the engine's row has equalled it; NaN while it does not. */
  readonly #correctSinceMs: Float64Array;
  /** Per row of the answer: 1 when the last row emitted for it equals it (noted, not kept). */
  readonly #asExpected: Uint8Array;
  /** The last row emitted for a slot when it differs from the answer's row, or the answer has none. */
  readonly #otherRows = new Map<number, ResultRow>();
  #nextSlot: number;
  /** The slot of the row taken last (-1 before the first). */
  #lastSlot = -1;
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
    this.#expected = oracle.rows;
    this.#correctSinceMs = new Float64Array(oracle.rows.length).fill(NaN);
    this.#asExpected = new Uint8Array(oracle.rows.length);
    this.#nextSlot = oracle.rows.length;
    oracle.rows.forEach((expected, slot) => this.#byKeyOf(expected).set(expected.key, slot));
  }

  #byKeyOf(row: Pick<ResultRow, 'windowStartMs' | 'windowEndMs'>): Map<string, number> {
    let byEnd = this.#slots.get(row.windowStartMs);
    if (!byEnd) this.#slots.set(row.windowStartMs, (byEnd = new Map()));
    let byKey = byEnd.get(row.windowEndMs);
    if (!byKey) byEnd.set(row.windowEndMs, (byKey = new Map()));
    return byKey;
  }

  #slotOf(row: ResultRow): number {
    // Engines often emit rows in the answer's order (a filter's rows by key within each second,
    // windows one after another): the row after the last one taken is tried first. That check
    // reads the neighbour of a row just read; the lookup reads three maps, the last with an entry
    // per row of a second (300k at 600k records/s). In a continuous run at 600k/s the main
    // thread's CPU time while the input ran fell from 524-543 to 424-446 ms (of 1.5 s).
    const next = this.#lastSlot + 1;
    const guess = this.#expected[next];
    if (guess !== undefined && guess.key === row.key && guess.windowStartMs === row.windowStartMs && guess.windowEndMs === row.windowEndMs) {
      this.#lastSlot = next;
      return next;
    }
    const byKey = this.#byKeyOf(row);
    let slot = byKey.get(row.key);
    if (slot === undefined) byKey.set(row.key, (slot = this.#nextSlot++));
    this.#lastSlot = slot;
    return slot;
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
    const slot = this.#slotOf(row);
    const expected = this.#expected[slot];
    if (!expected) {
      this.#otherRows.set(slot, row);
    } else if (!valuesEqual(expected.values, row.values)) {
      this.#otherRows.set(slot, row);
      this.#asExpected[slot] = 0;
      this.#correctSinceMs[slot] = NaN;
    } else {
      if (this.#asExpected[slot] === 0) {
        this.#asExpected[slot] = 1;
        this.#otherRows.delete(slot);
      }
      if (Number.isNaN(this.#correctSinceMs[slot])) this.#correctSinceMs[slot] = processingTimeMs;
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
    // Nothing deferred (every row of a runner that emits unstamped rows): nothing to clear either.
    // Clearing anyway made two empty arrays per row, ~40% of what the collector allocated in a
    // continuous run: young-generation space that brought the next scavenge sooner.
    if (this.#pendingRows.length === 0) return;
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

  *#allSlots(): Generator<number> {
    for (const byEnd of this.#slots.values()) for (const byKey of byEnd.values()) yield* byKey.values();
  }

  /** The engine's answer: the last row emitted per identity. */
  finalRows(): ResultRow[] {
    this.#takePending();
    const rows: ResultRow[] = [];
    for (const slot of this.#allSlots()) {
      if (this.#asExpected[slot] === 1) {
        const { windowStartMs, windowEndMs, key, values } = this.#expected[slot] as OracleRow;
        rows.push({ windowStartMs, windowEndMs, key, values });
      } else {
        const row = this.#otherRows.get(slot);
        if (row) rows.push(row);
      }
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
    this.#expected.forEach(({ lastArrivalMs }, slot) => {
      const correctSinceMs = this.#correctSinceMs[slot] as number;
      if (Number.isNaN(correctSinceMs)) return;
      histogram.record(correctSinceMs - (this.deliveries?.deliveredAtMs(lastArrivalMs) ?? lastArrivalMs));
      fromSchedule?.record(correctSinceMs - lastArrivalMs);
    });
  }
}
