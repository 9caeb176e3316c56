/**
 * Hands a continuous query's output rows to its ForeachWriter, in order, one epoch at a time:
 * `open(0, epoch)` before the epoch's first row, `close(null)` at the epoch marker. Spark: the
 * ForeachWriter side of continuous/ContinuousWriteRDD (a data writer per epoch).
 *
 * A writer whose open/process return plain values is called synchronously, inside the record's
 * own processing: a promise per row put a microtask hop and two allocations between a record
 * and its output. Once a call returns a promise, later calls wait for it, so the order holds.
 */
import type { ForeachWriter } from '../sinks/ForeachWriter.js';
import type { Row } from '../sources/Source.js';

const isPromise = (value: unknown): value is Promise<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';
const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** Ordered, mostly synchronous delivery to one ForeachWriter. */
export class ContinuousForeachDelivery {
  #opened: boolean | undefined;
  #rowsThisEpoch = 0;
  #pending: Promise<void> | undefined;

  constructor(
    private readonly writer: ForeachWriter,
    /** Where an error of open/process/close goes: the query fails with it. */
    private readonly onError: (error: Error) => void,
  ) {}

  /** How many rows this epoch has been handed so far. */
  get rowsThisEpoch(): number {
    return this.#rowsThisEpoch;
  }

  /** Hands `row` to the writer, opening it for `epoch` first if this is the epoch's first row. */
  deliver(row: Row, epoch: number): void {
    this.#rowsThisEpoch += 1;
    if (this.#pending) {
      this.#run(() => this.#processStep(row, epoch));
      return;
    }
    // Nothing pending: the row goes to the writer now, without a closure per row (#run's path).
    try {
      const result = this.#processStep(row, epoch);
      if (result) this.#chain(result);
    } catch (error) {
      this.onError(asError(error));
    }
  }

  /** Closes the epoch's writer (if a row opened it) once every row before it is processed. */
  async endEpoch(): Promise<void> {
    this.#rowsThisEpoch = 0;
    this.#run(() => {
      const opened = this.#opened;
      this.#opened = undefined;
      const closed = opened ? this.writer.close(null) : undefined;
      return isPromise(closed) ? closed.then(() => undefined) : undefined;
    });
    await this.drain();
  }

  /** Resolves once every row handed over so far has been processed (at once when the writer answers synchronously). */
  async drain(): Promise<void> {
    while (this.#pending) await this.#pending;
  }

  #processStep(row: Row, epoch: number): Promise<void> | undefined {
    if (this.#opened === undefined) {
      const opened = this.writer.open(0, epoch);
      if (isPromise(opened)) {
        return opened.then((ok) => {
          this.#opened = ok;
          return ok ? this.#processed(row) : undefined;
        });
      }
      this.#opened = opened;
    }
    return this.#opened ? this.#processed(row) : undefined;
  }

  #processed(row: Row): Promise<void> | undefined {
    const done = this.writer.process(row);
    return isPromise(done) ? done.then(() => undefined) : undefined;
  }

  /** Runs `step` now when nothing is pending, else after what is; keeps its promise, if any, as pending. */
  #run(step: () => Promise<void> | undefined): void {
    if (this.#pending) {
      this.#chain(this.#pending.then(step));
      return;
    }
    try {
      const result = step();
      if (result) this.#chain(result);
    } catch (error) {
      this.onError(asError(error));
    }
  }

  #chain(promise: Promise<void | undefined>): void {
    const chained: Promise<void> = promise.then(
      () => undefined,
      (error: unknown) => this.onError(asError(error)),
    );
    this.#pending = chained;
    void chained.then(() => {
      if (this.#pending === chained) this.#pending = undefined;
    });
  }
}
