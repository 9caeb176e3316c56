/**
 * The side-by-side table printed at the end of `compare`: one column per engine, the winner of
 * each row marked with `*` (and green when colour is on), the run and the machine above it.
 * No Spark counterpart. Colour only here, at the CLI boundary.
 */
import { Chalk } from 'chalk';
import type { ChalkInstance, ColorSupportLevel } from 'chalk';
import { formatDurationMs } from '../harness/durations.js';
import type { BenchReport } from './BenchReport.js';
import { rowsShown, winnersOf } from './metricRows.js';
import type { MetricRow } from './metricRows.js';

/**
 * The colour level for a stream: none when it is not a terminal or NO_COLOR is set (any value,
 * per no-color.org), else basic colours.
 */
export function terminalColorLevel(stream: { readonly isTTY?: boolean }, env: Readonly<Record<string, string | undefined>> = process.env): ColorSupportLevel {
  if (!stream.isTTY || env['NO_COLOR'] !== undefined) return 0;
  return 1;
}

function cellFor(report: BenchReport, engineIndex: number, row: MetricRow): string {
  const measurement = report.engines[engineIndex];
  if (!measurement || measurement.status !== 'ok') return measurement?.status ?? '';
  const value = row.value(measurement);
  return value === null || !Number.isFinite(value) ? '-' : row.format(value);
}

/** The lines above the table: what ran, how, and where. */
export function reportHeading(report: BenchReport): string[] {
  const { workload, run, machine } = report;
  const latencyKind = run.mode === 'virtual' ? 'structural latency, virtual time' : 'measured latency, real time';
  return [
    `${workload.name}: ${workload.events} records, seed ${workload.seed}, batch interval ${formatDurationMs(run.batchIntervalMs)}, watermark ${formatDurationMs(run.watermarkMs)} (${latencyKind})`,
    `params: ${Object.entries(workload.params).map(([name, value]) => `${name}=${String(value)}`).join(' ')}`,
    `exact answer: ${report.oracle.rows} rows in ${report.oracle.windows} window(s); ${report.arrivals.lateEvents} records behind the watermark on arrival`,
    `machine: Node ${machine.node}, ${machine.cpuModel}, ${machine.cores} cores`,
  ];
}

/**
 * Formats `report` as a table; `colorLevel` 0 gives plain text (pipes, files, NO_COLOR).
 *
 * @example
 * process.stdout.write(formatTerminalReport(report, terminalColorLevel(process.stdout)));
 */
export function formatTerminalReport(report: BenchReport, colorLevel: ColorSupportLevel = 0): string {
  const chalk: ChalkInstance = new Chalk({ level: colorLevel });
  const header = ['', ...report.engines.map((m) => m.engine)];
  const body = rowsShown(report.engines).map((row) => {
    const winners = winnersOf(row, report.engines);
    return { label: row.label, cells: report.engines.map((_, i) => ({ text: cellFor(report, i, row) + (winners.has(i) ? ' *' : '  '), isWinner: winners.has(i) })) };
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((row) => (column === 0 ? row.label.length : (row.cells[column - 1]?.text.length ?? 0)))),
  );
  const lines = reportHeading(report).map((line, i) => (i === 0 ? chalk.bold(line) : chalk.dim(line)));
  lines.push('');
  lines.push(header.map((title, column) => chalk.bold(column === 0 ? title.padEnd(widths[0] as number) : title.padStart(widths[column] as number))).join('  '));
  for (const row of body) {
    const cells = row.cells.map((cell, i) => {
      const padded = cell.text.padStart(widths[i + 1] as number);
      return cell.isWinner ? chalk.green.bold(padded) : padded;
    });
    lines.push([row.label.padEnd(widths[0] as number), ...cells].join('  '));
  }
  lines.push('');
  lines.push(chalk.dim('* best in its row'));
  for (const m of report.engines) {
    if (m.status !== 'ok') lines.push(chalk.yellow(`${m.engine} ${m.status}: ${m.error ?? ''}`));
    for (const note of m.notes) lines.push(chalk.dim(`${m.engine}: ${note}`));
  }
  return lines.join('\n') + '\n';
}
