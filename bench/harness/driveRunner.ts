/**
 * Feeds one arrival schedule to one engine runner and measures it. In virtual time the driver owns
 * a ManualClock and moves it from event to event, stopping at every timer an engine waits on; in
 * real time records are delivered when the wall clock reaches their arrival times. Spark analogue:
 * StreamTest's action loop (AddData, AdvanceManualClock) driving a query to the end of its input.
 */
import { ManualClock, settle } from '../../src/shared/util/Clock.js';
import type { Clock } from '../../src/shared/util/Clock.js';
import type { OracleAnswer } from '../oracle/OracleTable.js';
import type { ResultRow } from '../oracle/ResultRow.js';
import type { AnyWorkload, BenchEvent } from '../workloads/Workload.js';
import { ArrivalFeed } from './ArrivalFeed.js';
import { DriverState } from './ArrivalBoard.js';
import { DeliveryLog } from './DeliveryLog.js';
import type { ClockMode, EngineRunner, RunResult } from './EngineRunner.js';
import type { EngineMeasurement, StateSample } from './EngineMeasurement.js';
import { LatencyHistogram } from './LatencyHistogram.js';
import { OutputCollector } from './OutputCollector.js';
import { PerformanceClock } from './PerformanceClock.js';
import { niceBucketMs, TimeSeries } from './TimeSeries.js';
import { DRIVER_NICE, WorkerArrivalDriver } from './WorkerArrivalDriver.js';

/** How to drive one run. */
export interface DriveOptions {
  readonly mode: ClockMode;
  readonly params: any;
  readonly seed: number;
  readonly batchIntervalMs: number;
  readonly watermarkMs: number;
  /** The run's clock; by default a ManualClock at 0 (virtual) or a PerformanceClock (real). */
  readonly clock?: Clock;
  /** Wall time for the throughput figure (tinybench's `now`); injected by tests. */
  readonly now?: () => number;
  /** Virtual time: how far past the last arrival the clock may go before a runner that has not finished fails. */
  readonly drainHorizonMs?: number;
  /** Called after each delivery with records delivered so far, in total, and when this delivery happened on the run's clock. */
  readonly onProgress?: (delivered: number, total: number, deliveredAtMs: number) => void;
  /**
   * Real time: who delivers the schedule. `worker` (the default on the wall clock): a thread of
   * its own (WorkerArrivalDriver), so the feed is late only when that thread is, and the main
   * thread's pauses count in the engine's latency. `event-loop`: the main thread's event loop
   * on a 1 ms timer, as before (and with an injected clock, which a thread cannot read).
   */
  readonly realTimeDriver?: RealTimeDriver;
}

/** Who delivers a real-time run's schedule (DriveOptions.realTimeDriver). */
export type RealTimeDriver = 'worker' | 'event-loop';

/** How often a driver thread's follower looks at the board when no runner listens for each delivery (progress, state samples). */
const FOLLOW_IDLE_MS = 10;

/** A measurement and the rows behind it (kept out of the JSON report). */
export interface DriveOutcome {
  readonly measurement: EngineMeasurement;
  readonly finalRows: readonly ResultRow[];
}

const PERCENTS = Array.from({ length: 101 }, (_, i) => i);
/** Real-time runs and virtual drains give a runner this many idle wall-clock waits before failing it. */
const MAX_IDLE_WAITS = 5000;

interface RunState {
  finished: boolean;
  result?: RunResult;
  error?: unknown;
}

const realTick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

async function quiesce(): Promise<void> {
  for (let round = 0; round < 3; round++) await settle();
}

/** Moves a ManualClock to `targetMs`, stopping at each timer due on the way so each sees its own time. */
async function advanceVirtual(clock: ManualClock, targetMs: number): Promise<void> {
  for (let next = clock.nextWaiterTimeMs(); next !== undefined && next <= targetMs; next = clock.nextWaiterTimeMs()) {
    clock.setTime(Math.max(next, clock.getTimeMillis()));
    await quiesce();
  }
  if (targetMs > clock.getTimeMillis()) clock.setTime(targetMs);
}

/** Waits (in real time, as startup may spawn workers) until the runner reads the feed or waits on the clock. */
async function untilReady(clock: ManualClock, feed: ArrivalFeed, state: RunState, runner: string): Promise<void> {
  await quiesce();
  for (let idleWaits = 0; !feed.hasReader && !clock.isWaiting() && !state.finished; idleWaits++) {
    if (idleWaits > MAX_IDLE_WAITS) throw new Error(`runner "${runner}" neither read the feed nor waited on the clock within about 5 s of starting`);
    await realTick();
  }
}

