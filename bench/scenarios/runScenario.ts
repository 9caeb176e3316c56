/**
 * The body of `twinstream scenario NAME [--json FILE]`: run the scenario on its manual clock,
 * print it side by side, and write its figures as JSON when asked. The CLI parses, calls this, exits.
 */
import { writeFile } from 'node:fs/promises';
import type { ProgressStream } from '../harness/progress.js';
import type { ScenarioCommand } from '../harness/parseArgs.js';
import { UsageErrors } from '../harness/UsageErrors.js';
import { terminalColorLevel } from '../report/terminalReport.js';
import { formatScenario } from './formatScenario.js';
import { findScenario, SCENARIO_NAMES } from './index.js';
import type { ScenarioResult } from './Scenario.js';

/** What the JSON file holds: the figures, with what produced them. */
export function scenarioJson(result: ScenarioResult): string {
  const { name, title, summary, figures, notes, missing } = result;
  return JSON.stringify({ schemaVersion: 1, scenario: name, title, summary, figures, notes, missing }, null, 2) + '\n';
}

/**
 * Runs a parsed `scenario` command and returns its result, or undefined (after saying why on
 * `stderr`) for a scenario registered but not available in this build.
 * @throws {UsageError} for an unknown scenario name
 */
export async function runScenario(
  command: ScenarioCommand,
  stdout: ProgressStream = process.stdout,
  env: Readonly<Record<string, string | undefined>> = process.env,
  stderr: ProgressStream = process.stderr,
): Promise<ScenarioResult | undefined> {
  const scenario = findScenario(command.name);
  if (!scenario) throw UsageErrors.unknownScenario(command.name, SCENARIO_NAMES);
  if (scenario.unavailableReason !== undefined) {
    stderr.write(`${scenario.unavailableReason}\n`);
    return undefined;
  }
  const result = await scenario.run();
  stdout.write(formatScenario(result, terminalColorLevel(stdout, env)));
  if (command.jsonFile) await writeFile(command.jsonFile, scenarioJson(result));
  return result;
}
