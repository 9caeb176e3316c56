/**
 * The real-time driver's thread: a worker that paces the arrival schedule on its own clock and
 * publishes each delivery on an ArrivalBoard, so neither the engine's work nor the collections of
 * the main heap (which holds the records, the exact answer and the output) can delay the feed.
 * Spark analogue: Kafka brokers and producers, which go on receiving records whatever the query's
 * driver is doing; a micro-batch then takes the offsets available at its trigger.
 *
 * The worker is started from source text (`eval`), like the state store's maintenance thread: it
 * needs no TypeScript loader, and it starts in a few milliseconds, before the run's clock does.
 */
import { Worker } from 'node:worker_threads';
import { ArrivalBoard, BOARD_LAYOUT, DriverState, PRIORITY_SLOT, START_SLOT } from './ArrivalBoard.js';
import type { Clock } from '../../src/shared/util/Clock.js';
import { paceArrivals } from './paceArrivals.js';

/** The driver thread's nice value when the process may raise it (the normal one is 0). */
export const DRIVER_NICE = -10;

// `__name` is the helper tsx/esbuild insert to keep function names; the worker has none.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const __name = (fn) => fn;
const paceArrivals = ${paceArrivals.toString()};
const { buffer, arrivalTimesMs } = workerData;
const control = new Int32Array(buffer, 0, ${BOARD_LAYOUT.controlInts});
const origin = new BigInt64Array(buffer, ${BOARD_LAYOUT.originOffset}, 1);
const deliveredMs = new Float64Array(buffer, ${BOARD_LAYOUT.deliveredOffset});
// A higher priority for this thread alone (Linux applies setpriority to the calling thread): it
// sleeps nearly all the time, and on a machine busier than its cores it is then woken in time
// rather than queued behind the engine's threads (p99 lateness 3-6 ms instead of 8-36 ms at a load
// of 6-7 on 2 cores). Without the right to (not root, another OS) it runs at the normal priority.
try {
  require('node:os').setPriority(0, ${DRIVER_NICE});
  Atomics.store(control, ${PRIORITY_SLOT}, 1);
} catch {}
// Blocks until the main thread has started its clock and written its zero.
Atomics.wait(control, ${START_SLOT}, 0);
const originNs = Atomics.load(origin, 0);
const sleeper = new Int32Array(new SharedArrayBuffer(4));
paceArrivals(control, deliveredMs, arrivalTimesMs, {
  nowMs: () => Number(process.hrtime.bigint() - originNs) / 1e6,
  // A futex wait with a timeout: the thread sleeps without an event-loop timer's 1 ms granularity.
  sleepMs: (durationMs) => Atomics.wait(sleeper, 0, 0, durationMs),
});
`;

/** A driver thread for one run, spawned before the run's clock starts and begun at its zero. */
export class WorkerArrivalDriver {
  readonly board: ArrivalBoard;
  readonly #worker: Worker;
  readonly #online: Promise<void>;

  private constructor(arrivalTimesMs: Float64Array) {
    this.board = ArrivalBoard.create(arrivalTimesMs.length);
    const total = arrivalTimesMs.length;
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { buffer: this.board.buffer, arrivalTimesMs } });
    this.#online = new Promise((resolve, reject) => {
      this.#worker.once('online', () => resolve());
      this.#worker.once('error', reject);
    });
    this.#worker.on('error', (error: Error) => {
      this.board.fail(`the real-time arrival driver's worker thread failed after delivering ${this.board.publishedCount()} of ${total} arrival groups: ${error.message}`);
    });
    this.#worker.on('exit', (code) => {
      if (this.board.state() !== DriverState.ended) {
        this.board.fail(`the real-time arrival driver's worker thread exited (code ${code}) after delivering ${this.board.publishedCount()} of ${total} arrival groups`);
      }
    });
  }

  /**
   * Spawns the driver for groups arriving at `arrivalTimesMs` (ascending, ms on the run's clock)
   * and resolves once its thread runs; it delivers nothing before {@link begin}.
   */
  static async spawn(arrivalTimesMs: Float64Array): Promise<WorkerArrivalDriver> {
    const driver = new WorkerArrivalDriver(arrivalTimesMs);
    await driver.#online;
    return driver;
  }

  /**
   * Starts pacing with `clock`'s zero as the schedule's zero. The clock must read the monotonic
   * clock process.hrtime reads (PerformanceClock does: performance.now() is that clock in Node).
   */
  begin(clock: Clock): void {
    this.board.start(process.hrtime.bigint() - BigInt(Math.round(clock.getTimeMillis() * 1e6)));
  }

  /** True when the thread runs at {@link DRIVER_NICE} (it tries as it starts, before it waits for {@link begin}; read it after the run). */
  get hasRaisedPriority(): boolean {
    return Atomics.load(this.board.control, PRIORITY_SLOT) === 1;
  }

  /** Stops the thread (after the run, or when the run failed before the driver ended). */
  async stop(): Promise<void> {
    if (this.board.state() !== DriverState.ended && this.board.state() !== DriverState.failed) {
      // Failing first keeps the exit handler from reporting the stop as an error, and tells a
      // thread still waiting to start (or pacing) to return at once.
      this.board.fail('the run stopped the arrival driver');
      this.board.start(0n);
    }
    await this.#worker.terminate();
  }
}
