/**
 * One trial of the max-rate search: a short real-time run of one engine on one workload at one
 * offered rate, with the engine instrumented for its longest batch, judged by judgeTrial and
 * carrying what it measured (achieved throughput, result latency from delivery and from the
 * schedule, the feed's lateness). The search (findMaxRate)
 * calls it rate after rate; the bench also calls it once more at half the highest rate found.
 * No Spark counterpart: the Yahoo benchmark's authors ran such trials by hand.
 */
import { loopRunner } from '../../baselines/loopRunner.js';
import { rxjsRunner } from '../../baselines/rxjsRunner.js';
import { driveRunner } from '../../harness/driveRunner.js';
import type { RealTimeDriver } from '../../harness/driveRunner.js';
import type { EngineRunner } from '../../harness/EngineRunner.js';
import { indexedOnDemand } from '../../harness/indexedOnDemand.js';
import type { CompareCommand } from '../../harness/parseArgs.js';
import { resolveParams } from '../../harness/resolveParams.js';
import type { AnyWorkload, BenchEvent } from '../../workloads/Workload.js';
import { continuousRunner } from '../continuousRunner.js';
import { batchOfArrival, DSTREAM_PIPELINES, DStreamRunner } from '../dstreamRunner.js';
import { probeStructuredEngine } from '../structured/probeStructuredEngine.js';
import { StructuredRunner } from '../structuredRunner.js';
import type { RateTrial } from './findMaxRate.js';
import { judgeTrial } from './judgeTrial.js';

/**
 * Slack on top of what the model itself may take after the last arrival (engine teardown, the
 * harness's end detection): a quarter of the trial, between 250 and 500 ms. An engine that keeps
 * up ends well within it; one that falls behind ends later the longer the trial, so a fixed slack
 * would let a short trial pass at 2/3 of the offered rate.
 *
 * @example
 * trialSlackMs(1000); // 250
 * trialSlackMs(3000); // 500
 */
export function trialSlackMs(durationMs: number): number {
  return Math.min(500, Math.max(250, durationMs / 4));
}

/** A runner for one engine that reports its longest batch, and how long the model may run after the last arrival. */
interface Instrumented {
  readonly runner: EngineRunner;
  readonly box: { maxBatchMs: number | null };
  allowedEndLagMs(lastArrivalMs: number, params: any, batchIntervalMs: number): number;
  /**
   * What the model itself waits after the last arrival with no work left, given when the last
   * records were actually delivered (the batch they land in is the one after their delivery).
   */
  modelWaitMs(lastArrivalMs: number, lastDeliveryMs: number, params: any, batchIntervalMs: number): number;
}

/**
 * The engine's runner with a probe on its batches. The first batch of a run plans and compiles the
 * query (and spins up the engine) once; it is not held against the steady rate, so the longest
 * batch is taken from the second on.
 */
async function instrument(engine: string, workload: AnyWorkload): Promise<Instrumented | string> {
  const box: { maxBatchMs: number | null } = { maxBatchMs: null };
  let batches = 0;
  const longest = (ms: number) => {
    if (batches++ > 0) box.maxBatchMs = Math.max(box.maxBatchMs ?? 0, ms);
  };
  let runner: EngineRunner;
  let allowed: Instrumented['allowedEndLagMs'];
  let wait: Instrumented['modelWaitMs'] = () => 0;
  switch (engine) {
    case 'dstream':
      runner = new DStreamRunner({ onBatch: (b) => longest(b.processingDelayMs) });
      wait = (last, delivered, params, interval) => {
        const pipeline = DSTREAM_PIPELINES[workload.name];
        return pipeline ? pipeline.finalBatchTimeMs(batchOfArrival(delivered, interval), params, interval) - last : 0;
      };
      allowed = (last, params, interval) => wait(last, last, params, interval) + interval;
      break;
    case 'structured':
      runner = new StructuredRunner({ capabilities: await probeStructuredEngine(), onProgress: (p) => longest(p.batchDuration) });
      // The next trigger after the last arrival is at most one interval away.
      wait = (_last, _delivered, _params, interval) => interval;
      allowed = (_last, _params, interval) => 4 * interval;
      break;
    case 'continuous':
      runner = continuousRunner;
      allowed = () => 0;
      break;
    case 'loop':
    case 'rxjs':
      runner = engine === 'loop' ? loopRunner : rxjsRunner;
      allowed = () => 0;
      break;
    default:
      return `no runner for engine "${engine}"`;
  }
  const reason = runner.unsupportedReason(workload);
  if (reason !== undefined) return reason;
  return { runner, box, allowedEndLagMs: allowed, modelWaitMs: wait };
}

/**
 * The runner with its output timed: the trial ends, for its verdict and its throughput, when the
 * last row came out, not when the engine finished tearing down (stopping a query, a context).
 * Also on performance.now()'s clock (TrialSetup.onFeedWindow), from the run clock's offset read
 * once: a reading per row cost 14 MB and 5-7% of the main thread in a 1.5 s continuous run.
 */
function timingOutput(runner: EngineRunner): { readonly runner: EngineRunner; lastOutputMs(): number | null; lastOutputPerfMs(): number | null } {
  let lastOutputMs: number | null = null;
  let perfMinusClockMs = 0;
  const timed: EngineRunner = {
    name: runner.name,
    description: runner.description,
    ...(runner.isSynchronous !== undefined ? { isSynchronous: runner.isSynchronous } : {}),
    unsupportedReason: (workload) => runner.unsupportedReason(workload),
    run: (workload, feed, options) => {
      // The real-time run's clock (PerformanceClock) moves with performance.now().
      perfMinusClockMs = performance.now() - options.clock.getTimeMillis();
      return runner.run(workload, feed, {
        ...options,
        onOutput: (row, emittedAtMs) => {
          lastOutputMs = emittedAtMs ?? options.clock.getTimeMillis();
          options.onOutput(row, emittedAtMs);
        },
      });
    },
  };
  return { runner: timed, lastOutputMs: () => lastOutputMs, lastOutputPerfMs: () => (lastOutputMs === null ? null : lastOutputMs + perfMinusClockMs) };
}