async function untilFinished(state: RunState, runner: string): Promise<void> {
  for (let idleWaits = 0; !state.finished; idleWaits++) {
    if (idleWaits > MAX_IDLE_WAITS * 10) throw new Error(`runner "${runner}" did not finish within about a minute after the feed ended`);
    await realTick();
  }
}

async function finishVirtual(clock: ManualClock, state: RunState, horizonMs: number, runner: string): Promise<void> {
  let idleWaits = 0;
  while (!state.finished) {
    await quiesce();
    if (state.finished) return;
    const next = clock.nextWaiterTimeMs();
    if (next !== undefined) {
      if (next > horizonMs) throw new Error(`runner "${runner}" had not finished when virtual time reached ${horizonMs} ms (its next timer is at ${next} ms); it must resolve run() after the feed ends`);
      clock.setTime(Math.max(next, clock.getTimeMillis()));
    } else if (++idleWaits > MAX_IDLE_WAITS) {
      throw new Error(`runner "${runner}" did not finish after the feed ended, and it waits on no timer of the clock`);
    } else {
      await realTick();
    }
  }
}

async function feedReal(
  clock: Clock,
  feed: ArrivalFeed,
  groups: BenchEvent[][],
  series: TimeSeries,
  deliveries: DeliveryLog,
  afterDelivery: (deliveredAtMs: number) => void,
): Promise<void> {
  for (let index = 0; index < groups.length; index++) {
    const group = groups[index] as BenchEvent[];
    const arrivalTimeMs = (group[0] as BenchEvent).arrivalTimeMs;
    await clock.waitTillTime(arrivalTimeMs);
    const nowMs = clock.getTimeMillis();
    // One entry per group, in an array sized before the run: nothing on this path grows a hash table.
    deliveries.delivered(index, nowMs);
    feed.deliver(group, arrivalTimeMs);
    series.addEvents(nowMs, group.length);
    afterDelivery(nowMs);
    // Even when behind schedule, yield so the engine's own timers get to run.
    await settle();
  }
}

/** Per arrival group, its arrival time and the schedule index one past its last record. */
function groupBounds(events: readonly BenchEvent[]): { arrivalTimesMs: Float64Array; groupEnds: Int32Array } {
  let groups = 0;
  for (let i = 0; i < events.length; i++) if (i === 0 || (events[i] as BenchEvent).arrivalTimeMs !== (events[i - 1] as BenchEvent).arrivalTimeMs) groups++;
  const arrivalTimesMs = new Float64Array(groups);
  const groupEnds = new Int32Array(groups);
  let group = -1;
  for (let i = 0; i < events.length; i++) {
    const arrivalTimeMs = (events[i] as BenchEvent).arrivalTimeMs;
    if (group < 0 || arrivalTimeMs !== arrivalTimesMs[group]) arrivalTimesMs[++group] = arrivalTimeMs;
    groupEnds[group] = i + 1;
  }
  return { arrivalTimesMs, groupEnds };
}

/**
 * The main thread's half of a driver thread: hands each published group to the feed's listeners
 * as soon as the board says it is out (Atomics.waitAsync, no timer), or, when the runner only
 * drains, looks in every FOLLOW_IDLE_MS for progress; ends the feed when the driver has delivered
 * everything.
 * @throws {Error} the driver thread's failure, when it failed
 */
async function followDriverThread(
  driver: WorkerArrivalDriver,
  feed: ArrivalFeed,
  groupEnds: Int32Array,
  state: RunState,
  afterDelivery: (delivered: number, deliveredAtMs: number) => void,
): Promise<void> {
  const board = driver.board;
  for (let seen = 0; seen < board.groupCount && !state.finished; ) {
    if (feed.hasListeners) await board.whenPublishedBeyond(seen);
    else await board.whenStateChanges(board.state(), FOLLOW_IDLE_MS);
    if (board.state() === DriverState.failed) throw new Error(board.failure ?? 'the real-time arrival driver failed');
    const published = feed.hasListeners ? feed.catchUp() : board.publishedCount();
    if (published > seen) {
      seen = published;
      afterDelivery(groupEnds[seen - 1] as number, board.deliveredMs[seen - 1] as number);
    }
  }
  if (feed.hasListeners) feed.catchUp();
  feed.end();
}

