/**
 * The body of `twinstream compare --workload W --find-max-rate`: for each engine, short real-time
 * runs at rising rates until it falls behind (a batch longer than the interval, or a run that
 * ends later than the model needs), then the highest rate it sustained. Printed side by side,
 * written as JSON with --json and as an HTML page with the throughput and latency curves over
 * the offered rate with --html. The bench suite calls {@link searchMaxRate} per engine.
 */
import { writeFile } from 'node:fs/promises';
import type { CompareCommand } from '../../harness/parseArgs.js';
import type { ProgressStream } from '../../harness/progress.js';
import { UsageErrors } from '../../harness/UsageErrors.js';
import { writeMaxRateHtml } from '../../report/maxRateHtml.js';
import { terminalColorLevel } from '../../report/terminalReport.js';
import { formatScenarioTable } from '../../scenarios/formatScenario.js';
import { findWorkload, WORKLOAD_NAMES } from '../../workloads/index.js';
import type { AnyWorkload } from '../../workloads/Workload.js';
import { findMaxRate } from './findMaxRate.js';
import type { MaxRateResult, RateTrial } from './findMaxRate.js';
import { runRateTrial, trialUnsupportedReason } from './rateTrial.js';
import type { TrialSetup } from './rateTrial.js';

/** Bounds of the search: a few seconds per trial, a few trials per engine. */
export const MAX_RATE_DEFAULTS = { startRatePerSec: 1000, growthFactor: 2, stepDurationMs: 3000, maxGrowthSteps: 8, maxRefineSteps: 3, warmUpMs: 1000 };

/** One engine's search, or why it was not searched. */
export type EngineMaxRate = { readonly engine: string; readonly batchIntervalMs: number } & ({ readonly result: MaxRateResult } | { readonly unsupported: string });

/** Everything one `--find-max-rate` run found: the JSON report, and what the HTML page draws. */
export interface MaxRateReport {
  readonly schemaVersion: 1;
  readonly workload: string;
  readonly stepDurationMs: number;
  readonly batchIntervalMs: number;
  readonly engines: readonly EngineMaxRate[];
}

/** How to search one engine. */
export interface SearchOptions extends Omit<TrialSetup, 'ratePerSec' | 'durationMs'> {
  readonly stepDurationMs: number;
  readonly startRatePerSec: number;
  readonly growthFactor?: number;
  readonly maxGrowthSteps: number;
  readonly maxRefineSteps: number;
  /**
   * A first run of this length at the start rate, not recorded: it loads and compiles the engine's
   * code, which would otherwise slow the first trial and could end the search there (0: none).
   */
  readonly warmUpMs?: number;
  readonly onTrial?: (trial: RateTrial) => void;
}

/** Searches one engine's highest sustainable rate, or says why it cannot run the workload. */
export async function searchMaxRate(options: SearchOptions): Promise<EngineMaxRate> {
  const { engine, batchIntervalMs } = options;
  const unsupported = await trialUnsupportedReason(engine, options.workload);
  if (unsupported !== undefined) return { engine, batchIntervalMs, unsupported };
  if ((options.warmUpMs ?? 0) > 0) await runRateTrial({ ...options, ratePerSec: options.startRatePerSec, durationMs: options.warmUpMs as number });
  const result = await findMaxRate({
    startRatePerSec: options.startRatePerSec,
    growthFactor: options.growthFactor ?? MAX_RATE_DEFAULTS.growthFactor,
    maxGrowthSteps: options.maxGrowthSteps,
    maxRefineSteps: options.maxRefineSteps,
    trial: (ratePerSec) => runRateTrial({ ...options, ratePerSec, durationMs: options.stepDurationMs }),
    ...(options.onTrial ? { onTrial: options.onTrial } : {}),
  });
  return { engine, batchIntervalMs, result };
}

