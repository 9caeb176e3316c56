/**
 * Turns a parsed `compare` command into a workload's full parameters: the workload's defaults,
 * overridden by --events (or --duration x --rate), --rate, --watermark and --lateness. No Spark
 * counterpart.
 */
import type { AnyWorkload, BaseParams } from '../workloads/Workload.js';
import type { CompareCommand } from './parseArgs.js';

/**
 * The workload's parameters for this command. With --duration, the record count is
 * duration x rate (at least one record).
 *
 * @example
 * resolveParams(yahoo, { ...command, durationMs: 10_000, ratePerSec: 2000 }).events; // 20000
 */
export function resolveParams<P extends BaseParams>(workload: { readonly defaults: P } & AnyWorkload, command: Omit<CompareCommand, 'command' | 'workload' | 'engines'>): P {
  const ratePerSec = command.ratePerSec ?? workload.defaults.ratePerSec;
  const events = command.events ?? (command.durationMs !== undefined ? Math.max(1, Math.round((command.durationMs * ratePerSec) / 1000)) : workload.defaults.events);
  return {
    ...workload.defaults,
    events,
    ratePerSec,
    watermarkMs: command.watermarkMs ?? workload.defaults.watermarkMs,
    lateness: command.lateness ?? workload.defaults.lateness,
  };
}
