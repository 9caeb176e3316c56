/**
 * The body of `twinstream compare`: resolve the workload's parameters from the command, run every
 * named engine on the same schedule with a progress bar each, print the side-by-side table and
 * write the JSON and HTML reports asked for. The CLI (bench/cli.ts) parses, calls this, and exits.
 */
import type { BenchReport } from '../report/BenchReport.js';
import { writeHtmlReport } from '../report/htmlReport.js';
import { writeJsonReport } from '../report/jsonReport.js';
import { formatTerminalReport, terminalColorLevel } from '../report/terminalReport.js';
import { findWorkload, WORKLOAD_NAMES } from '../workloads/index.js';
import { compareEngines } from './compareEngines.js';
import type { EngineName } from './engineNames.js';
import type { EngineRunner } from './EngineRunner.js';
import type { CompareCommand } from './parseArgs.js';
import { createProgress } from './progress.js';
import type { ProgressBar, ProgressStream } from './progress.js';
import { resolveParams } from './resolveParams.js';
import { UsageErrors } from './UsageErrors.js';

/** What `runCompare` needs from its surroundings; tests pass fakes. */
export interface RunCompareContext {
  /** The runner for each engine name; a name without one is reported as unsupported. */
  readonly runners: Readonly<Partial<Record<EngineName, EngineRunner>>>;
  readonly stdout?: ProgressStream;
  readonly stderr?: ProgressStream;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function notWired(name: string): EngineRunner {
  return {
    name,
    description: `${name} (not wired into the bench)`,
    unsupportedReason: () => `no runner is registered for engine "${name}" in this build of the bench`,
    run: () => Promise.reject(new Error(`no runner for engine "${name}"`)),
  };
}

/**
 * Runs a parsed `compare` command and returns its report.
 *
 * @throws {UsageError} when the workload is unknown (parseArgs normally catches that first).
 */
export async function runCompare(command: CompareCommand, context: RunCompareContext): Promise<BenchReport> {
  const workload = findWorkload(command.workload);
  if (!workload) throw UsageErrors.unknownWorkload(command.workload, WORKLOAD_NAMES);
  const params = resolveParams(workload, command);
  const stdout = context.stdout ?? process.stdout;
  const bars = new Map<string, ProgressBar>();
  const { report } = await compareEngines({
    workload,
    params,
    seed: command.seed ?? workload.defaultSeed,
    runners: command.engines.map((name) => context.runners[name] ?? notWired(name)),
    mode: command.realTime ? 'real' : 'virtual',
    batchIntervalMs: command.batchIntervalMs,
    onProgress: (engine, delivered, total) => {
      let bar = bars.get(engine);
      if (!bar) bars.set(engine, (bar = createProgress(`${workload.name} on ${engine}`, total, context.stderr ?? process.stderr)));
      bar.update(delivered);
      if (delivered >= total) bar.finish();
    },
  });
  for (const bar of bars.values()) bar.finish();
  stdout.write(formatTerminalReport(report, terminalColorLevel(stdout, context.env ?? process.env)));
  if (command.jsonFile) await writeJsonReport(command.jsonFile, report);
  if (command.htmlFile) await writeHtmlReport(command.htmlFile, report);
  return report;
}
