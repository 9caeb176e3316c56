/**
 * The shared memory through which the real-time driver's worker thread tells the main thread which
 * arrival groups it has delivered and when: a count of published groups, a state word, the run's
 * time origin and one delivery time per group, in one SharedArrayBuffer. The main thread (the
 * feed, the engines, the collector) reads it; the worker (paceArrivals) writes it. Spark analogue:
 * a Kafka partition's log-end offset, which a micro-batch reads at trigger time while producers
 * append independently of the query's driver.
 *
 * Layout (the worker's paceArrivals writes the same slots; a test checks they agree):
 * `Int32Array control`: [0] groups published, [1] state (0 waiting, 1 running, 2 ended, 3 failed),
 * [2] start flag, [3] raised priority; `BigInt64Array origin`: [0] the run's zero on process.hrtime.bigint() (ns);
 * `Float64Array deliveredMs`: per group, when it was delivered on the run's clock (NaN until then).
 */

/** Slot of `control` holding how many groups, from the first, have been published. */
export const PUBLISHED_SLOT = 0;
/** Slot of `control` holding the driver's state. */
export const STATE_SLOT = 1;
/** Slot of `control` the main thread sets to 1 to let the worker start pacing. */
export const START_SLOT = 2;

/** Slot of `control` the worker sets to 1 when it runs at a raised priority. */
export const PRIORITY_SLOT = 3;

/** The driver's state, in `control[STATE_SLOT]`. */
export const DriverState = { waiting: 0, running: 1, ended: 2, failed: 3 } as const;

/** Atomics.waitAsync (ES2024; Node 20 has it, the project's lib, ES2023, does not declare it). */
const waitAsync = (Atomics as unknown as {
  waitAsync(array: Int32Array, index: number, value: number, timeoutMs?: number): { async: false; value: string } | { async: true; value: Promise<string> };
}).waitAsync;

/** Byte offsets of the three views, for the worker's side (which cannot import this module). */
export const BOARD_LAYOUT = { controlInts: 4, originOffset: 16, deliveredOffset: 24 } as const;

/** One run's board; both threads hold views on the same buffer. */
export class ArrivalBoard {
  readonly control: Int32Array;
  readonly origin: BigInt64Array;
  readonly deliveredMs: Float64Array;
  #failure: string | undefined;

  /** A board for `groupCount` arrival groups, or a view on an existing board's `buffer`. */
  constructor(readonly buffer: SharedArrayBuffer) {
    this.control = new Int32Array(buffer, 0, BOARD_LAYOUT.controlInts);
    this.origin = new BigInt64Array(buffer, BOARD_LAYOUT.originOffset, 1);
    this.deliveredMs = new Float64Array(buffer, BOARD_LAYOUT.deliveredOffset);
  }

  /** A fresh board for `groupCount` groups, none delivered. */
  static create(groupCount: number): ArrivalBoard {
    const board = new ArrivalBoard(new SharedArrayBuffer(BOARD_LAYOUT.deliveredOffset + 8 * groupCount));
    board.deliveredMs.fill(NaN);
    return board;
  }

  /** How many arrival groups the board was made for. */
  get groupCount(): number {
    return this.deliveredMs.length;
  }

  /** How many groups, from the first, the driver has delivered. */
  publishedCount(): number {
    return Atomics.load(this.control, PUBLISHED_SLOT);
  }

  /** The driver's state (DriverState). */
  state(): number {
    return Atomics.load(this.control, STATE_SLOT);
  }

  /** Why the driver failed, once {@link fail} was called. */
  get failure(): string | undefined {
    return this.#failure;
  }

  /** Sets the run's zero (ns on process.hrtime.bigint()) and lets the worker start pacing. */
  start(originNs: bigint): void {
    Atomics.store(this.origin, 0, originNs);
    Atomics.store(this.control, START_SLOT, 1);
    Atomics.notify(this.control, START_SLOT);
  }

  /**
   * Marks the driver failed (its thread threw or exited early) and wakes whoever waits on the
   * board, so the failure surfaces instead of a wait that never ends.
   */
  fail(reason: string): void {
    this.#failure ??= reason;
    Atomics.store(this.control, STATE_SLOT, DriverState.failed);
    Atomics.notify(this.control, PUBLISHED_SLOT);
    Atomics.notify(this.control, STATE_SLOT);
  }

  /**
   * Resolves once more than `seenCount` groups are published or the driver stopped (ended or
   * failed); with `timeoutMs`, also after that long. Atomics.waitAsync: no timer on the record path.
   */
  async whenPublishedBeyond(seenCount: number, timeoutMs?: number): Promise<void> {
    if (this.publishedCount() > seenCount || this.state() >= DriverState.ended) return;
    const waited = waitAsync(this.control, PUBLISHED_SLOT, seenCount, timeoutMs);
    if (waited.async) await waited.value;
  }

  /** Resolves once the driver stopped (ended or failed), or after `timeoutMs`. */
  async whenStateChanges(fromState: number, timeoutMs: number): Promise<void> {
    const waited = waitAsync(this.control, STATE_SLOT, fromState, timeoutMs);
    if (waited.async) await waited.value;
  }
}
