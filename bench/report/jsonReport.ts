/**
 * The JSON report (`--json FILE`): the BenchReport with every figure, workload, params, seed and
 * machine. Non-finite numbers, which JSON cannot hold, become null. No Spark counterpart beyond
 * StreamingQueryProgress.json.
 */
import { writeFile } from 'node:fs/promises';
import type { BenchReport } from './BenchReport.js';

/** The report as indented JSON text. */
export function formatJsonReport(report: BenchReport): string {
  return JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2) + '\n';
}

/** Writes the JSON report to `file`. */
export async function writeJsonReport(file: string, report: BenchReport): Promise<void> {
  await writeFile(file, formatJsonReport(report), 'utf8');
}
