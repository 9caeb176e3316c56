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
import type { ResultRow } from '../oracle/ResultRow.js';
import type { LatencyHistogram } from './LatencyHistogram.js';
import type { TimeSeries } from './TimeSeries.js';

/**
 * Collects one run's output. Result latency of a row = the processing time from which the engine's
 * output for it has stayed equal to the exact answer, minus the time the row's last input was
 * delivered (its arrival time in virtual runs; in real runs the moment the driver actually handed
 * it over, so timer lag in the driver is not charged to the engine). A row the engine never gets
 * right has no latency; it is scored by the comparison.
 */
export class OutputCollector {
  readonly #last = new Map<string, ResultRow>();
  readonly #correctSinceMs = new Map<string, number>();
  #emissions = 0;

  constructor(
    private readonly oracle: OracleAnswer,
    private readonly clock: Clock,
    private readonly series: TimeSeries,
    private readonly deliveredAtMs: ReadonlyMap<object, number> | WeakMap<object, number> = new WeakMap(),
  ) {}

  /** Takes one emitted row, stamped with the clock's current reading. */
  emit(row: ResultRow): void {
    const processingTimeMs = this.clock.getTimeMillis();
    const identity = rowIdentity(row);
    this.#last.set(identity, row);
    this.#emissions += 1;
    this.series.addRow(processingTimeMs);
    const expected = this.oracle.byIdentity.get(identity);
    if (!expected) return;
    if (!valuesEqual(expected.values, row.values)) this.#correctSinceMs.delete(identity);
    else if (!this.#correctSinceMs.has(identity)) this.#correctSinceMs.set(identity, processingTimeMs);
  }

  /** How many rows were emitted, updates included. */
  get emissions(): number {
    return this.#emissions;
  }

  /** The engine's answer: the last row emitted per identity. */
  finalRows(): ResultRow[] {
    return [...this.#last.values()];
  }

  /** Records the result latency of every row that ended right into `histogram`. */
  recordLatencies(histogram: LatencyHistogram): void {
    for (const [identity, sinceMs] of this.#correctSinceMs) {
      const expected = this.oracle.byIdentity.get(identity);
      if (expected) histogram.record(sinceMs - (this.deliveredAtMs.get(expected.lastInput) ?? expected.lastArrivalMs));
    }
  }
}
