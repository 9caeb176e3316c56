/**
 * The machine a run was measured on, printed with every report so figures are never read without
 * their context (tinybench and d2ts print the same). No Spark counterpart.
 */
import os from 'node:os';

/** Node version, OS, CPU model and core count. */
export interface MachineInfo {
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly totalMemoryBytes: number;
}

/** Describes the machine this process runs on. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: os.platform(),
    arch: os.arch(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    totalMemoryBytes: os.totalmem(),
  };
}
