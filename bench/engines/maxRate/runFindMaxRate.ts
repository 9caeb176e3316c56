/**
 * The body of `twinstream compare --workload W --find-max-rate`: for each engine, short real-time
 * runs at rising rates until it falls behind (a batch longer than the interval, or a run that
 * ends later than the model needs), then the highest rate it sustained. Printed side by side and
 * written as JSON with --json.
 */
import { writeFile } from 'node:fs/promises';
import { loopRunner } from '../../baselines/loopRunner.js';
import { rxjsRunner } from '../../baselines/rxjsRunner.js';
import { driveRunner } from '../../harness/driveRunner.js';
import type { EngineRunner } from '../../harness/EngineRunner.js';
import type { CompareCommand } from '../../harness/parseArgs.js';
import type { ProgressStream } from '../../harness/progress.js';
import { resolveParams } from '../../harness/resolveParams.js';
import { UsageErrors } from '../../harness/UsageErrors.js';
import { terminalColorLevel } from '../../report/terminalReport.js';
import { formatScenarioTable } from '../../scenarios/formatScenario.js';
import { findWorkload, WORKLOAD_NAMES } from '../../workloads/index.js';
import type { AnyWorkload, BenchEvent } from '../../workloads/Workload.js';
import { continuousRunner } from '../continuousRunner.js';
import { batchOfArrival, DSTREAM_PIPELINES, DStreamRunner } from '../dstreamRunner.js';
import { probeStructuredEngine } from '../structured/probeStructuredEngine.js';
import { StructuredRunner } from '../structuredRunner.js';
import { findMaxRate } from './findMaxRate.js';
import type { MaxRateResult, RateTrial } from './findMaxRate.js';
import { judgeTrial } from './judgeTrial.js';

/** Bounds of the search: a few seconds per trial, a few trials per engine. */
export const MAX_RATE_DEFAULTS = { startRatePerSec: 1000, stepDurationMs: 3000, maxGrowthSteps: 8, maxRefineSteps: 3, slackMs: 500 };

/** A runner for one engine that reports its longest batch, and how long the model may run after the last arrival. */
interface Instrumented {
  readonly runner: EngineRunner;
  readonly box: { maxBatchMs: number | null };
  allowedEndLagMs(lastArrivalMs: number, params: any, batchIntervalMs: number): number;
}

async function instrument(engine: string, workload: AnyWorkload): Promise<Instrumented | string> {
  const box: { maxBatchMs: number | null } = { maxBatchMs: null };
  const longest = (ms: number) => (box.maxBatchMs = Math.max(box.maxBatchMs ?? 0, ms));
  let runner: EngineRunner;
  let allowed: Instrumented['allowedEndLagMs'];
  switch (engine) {
    case 'dstream':
      runner = new DStreamRunner({ onBatch: (b) => longest(b.processingDelayMs) });
      allowed = (last, params, interval) => {
        const pipeline = DSTREAM_PIPELINES[workload.name];
        return (pipeline ? pipeline.finalBatchTimeMs(batchOfArrival(last, interval), params, interval) - last : 0) + interval;
      };
      break;
    case 'structured':
      runner = new StructuredRunner({ capabilities: await probeStructuredEngine(), onProgress: (p) => longest(p.batchDuration) });
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
  return { runner, box, allowedEndLagMs: allowed };
}

/** One engine's search, or why it was not searched. */
export type EngineMaxRate = { readonly engine: string } & ({ readonly result: MaxRateResult } | { readonly unsupported: string });

/**
 * Searches each engine of `command` and prints the table.
 * @throws {UsageError} when the workload is unknown
 */
export async function runFindMaxRate(command: CompareCommand, stdout: ProgressStream = process.stdout, stderr: ProgressStream = process.stderr): Promise<EngineMaxRate[]> {
  const workload = findWorkload(command.workload);
  if (!workload) throw UsageErrors.unknownWorkload(command.workload, WORKLOAD_NAMES);
  const stepDurationMs = command.durationMs ?? MAX_RATE_DEFAULTS.stepDurationMs;
  const seed = command.seed ?? workload.defaultSeed;
  const results: EngineMaxRate[] = [];
  for (const engine of command.engines) {
    const first = await instrument(engine, workload);
    if (typeof first === 'string') {
      results.push({ engine, unsupported: first });
      continue;
    }
    const trial = async (ratePerSec: number): Promise<RateTrial> => {
      const instrumented = (await instrument(engine, workload)) as Instrumented;
      const params = resolveParams(workload, { ...command, ratePerSec, durationMs: stepDurationMs, events: undefined });
      const events: BenchEvent[] = workload.generate(params, seed);
      const lastArrivalMs = events.length === 0 ? 0 : (events[events.length - 1] as BenchEvent).arrivalTimeMs;
      const { measurement } = await driveRunner(instrumented.runner, workload, events, workload.oracle(events, params), {
        mode: 'real',
        params,
        seed,
        batchIntervalMs: command.batchIntervalMs,
        watermarkMs: params.watermarkMs,
      });
      return judgeTrial({
        ratePerSec,
        status: measurement.status,
        ...(measurement.error !== undefined ? { error: measurement.error } : {}),
        maxBatchMs: instrumented.box.maxBatchMs,
        batchIntervalMs: command.batchIntervalMs,
        endLagMs: measurement.processingEndMs - lastArrivalMs,
        allowedEndLagMs: instrumented.allowedEndLagMs(lastArrivalMs, params, command.batchIntervalMs) + MAX_RATE_DEFAULTS.slackMs,
      });
    };
    const result = await findMaxRate({
      startRatePerSec: command.ratePerSec ?? MAX_RATE_DEFAULTS.startRatePerSec,
      maxGrowthSteps: MAX_RATE_DEFAULTS.maxGrowthSteps,
      maxRefineSteps: MAX_RATE_DEFAULTS.maxRefineSteps,
      trial,
      onTrial: (t) => void stderr.write(`${engine} at ${t.ratePerSec}/s: ${t.isSustained ? 'sustained' : 'behind'}, ${t.reason}\n`),
    });
    results.push({ engine, result });
  }
  const columns = results.map((r) => r.engine);
  const cell = (r: EngineMaxRate, pick: (result: MaxRateResult) => string | number | null) => ('result' in r ? pick(r.result) : 'unsupported');
  const table = formatScenarioTable({
    title: `highest sustained rate on ${workload.name} (real time, ${stepDurationMs / 1000} s per trial, batch interval ${command.batchIntervalMs} ms)`,
    columns,
    rows: [
      { label: 'highest sustained rate (records/s)', cells: results.map((r) => cell(r, (x) => x.maxSustainedRatePerSec)) },
      { label: 'first rate it fell behind at', cells: results.map((r) => cell(r, (x) => x.firstFailingRatePerSec)) },
      { label: 'trials', cells: results.map((r) => cell(r, (x) => x.trials.length)) },
    ],
  }, terminalColorLevel(stdout));
  stdout.write(table.join('\n') + '\n');
  for (const r of results) {
    if ('unsupported' in r) stdout.write(`${r.engine}: ${r.unsupported}\n`);
    else if (r.result.firstFailingRatePerSec !== null) stdout.write(`${r.engine} at ${r.result.firstFailingRatePerSec}/s: ${r.result.trials.find((t) => t.ratePerSec === r.result.firstFailingRatePerSec)?.reason ?? ''}\n`);
  }
  if (command.jsonFile) await writeFile(command.jsonFile, JSON.stringify({ schemaVersion: 1, workload: workload.name, stepDurationMs, batchIntervalMs: command.batchIntervalMs, engines: results }, null, 2) + '\n');
  return results;
}