/** Why `engine` cannot run `workload` in a trial, or undefined when it can. */
export async function trialUnsupportedReason(engine: string, workload: AnyWorkload): Promise<string | undefined> {
  const instrumented = await instrument(engine, workload);
  return typeof instrumented === 'string' ? instrumented : undefined;
}

/** What a trial runs: the workload's parameters come from `command` (lateness, watermark), the rate and duration from here. */
export interface TrialSetup {
  readonly engine: string;
  readonly workload: AnyWorkload;
  readonly ratePerSec: number;
  readonly durationMs: number;
  readonly batchIntervalMs: number;
  readonly seed: number;
  readonly command?: Partial<Pick<CompareCommand, 'lateness' | 'watermarkMs'>>;
  /** Who delivers the schedule (DriveOptions.realTimeDriver); by default a thread of its own. */
  readonly realTimeDriver?: RealTimeDriver;
  /**
   * Told, after the run, when its input ran on performance.now()'s clock: from the first delivery
   * to the last output row (or the run's end). For attributing pauses to the measured stretch
   * rather than to the input's generation or the comparison with the exact answer.
   */
  readonly onFeedWindow?: (startPerfMs: number, endPerfMs: number) => void;
}

/**
 * Runs one trial in real time and judges it.
 * @throws {Error} when the engine cannot run the workload (check with trialUnsupportedReason first)
 */
export async function runRateTrial(setup: TrialSetup): Promise<RateTrial> {
  const instrumented = await instrument(setup.engine, setup.workload);
  if (typeof instrumented === 'string') throw new Error(instrumented);
  const { workload, ratePerSec, batchIntervalMs, seed } = setup;
  const params = resolveParams(workload, { ...setup.command, ratePerSec, durationMs: setup.durationMs, batchIntervalMs, realTime: true });
  const events: BenchEvent[] = workload.generate(params, seed);
  const firstArrivalMs = events.length === 0 ? 0 : (events[0] as BenchEvent).arrivalTimeMs;
  const lastArrivalMs = events.length === 0 ? 0 : (events[events.length - 1] as BenchEvent).arrivalTimeMs;
  const timed = timingOutput(instrumented.runner);
  // When the last records were actually delivered: delivered a moment late, after the batch
  // boundary they were scheduled before, they wait for the next batch. That interval is the
  // model's wait, not the engine's slowness (the feed's lateness is judged on its own).
  let lastDeliveryMs = lastArrivalMs;
  let firstDeliveryPerfMs: number | undefined;
  // The exact answer's identity index is for the comparison after the run; not carried through it.
  const { measurement } = await driveRunner(timed.runner, workload, events, indexedOnDemand(workload.oracle(events, params)), {
    mode: 'real',
    params,
    seed,
    batchIntervalMs,
    watermarkMs: params.watermarkMs,
    ...(setup.realTimeDriver ? { realTimeDriver: setup.realTimeDriver } : {}),
    onProgress: (delivered, total, deliveredAtMs) => {
      firstDeliveryPerfMs ??= performance.now();
      if (delivered === total) lastDeliveryMs = deliveredAtMs;
    },
  });
  if (firstDeliveryPerfMs !== undefined) setup.onFeedWindow?.(firstDeliveryPerfMs, timed.lastOutputPerfMs() ?? performance.now());
  const endMs = timed.lastOutputMs() ?? measurement.processingEndMs;
  const spanMs = endMs - firstArrivalMs;
  const workingMs = spanMs - instrumented.modelWaitMs(lastArrivalMs, lastDeliveryMs, params, batchIntervalMs);
  const rows = measurement.correctness?.rows;
  const isOk = measurement.status === 'ok';
  const lateness = measurement.feedLateness ?? null;
  return judgeTrial({
    ratePerSec,
    status: measurement.status,
    ...(measurement.error !== undefined ? { error: measurement.error } : {}),
    maxBatchMs: instrumented.box.maxBatchMs,
    batchIntervalMs,
    endLagMs: endMs - lastArrivalMs,
    allowedEndLagMs: instrumented.allowedEndLagMs(lastArrivalMs, params, batchIntervalMs) + trialSlackMs(setup.durationMs),
    ...(isOk ? { keptUpPerSec: workingMs > 0 ? Math.min(ratePerSec, (events.length * 1000) / workingMs) : ratePerSec, feedLatenessP99Ms: lateness?.p99Ms ?? null } : {}),
    measured: {
      records: events.length,
      achievedPerSec: isOk && spanMs > 0 ? (events.length * 1000) / spanMs : 0,
      p50Ms: measurement.latency?.p50Ms ?? null,
      p99Ms: measurement.latency?.p99Ms ?? null,
      maxMs: measurement.latency?.maxMs ?? null,
      fromScheduleP50Ms: measurement.latencyFromSchedule?.p50Ms ?? null,
      fromScheduleP99Ms: measurement.latencyFromSchedule?.p99Ms ?? null,
      feedLatenessP50Ms: lateness?.p50Ms ?? null,
      feedLatenessP99Ms: lateness?.p99Ms ?? null,
      feedLatenessMaxMs: lateness?.maxMs ?? null,
      rowsRight: rows ? rows.correct : 0,
      rowsExpected: rows ? rows.expected : 0,
    },
  });
}
