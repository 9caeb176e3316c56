/**
 * The `twinstream` command line: parse, dispatch, exit. Usage errors (an unknown workload, engine,
 * flag or a malformed value) print the valid choices and exit with code 2.
 */
import { loopRunner } from './baselines/loopRunner.js';
import { rxjsRunner } from './baselines/rxjsRunner.js';
import { continuousRunner } from './engines/continuousRunner.js';
import { dstreamRunner } from './engines/dstreamRunner.js';
import { formatEngineExplain } from './engines/explainEngines.js';
import { runFindMaxRate } from './engines/maxRate/runFindMaxRate.js';
import { probedStructuredRunner } from './engines/structuredRunner.js';
import type { EngineRunner } from './harness/EngineRunner.js';
import type { EngineName } from './harness/engineNames.js';
import { parseArgs } from './harness/parseArgs.js';
import { runCompare } from './harness/runCompare.js';
import { UsageError } from './harness/UsageError.js';
import { formatExplain, formatWorkloadList } from './report/explainText.js';
import { SCENARIO_NAMES } from './scenarios/index.js';
import { runScenario } from './scenarios/runScenario.js';
import { findWorkload, WORKLOADS } from './workloads/index.js';

/** Every engine the bench can run, by its CLI name; the Structured runner first asks the engine what it can do. */
async function runners(): Promise<Partial<Record<EngineName, EngineRunner>>> {
  return { dstream: dstreamRunner, structured: await probedStructuredRunner(), continuous: continuousRunner, loop: loopRunner, rxjs: rxjsRunner };
}

const HELP = () => `twinstream: Spark's DStream and Structured Streaming models side by side.

  twinstream compare --workload W [--engines dstream,structured,continuous,rxjs,loop] [--events N | --duration D]
                     [--rate R] [--batch-interval D] [--watermark D] [--lateness SPEC] [--real-time] [--seed S]
                     [--json FILE] [--html FILE] [--find-max-rate]
  twinstream scenario NAME [--json FILE]   a named scenario on a manual clock: ${SCENARIO_NAMES.join(', ')}
  twinstream list              the workloads and their parameters
  twinstream explain --workload W
`;

async function main(argv: readonly string[]): Promise<number> {
  const command = parseArgs(argv, { scenarios: SCENARIO_NAMES });
  switch (command.command) {
    case 'help':
      process.stdout.write(HELP());
      return 0;
    case 'list':
      process.stdout.write(formatWorkloadList(WORKLOADS));
      return 0;
    case 'explain': {
      const workload = findWorkload(command.workload);
      if (workload) process.stdout.write(formatExplain(workload) + '\n' + (await formatEngineExplain(workload)));
      return 0;
    }
    case 'compare':
      if (command.findMaxRate) await runFindMaxRate(command);
      else await runCompare(command, { runners: await runners() });
      return 0;
    case 'scenario':
      return (await runScenario(command)) ? 0 : 1;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    throw error;
  }
}
