/**
 * The text of `list` and `explain`: what each workload is, what its exact answer means, and its
 * parameters with defaults. No Spark counterpart (spark-submit --help).
 */
import { formatDurationMs } from '../harness/durations.js';
import type { AnyWorkload } from '../workloads/Workload.js';

/** One line per workload: name and description, names aligned. */
export function formatWorkloadList(workloads: readonly AnyWorkload[]): string {
  const width = Math.max(...workloads.map((w) => w.name.length));
  return workloads.map((w) => `${w.name.padEnd(width)}  ${w.description}`).join('\n') + '\n';
}

function formatDefault(name: string, value: unknown): string {
  return typeof value === 'number' && name.endsWith('Ms') ? formatDurationMs(value) : String(value);
}

/** The full description of one workload for `explain --workload W`. */
export function formatExplain(workload: AnyWorkload): string {
  const names = Object.keys(workload.defaults);
  const width = Math.max(...names.map((name) => name.length));
  const params = names.map((name) => {
    const docs = workload.paramDocs as Record<string, string>;
    return `  ${name.padEnd(width)}  ${formatDefault(name, (workload.defaults as Record<string, unknown>)[name]).padEnd(12)}  ${docs[name] ?? ''}`;
  });
  return [
    `${workload.name}: ${workload.description}`,
    '',
    workload.semantics,
    '',
    `streams: ${workload.streams.join(', ')}; default seed ${workload.defaultSeed}`,
    'parameters (default, meaning):',
    ...params,
    '',
  ].join('\n');
}