/**
 * Runs `runner` on `events` (in arrival order) and measures latency, throughput, state size and
 * correctness against `oracle`. A runner that throws or cannot run the workload yields a
 * measurement with status `failed` or `unsupported`, never an exception.
 */
export async function driveRunner(
  runner: EngineRunner,
  workload: AnyWorkload,
  events: readonly BenchEvent[],
  oracle: OracleAnswer,
  options: DriveOptions,
): Promise<DriveOutcome> {
  const now = options.now ?? (() => performance.now());
  const driverKind = options.realTimeDriver ?? (options.clock === undefined ? 'worker' : 'event-loop');
  const onThread = options.mode === 'real' && driverKind === 'worker';
  if (onThread && options.clock !== undefined && !(options.clock instanceof PerformanceClock)) {
    throw new Error('driveRunner: the worker driver paces on the monotonic wall clock; an injected clock needs realTimeDriver: "event-loop"');
  }
  // Groups by arrival time (the schedule is in arrival order, so each arrival time is one group),
  // before the clock starts: a real run's zero is when its feed can start delivering. A driver
  // thread needs only each group's bounds, not an array of its records.
  const bounds = groupBounds(events);
  const groups = onThread ? [] : Array.from(bounds.groupEnds, (end, group) => events.slice(group === 0 ? 0 : (bounds.groupEnds[group - 1] as number), end));
  const lastArrivalMs = events.length === 0 ? 0 : (events[events.length - 1] as BenchEvent).arrivalTimeMs;
  const series = new TimeSeries(niceBucketMs(lastArrivalMs + options.batchIntervalMs + options.watermarkMs));
  const unsupported = runner.unsupportedReason(workload);
  const base = { engine: runner.name, description: runner.description };
  // The thread starts before the clock, which starts at its zero.
  let driver: WorkerArrivalDriver | undefined;
  try {
    driver = onThread && unsupported === undefined ? await WorkerArrivalDriver.spawn(bounds.arrivalTimesMs) : undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { measurement: emptyMeasurement(base, 'failed', `the real-time arrival driver's worker thread did not start: ${reason}`), finalRows: [] };
  }
  const deliveries = new DeliveryLog(bounds.arrivalTimesMs, driver?.board.deliveredMs);
  // The collector indexes the exact answer here, before the clock starts too. In real time a
  // batch's rows are taken between deliveries, not in one block inside the sink.
  const collector = new OutputCollector(oracle, () => clock.getTimeMillis(), series, deliveries, { takeStampedRowsLater: options.mode === 'real' });
  const clock = options.clock ?? (options.mode === 'virtual' ? new ManualClock(0) : new PerformanceClock());
  const stateSize: StateSample[] = [];
  let probe: (() => number) | undefined;
  let engineDropped: number | null = null;

  if (unsupported !== undefined) return { measurement: emptyMeasurement(base, 'unsupported', unsupported), finalRows: [] };

  const sampleState = (): void => {
    if (!probe) return;
    const processingTimeMs = clock.getTimeMillis();
    const last = stateSize[stateSize.length - 1];
    if (last && processingTimeMs - last.processingTimeMs < series.bucketMs) return;
    stateSize.push({ processingTimeMs, entries: probe() });
  };
  const feed = new ArrivalFeed(events);
  if (driver) feed.followPublished(driver.board, bounds.groupEnds);
  const state: RunState = { finished: false };
  const startedMs = now();
  driver?.begin(clock);
  try {
    const running = runner.run(workload, feed, {
      clock,
      mode: options.mode,
      params: options.params,
      seed: options.seed,
      batchIntervalMs: options.batchIntervalMs,
      watermarkMs: options.watermarkMs,
      onOutput: (row, emittedAtMs) => collector.emit(row, emittedAtMs),
      metrics: {
        probeStateSize: (fn) => (probe = fn),
        recordDropped: (count) => (engineDropped = (engineDropped ?? 0) + count),
      },
    });
    running.then(
      (result) => Object.assign(state, { finished: true, result }),
      (error: unknown) => Object.assign(state, { finished: true, error }),
    );
    let delivered = 0;
    const afterDelivery = (deliveredAtMs: number): void => {
      sampleState();
      options.onProgress?.(delivered, events.length, deliveredAtMs);
    };
    if (clock instanceof ManualClock) {
      await untilReady(clock, feed, state, runner.name);
      for (const group of groups) {
        const arrivalTimeMs = (group[0] as BenchEvent).arrivalTimeMs;
        await advanceVirtual(clock, arrivalTimeMs);
        if (state.error !== undefined) throw state.error;
        feed.deliver(group, arrivalTimeMs);
        delivered += group.length;
        series.addEvents(arrivalTimeMs, group.length);
        if (!runner.isSynchronous) await quiesce();
        afterDelivery(arrivalTimeMs);
      }
      feed.end();
      await finishVirtual(clock, state, lastArrivalMs + (options.drainHorizonMs ?? 600_000), runner.name);
    } else if (driver) {
      await followDriverThread(driver, feed, bounds.groupEnds, state, (deliveredNow, deliveredAtMs) => {
        delivered = deliveredNow;
        afterDelivery(deliveredAtMs);
      });
      await untilFinished(state, runner.name);
      // The series' input counts, from the board, after the run: nothing per delivery on the main thread.
      for (let group = 0; group < bounds.groupEnds.length; group++) {
        const deliveredMs = driver.board.deliveredMs[group] as number;
        if (!Number.isNaN(deliveredMs)) series.addEvents(deliveredMs, (bounds.groupEnds[group] as number) - (group === 0 ? 0 : (bounds.groupEnds[group - 1] as number)));
      }
    } else {
      await feedReal(clock, feed, groups, series, deliveries, (deliveredAtMs) => {
        delivered = feed.deliveredCount;
        afterDelivery(deliveredAtMs);
      });
      feed.end();
      await untilFinished(state, runner.name);
    }
    if (state.error !== undefined) throw state.error;
  } catch (error) {
    return { measurement: emptyMeasurement(base, 'failed', error instanceof Error ? error.message : String(error)), finalRows: [] };
  } finally {
    await driver?.stop();
  }
  const wallMs = now() - startedMs;
  if (probe) stateSize.push({ processingTimeMs: clock.getTimeMillis(), entries: probe() });
  const histogram = new LatencyHistogram();
  const fromSchedule = new LatencyHistogram();
  collector.recordLatencies(histogram, fromSchedule);
  const finalRows = collector.finalRows();
  // In real time the feed can fall behind its schedule; the figures from the schedule show it.
  const realTimeFigures = options.mode === 'real' ? { latencyFromSchedule: fromSchedule.summary(), feedLateness: deliveries.lateness() } : {};
  const measurement: EngineMeasurement = {
    ...base,
    status: 'ok',
    latency: histogram.summary(),
    ...realTimeFigures,
    latencyCurve: histogram.curve(PERCENTS),
    throughput: {
      events: events.length,
      wallMs,
      eventsPerSec: wallMs > 0 ? (events.length * 1000) / wallMs : 0,
      emissions: collector.emissions,
      bucketMs: series.bucketMs,
      series: series.points(),
    },
    correctness: workload.compare(oracle, finalRows, options.params),
    stateSize,
    peakStateEntries: stateSize.length === 0 ? null : Math.max(...stateSize.map((s) => s.entries)),
    engineDroppedRecords: engineDropped,
    processingEndMs: clock.getTimeMillis(),
    engineStats: state.result?.engineStats ?? {},
    notes: [...(state.result?.notes ?? []), ...(driver ? [driverNote(driver)] : [])],
  };
  return { measurement, finalRows };
}

function driverNote(driver: WorkerArrivalDriver): string {
  const priority = driver.hasRaisedPriority ? `at nice ${DRIVER_NICE}` : 'at the normal priority (the process may not raise it)';
  return `arrivals delivered by a driver thread of their own, ${priority}; the feed's lateness is that thread's`;
}

function emptyMeasurement(base: { engine: string; description: string }, status: 'failed' | 'unsupported', error: string): EngineMeasurement {
  return {
    ...base,
    status,
    error,
    latency: null,
    latencyCurve: [],
    throughput: { events: 0, wallMs: 0, eventsPerSec: 0, emissions: 0, bucketMs: 1, series: [] },
    correctness: null,
    stateSize: [],
    peakStateEntries: null,
    engineDroppedRecords: null,
    processingEndMs: 0,
    engineStats: {},
    notes: [],
  };
}