function printTable(report: MaxRateReport, workload: AnyWorkload, stdout: ProgressStream): void {
  const { engines } = report;
  const cell = (r: EngineMaxRate, pick: (result: MaxRateResult) => string | number | null) => ('result' in r ? pick(r.result) : 'unsupported');
  const table = formatScenarioTable({
    title: `highest sustained rate on ${workload.name} (real time, ${report.stepDurationMs / 1000} s per trial, batch interval ${report.batchIntervalMs} ms)`,
    columns: engines.map((r) => r.engine),
    rows: [
      { label: 'highest sustained rate (records/s)', cells: engines.map((r) => cell(r, (x) => x.maxSustainedRatePerSec)) },
      { label: 'first rate it fell behind at', cells: engines.map((r) => cell(r, (x) => x.firstFailingRatePerSec)) },
      { label: 'trials', cells: engines.map((r) => cell(r, (x) => x.trials.length)) },
    ],
  }, terminalColorLevel(stdout));
  stdout.write(table.join('\n') + '\n');
  for (const r of engines) {
    if ('unsupported' in r) stdout.write(`${r.engine}: ${r.unsupported}\n`);
    else if (r.result.firstFailingRatePerSec !== null) stdout.write(`${r.engine} at ${r.result.firstFailingRatePerSec}/s: ${r.result.trials.find((t) => t.ratePerSec === r.result.firstFailingRatePerSec)?.reason ?? ''}\n`);
  }
}

const trialLine = (engine: string, t: RateTrial): string => {
  const m = t.measured;
  const ms = (x: number | null) => (x === null ? '-' : `${x.toFixed(1)} ms`);
  // Latency from delivery and from the schedule: they differ by how late the feed delivered.
  const figures = m ? `, ${Math.round(m.achievedPerSec)}/s achieved, p99 ${ms(m.p99Ms)} from delivery, ${ms(m.fromScheduleP99Ms)} from schedule, feed late p99 ${ms(m.feedLatenessP99Ms)}` : '';
  return `${engine} at ${t.ratePerSec}/s: ${t.isSustained ? 'sustained' : 'behind'}${figures}, ${t.reason}\n`;
};

/**
 * Searches each engine of `command` and prints the table; writes the JSON and HTML reports asked for.
 * @throws {UsageError} when the workload is unknown
 */
export async function runFindMaxRate(command: CompareCommand, stdout: ProgressStream = process.stdout, stderr: ProgressStream = process.stderr): Promise<EngineMaxRate[]> {
  const workload = findWorkload(command.workload);
  if (!workload) throw UsageErrors.unknownWorkload(command.workload, WORKLOAD_NAMES);
  const stepDurationMs = command.durationMs ?? MAX_RATE_DEFAULTS.stepDurationMs;
  const engines: EngineMaxRate[] = [];
  for (const engine of command.engines) {
    engines.push(await searchMaxRate({
      engine,
      workload,
      batchIntervalMs: command.batchIntervalMs,
      seed: command.seed ?? workload.defaultSeed,
      command: { ...(command.lateness !== undefined ? { lateness: command.lateness } : {}), ...(command.watermarkMs !== undefined ? { watermarkMs: command.watermarkMs } : {}) },
      stepDurationMs,
      startRatePerSec: command.ratePerSec ?? MAX_RATE_DEFAULTS.startRatePerSec,
      maxGrowthSteps: MAX_RATE_DEFAULTS.maxGrowthSteps,
      maxRefineSteps: MAX_RATE_DEFAULTS.maxRefineSteps,
      warmUpMs: MAX_RATE_DEFAULTS.warmUpMs,
      onTrial: (t) => void stderr.write(trialLine(engine, t)),
    }));
  }
  const report: MaxRateReport = { schemaVersion: 1, workload: workload.name, stepDurationMs, batchIntervalMs: command.batchIntervalMs, engines };
  printTable(report, workload, stdout);
  if (command.jsonFile) await writeFile(command.jsonFile, JSON.stringify(report, null, 2) + '\n');
  if (command.htmlFile) await writeMaxRateHtml(command.htmlFile, report);
  return engines;
}
