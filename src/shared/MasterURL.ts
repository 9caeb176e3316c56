/**
 * Parses a master URL into an executor layout. Spark: SparkContext.createTaskScheduler.
 */
import { availableParallelism } from 'node:os';
import { IllegalArgumentError } from './errors.js';

/** How many executors, of which kind, with how many task slots each. */
export interface ExecutorLayout {
  readonly kind: 'inline' | 'worker';
  readonly executors: number;
  readonly slotsPerExecutor: number;
  /** Spark's local[N, maxFailures] form overrides spark.task.maxFailures. */
  readonly maxFailures?: number;
}

const VALID = 'local, local[N], local[*], local[N, maxFailures], local-cluster[E, C] or local-workers[N]';

/** The layout a master URL names, or an error listing the valid forms. */
export function parseMasterURL(master: string): ExecutorLayout {
  const cores = (s: string) => (s.trim() === '*' ? availableParallelism() : Number(s));
  let m: RegExpMatchArray | null;
  if (master === 'local') return { kind: 'inline', executors: 1, slotsPerExecutor: 1 };
  if ((m = master.match(/^local\[\s*(\d+|\*)\s*\]$/))) return checked(master, { kind: 'inline', executors: 1, slotsPerExecutor: cores(m[1]) });
  if ((m = master.match(/^local\[\s*(\d+|\*)\s*,\s*(\d+)\s*\]$/))) {
    return checked(master, { kind: 'inline', executors: 1, slotsPerExecutor: cores(m[1]), maxFailures: Number(m[2]) });
  }
  if ((m = master.match(/^local-cluster\[\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*\d+\s*)?\]$/))) {
    return checked(master, { kind: 'inline', executors: Number(m[1]), slotsPerExecutor: Number(m[2]) });
  }
  if ((m = master.match(/^local-workers\[\s*(\d+|\*)\s*\]$/))) return checked(master, { kind: 'worker', executors: cores(m[1]), slotsPerExecutor: 1 });
  throw new IllegalArgumentError('INVALID_MASTER_URL', `Could not parse Master URL: '${master}'. Use ${VALID}.`);
}

function checked(master: string, layout: ExecutorLayout): ExecutorLayout {
  if (layout.executors < 1 || layout.slotsPerExecutor < 1) {
    throw new IllegalArgumentError('INVALID_MASTER_URL', `Master URL '${master}' asks for no task slots; use at least 1, e.g. local[2].`);
  }
  return layout;
}
