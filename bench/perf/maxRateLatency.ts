/**
 * Issue 8 target 5 as specified: the highest sustainable rate of the stateless filter query per
 * engine, found with the harness's max-rate search in real time (bench/engines/maxRate/), then
 * arrival-to-output latency measured in one more real-time run at half that rate, both from each
 * record's delivery and from its scheduled arrival (the feed can fall behind; see RateTrial). Micro-batch
 * engines run with a 100 ms trigger / batch interval; continuous mode never waits on one. Spark:
 * the latency figures of the Structured Streaming guide's continuous-processing section (~1 ms
 * vs ~100 ms), measured here at a load the engine can sustain rather than at an idle one.
 */
import { runRateTrial } from '../engines/maxRate/rateTrial.js';
import type { RateTrial } from '../engines/maxRate/findMaxRate.js';
import { searchMaxRate } from '../engines/maxRate/runFindMaxRate.js';
import type { EngineMaxRate } from '../engines/maxRate/runFindMaxRate.js';
import { filter } from '../workloads/filter.js';
import type { RealTimeDriver } from '../harness/driveRunner.js';

/** How much searching: trials are real-time runs, so this is what the step costs. */
export interface MaxRateLatencyOptions {
  /** The engines, each with its batch interval (micro-batch trigger; continuous mode ignores it). */
  readonly engines: readonly { readonly engine: string; readonly batchIntervalMs: number }[];
  readonly stepDurationMs: number;
  readonly startRatePerSec: number;
  readonly growthFactor: number;
  readonly maxGrowthSteps: number;
  readonly maxRefineSteps: number;
  /** Duration of the run at half the highest rate. */
  readonly latencyRunMs: number;
  /** An unrecorded first run at the start rate per engine (see SearchOptions.warmUpMs). */
  readonly warmUpMs: number;
  /** Who delivers the schedule in every trial; by default a thread of its own (DriveOptions.realTimeDriver). */
  readonly realTimeDriver?: RealTimeDriver;
  /** Told about each trial and latency run as it ends (progress). */
  readonly onTrial?: (engine: string, trial: RateTrial) => void;
}

/** One engine's search and its latency run at half the rate found. */
export interface EngineRateLatency {
  readonly engine: string;
  readonly batchIntervalMs: number;
  readonly search: EngineMaxRate;
  /** The run at half the highest sustained rate; null when no rate was sustained or the engine cannot run the query. */
  readonly atHalfRate: RateTrial | null;
}

/** Every engine's figures, with the search bounds used. */
export interface MaxRateLatency {
  readonly workload: string;
  readonly options: Omit<MaxRateLatencyOptions, 'onTrial'>;
  readonly engines: readonly EngineRateLatency[];
}

/** Searches each engine, then measures latency at half its highest sustained rate. */
export async function measureMaxRateLatency(options: MaxRateLatencyOptions): Promise<MaxRateLatency> {
  const engines: EngineRateLatency[] = [];
  for (const { engine, batchIntervalMs } of options.engines) {
    const common = { engine, workload: filter, batchIntervalMs, seed: filter.defaultSeed, ...(options.realTimeDriver ? { realTimeDriver: options.realTimeDriver } : {}) };
    const search = await searchMaxRate({
      ...common,
      stepDurationMs: options.stepDurationMs,
      startRatePerSec: options.startRatePerSec,
      growthFactor: options.growthFactor,
      maxGrowthSteps: options.maxGrowthSteps,
      maxRefineSteps: options.maxRefineSteps,
      warmUpMs: options.warmUpMs,
      ...(options.onTrial ? { onTrial: (trial: RateTrial) => options.onTrial?.(engine, trial) } : {}),
    });
    const max = 'result' in search ? search.result.maxSustainedRatePerSec : null;
    let atHalfRate: RateTrial | null = null;
    if (max !== null) {
      atHalfRate = await runRateTrial({ ...common, ratePerSec: Math.max(1, Math.floor(max / 2)), durationMs: options.latencyRunMs });
      options.onTrial?.(engine, atHalfRate);
    }
    engines.push({ engine, batchIntervalMs, search, atHalfRate });
  }
  const { onTrial: _onTrial, ...bounds } = options;
  return { workload: filter.name, options: bounds, engines };
}

/**
 * The latency bound of target 5 for an engine: 2 ms record at a time, the trigger interval + 20 ms
 * in micro-batches.
 */
export function latencyBoundMs(engine: string, batchIntervalMs: number): number {
  return engine === 'continuous' ? 2 : batchIntervalMs + 20;
}
