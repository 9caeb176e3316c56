/**
 * The terminal view of a scenario: its title and summary, each comparison as the compare table,
 * then its own side-by-side tables, notes and anything the engine lacks. Colour only here, at the
 * CLI boundary, with the terminal report's helpers.
 */
import { Chalk } from 'chalk';
import type { ColorSupportLevel } from 'chalk';
import { formatTerminalReport } from '../report/terminalReport.js';
import type { ScenarioCell, ScenarioResult, ScenarioTable } from './Scenario.js';

function formatCell(cell: ScenarioCell): string {
  if (cell === null) return '-';
  if (typeof cell === 'string') return cell;
  if (Number.isInteger(cell)) return String(cell);
  return cell.toFixed(Math.abs(cell) >= 100 ? 0 : 2);
}

/** One table with its columns right-aligned under a bold header. */
export function formatScenarioTable(table: ScenarioTable, colorLevel: ColorSupportLevel = 0): string[] {
  const chalk = new Chalk({ level: colorLevel });
  const body = table.rows.map((row) => [row.label, ...row.cells.map(formatCell)]);
  const header = ['', ...table.columns];
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[0] as number) : cell.padStart(widths[i] as number))).join('  ');
  return [chalk.bold.underline(table.title), chalk.bold(line(header)), ...body.map(line)];
}

/**
 * The whole scenario as text; `colorLevel` 0 gives plain text (pipes, files, NO_COLOR).
 *
 * @example
 * process.stdout.write(formatScenario(await scenario.run(), terminalColorLevel(process.stdout)));
 */
export function formatScenario(result: ScenarioResult, colorLevel: ColorSupportLevel = 0): string {
  const chalk = new Chalk({ level: colorLevel });
  const lines = [chalk.bold(`scenario ${result.name}: ${result.title}`), ...result.summary.map((line) => chalk.dim(line)), ''];
  for (const report of result.reports) lines.push(formatTerminalReport(report, colorLevel));
  for (const table of result.tables) lines.push(...formatScenarioTable(table, colorLevel), '');
  for (const note of result.notes) lines.push(chalk.dim(`note: ${note}`));
  for (const missing of result.missing) lines.push(chalk.yellow(`missing in the engine: ${missing}`));
  return lines.join('\n') + '\n';
}
