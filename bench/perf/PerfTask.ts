/**
 * One timed task of `npm run bench` and what its row in BENCHMARKS.md says. No Spark counterpart;
 * the shape of Spark's own BenchmarkBase cases (name, rows, a function timed per iteration).
 */

/** A task tinybench times: one whole run of one workload on one engine and master. */
export interface PerfTask {
  /** Unique in the suite: `<workload> / <engine> / <master>`. */
  readonly name: string;
  readonly workload: string;
  /** loop, rxjs, dstream, structured. */
  readonly engine: string;
  /** The master URL, or `-` for the baselines. */
  readonly master: string;
  /** Records one run reads: the figure records/s is computed from. */
  readonly records: number;
  /** Runs once and checks its answer, throwing when it differs from the hand loop's. */
  run(): Promise<void> | void;
}

/** The measured row of one task. */
export interface PerfResult {
  readonly name: string;
  readonly workload: string;
  readonly engine: string;
  readonly master: string;
  readonly records: number;
  readonly iterations: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly recordsPerSec: number;
  /** CPU time of one run (user + system, all threads of the process): steadier than wall time on a shared machine. */
  readonly meanCpuMs: number;
  /** Records per CPU-second: on a loaded machine, what one idle core would do (all threads counted). */
  readonly recordsPerCpuSec: number;
  /** This task's records/s over the same workload's hand loop's, in the same run. */
  readonly ratioToLoop: number | null;
  /** This task's records/s over the same workload's RxJS pipeline's, in the same run. */
  readonly ratioToRxjs: number | null;
  /** The same ratios in records per CPU-second. */
  readonly cpuRatioToLoop: number | null;
  readonly cpuRatioToRxjs: number | null;
  /** Why the task has no figure (it threw). */
  readonly error?: string;
}

/** The engine label of the Structured yahoo run whose checkpoint lives in memory (/dev/shm). */
export const MEMORY_CHECKPOINT_ENGINE = 'structured, checkpoint in /dev/shm';

/** Fills in the ratios of every row to its workload's `loop` and `rxjs` rows. */
export function withRatios(rows: readonly Omit<PerfResult, 'ratioToLoop' | 'ratioToRxjs' | 'cpuRatioToLoop' | 'cpuRatioToRxjs'>[]): PerfResult[] {
  const rowOf = (workload: string, engine: string) => rows.find((r) => r.workload === workload && r.engine === engine && r.error === undefined);
  const over = (a: number, b: number | undefined) => (b ? a / b : null);
  return rows.map((row) => {
    const loop = rowOf(row.workload, 'loop');
    const rxjs = rowOf(row.workload, 'rxjs');
    if (row.error !== undefined) return { ...row, ratioToLoop: null, ratioToRxjs: null, cpuRatioToLoop: null, cpuRatioToRxjs: null };
    return {
      ...row,
      ratioToLoop: over(row.recordsPerSec, loop?.recordsPerSec),
      ratioToRxjs: over(row.recordsPerSec, rxjs?.recordsPerSec),
      cpuRatioToLoop: over(row.recordsPerCpuSec, loop?.recordsPerCpuSec),
      cpuRatioToRxjs: over(row.recordsPerCpuSec, rxjs?.recordsPerCpuSec),
    };
  });
}
