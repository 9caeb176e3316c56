/**
 * `npm run bench [-- --quick]`: the whole benchmark suite in one command with one progress bar.
 * The end-to-end yahoo runs of every engine (hand loop, RxJS, DStream on local and
 * local-workers[2], Structured on local) are timed with tinybench in this process; the
 * micro-benchmarks (bench/*.bench.ts) run as child processes. Writes bench/results.json and the
 * generated part of BENCHMARKS.md (the hand-written analysis there is kept).
 * No Spark counterpart beyond `build/sbt bench` writing each benchmark's results file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Bench } from 'tinybench';
import { measureStateRecovery } from './faults/stateRecovery.js';
import type { StateRecoveryResult } from './faults/stateRecovery.js';
import { machineInfo } from './harness/machineInfo.js';
import { createProgress } from './harness/progress.js';
import { renderGenerated, spliceBenchmarks } from './perf/benchmarksMarkdown.js';
import type { SuiteReport } from './perf/benchmarksMarkdown.js';
import { MICRO_BENCHMARKS, runMicroBenchmark } from './perf/microBenchmarks.js';
import type { MicroResult } from './perf/microBenchmarks.js';
import { withRatios } from './perf/PerfTask.js';
import type { PerfResult } from './perf/PerfTask.js';
import { measureArrivalLatency } from './perf/arrivalLatency.js';
import type { LatencyResult } from './perf/arrivalLatency.js';
import { stateCurve } from './perf/stateCurve.js';
import type { StateCurve } from './perf/stateCurve.js';
import { yahooSuite } from './perf/yahooTasks.js';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const skipMicro = argv.includes('--no-micro');
const iterations = quick ? 2 : 3;
const sizes = { events: quick ? 300_000 : 1_000_000, ratePerSec: quick ? 30_000 : 50_000, windowMs: 10_000, batchIntervalMs: 1000 };
const partitions = 2;

// Wall time of the whole suite, for the report only.
const suiteStartMs = performance.now();
const loadAtStart = os.loadavg();
const suite = yahooSuite(sizes, partitions);
const micro = skipMicro ? [] : MICRO_BENCHMARKS;
const extraSteps = 2 + (quick ? 1 : 2) + (quick ? 0 : 2);
const bar = createProgress(`npm run bench${quick ? ' --quick' : ''}`, suite.tasks.length * (iterations + 1) + extraSteps + micro.length);
let done = 0;
const step = () => bar.update(++done);

const bench = new Bench({ name: 'yahoo end to end', iterations, time: 0, warmupIterations: 1, warmupTime: 0, throws: false });
/** CPU milliseconds (user + system, every thread of this process) of each call of each task. */
const cpuMsByTask = new Map<string, number[]>();
for (const task of suite.tasks) {
  const cpuMs: number[] = [];
  cpuMsByTask.set(task.name, cpuMs);
  bench.add(task.name, async () => {
    const before = process.cpuUsage();
    await task.run();
    const used = process.cpuUsage(before);
    cpuMs.push((used.user + used.system) / 1000);
    step();
  });
}
await bench.run();
const phases: Record<string, number> = {};
const progress = suite.lastStructuredProgress();
for (const p of progress) for (const [phase, ms] of Object.entries(p.durationMs)) phases[phase] = (phases[phase] ?? 0) + ms;
await suite.stop();

const rows = suite.tasks.map((task, index): Omit<PerfResult, 'ratioToLoop' | 'ratioToRxjs' | 'cpuRatioToLoop' | 'cpuRatioToRxjs'> => {
  const result = bench.tasks[index]!.result;
  const base = { name: task.name, workload: task.workload, engine: task.engine, master: task.master, records: task.records };
  if (result.state !== 'completed') {
    const error = 'error' in result && result.error instanceof Error ? result.error.message : `state ${result.state}`;
    return { ...base, iterations: 0, meanMs: NaN, p50Ms: NaN, p99Ms: NaN, recordsPerSec: NaN, meanCpuMs: NaN, recordsPerCpuSec: NaN, error };
  }
  const { latency } = result;
  // The first call is tinybench's warm-up.
  const cpuMs = (cpuMsByTask.get(task.name) ?? []).slice(1);
  const meanCpuMs = cpuMs.reduce((a, b) => a + b, 0) / Math.max(1, cpuMs.length);
  return {
    ...base, iterations: latency.samplesCount, meanMs: latency.mean, p50Ms: latency.p50, p99Ms: latency.p99,
    recordsPerSec: (task.records * 1000) / latency.mean, meanCpuMs, recordsPerCpuSec: (task.records * 1000) / meanCpuMs,
  };
});

// Issue 8 targets 5-8: state and heap over a long run, arrival-to-output latency, restart with 100k keys.
const curves: StateCurve[] = [];
for (const withWatermark of [true, false]) {
  curves.push(await stateCurve({ events: quick ? 1_000_000 : 10_000_000, batchSize: 100_000, keys: 1000, msPerEvent: 1, withWatermark }));
  step();
}
const latencies: LatencyResult[] = [];
for (const ratePerSec of quick ? [2000] : [2000, 20_000]) {
  for (const mode of ['continuous', 'micro-batch'] as const) latencies.push(await measureArrivalLatency({ mode, ratePerSec, records: quick ? 2 * ratePerSec : 5 * ratePerSec, triggerIntervalMs: 100 }));
  step();
}
const restarts: StateRecoveryResult[] = [];
for (const engine of quick ? [] : (['structured', 'dstream'] as const)) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perf-restart-'));
  try {
    restarts.push(await measureStateRecovery(engine, dir, 100_000));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  step();
}

const microResults: MicroResult[] = [];
for (const m of micro) {
  microResults.push(await runMicroBenchmark(m, quick));
  step();
}
bar.finish();

const report: SuiteReport = {
  command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
  createdAt: new Date().toISOString(),
  machine: machineInfo(),
  loadAverage: { start: loadAtStart, end: os.loadavg() },
  wallMs: performance.now() - suiteStartMs,
  sizes: { ...sizes, partitions, iterations, warmupIterations: 1 },
  results: withRatios(rows),
  structuredPhasesMs: phases,
  structuredBatches: progress.length,
  micro: microResults,
  curves,
  latencies,
  restarts,
};
fs.writeFileSync('bench/results.json', JSON.stringify(report, null, 2) + '\n');
const existing = fs.existsSync('BENCHMARKS.md') ? fs.readFileSync('BENCHMARKS.md', 'utf8') : undefined;
fs.writeFileSync('BENCHMARKS.md', spliceBenchmarks(existing, renderGenerated(report)));
console.table(report.results.map((r) => ({ task: r.name, 'records/s': r.error ?? Math.round(r.recordsPerSec).toLocaleString('en-US'), 'x loop': r.ratioToLoop?.toFixed(2), 'x rxjs': r.ratioToRxjs?.toFixed(2), 'records/CPU-s': Math.round(r.recordsPerCpuSec).toLocaleString('en-US'), 'CPU x loop': r.cpuRatioToLoop?.toFixed(2) })));
console.log(`wrote BENCHMARKS.md and bench/results.json in ${(report.wallMs / 1000).toFixed(0)} s`);
