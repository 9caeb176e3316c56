/**
 * Target 5's whole step for some engines, alone: the max-rate search and the latency runs at half
 * the rate found (measureMaxRateLatency; the verdict on the median run), with the bounds of the full `npm run bench` (runAll.ts),
 * printing every trial as it ends and the load average. For checking a change to one engine
 * without the whole suite. No Spark counterpart.
 *
 * Usage: npx tsx bench/perf/runMaxRateLatency.ts [engine ...] [--start-rate=N] [--max-growth-steps=N] [--latency-runs=N] [--driver=worker|event-loop]
 *   (default: dstream, from 20k/s, 8 steps: up to 2.56M/s; the schedule delivered by a driver thread. From
 *   10k/s the search stopped at 1.28M/s, which DStream sustained, so its half rate was a floor)
 */
import os from 'node:os';
import { trialLatencies } from '../engines/maxRate/trialLatencies.js';
import type { RealTimeDriver } from '../harness/driveRunner.js';
import { DEFAULT_LATENCY_RUNS, judgedP99Ms, latencyBoundMs, measureMaxRateLatency } from './maxRateLatency.js';

const args = process.argv.slice(2);
const engines = args.filter((a) => !a.startsWith('--'));
const maxGrowthSteps = Number(args.find((a) => a.startsWith('--max-growth-steps='))?.split('=')[1] ?? 8);
const startRatePerSec = Number(args.find((a) => a.startsWith('--start-rate='))?.split('=')[1] ?? 20_000);
const latencyRuns = Number(args.find((a) => a.startsWith('--latency-runs='))?.split('=')[1] ?? DEFAULT_LATENCY_RUNS);
const driverArg = args.find((a) => a.startsWith('--driver='))?.split('=')[1] ?? 'worker';
if (driverArg !== 'worker' && driverArg !== 'event-loop') throw new Error(`--driver=${driverArg}: expected worker (a thread of its own) or event-loop (the main thread's 1 ms timer)`);
const realTimeDriver: RealTimeDriver = driverArg;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const startMs = performance.now();
console.log(`load at start ${load()}, driver ${realTimeDriver}`);
const result = await measureMaxRateLatency({
  // The full run's bounds in runAll.ts.
  engines: (engines.length > 0 ? engines : ['dstream']).map((engine) => ({ engine, batchIntervalMs: 100 })),
  stepDurationMs: 1500,
  startRatePerSec,
  growthFactor: 2,
  maxGrowthSteps,
  maxRefineSteps: 3,
  latencyRunMs: 4000,
  latencyRuns,
  warmUpMs: 1000,
  realTimeDriver,
  onTrial: (engine, t) =>
    console.log(`${engine} ${t.ratePerSec}/s: ${t.isSustained ? 'sustained' : 'behind'}, ${trialLatencies(t.measured)}, ${Math.round(t.measured?.achievedPerSec ?? 0)}/s achieved, ${t.reason}; load ${load()}`),
});
for (const e of result.engines) {
  const search = 'result' in e.search ? e.search.result : null;
  const half = e.atHalfRate;
  const bound = latencyBoundMs(e.engine, e.batchIntervalMs);
  const judged = judgedP99Ms(half?.measured);
  for (const [i, run] of (e.latencyRuns ?? []).entries()) {
    const gc = run.gcWhileInput;
    console.log(`  ${e.engine} half-rate run ${i + 1}${i === e.medianRunIndex ? ' (median)' : ''}: p99 from schedule ${judgedP99Ms(run.trial.measured)?.toFixed(2) ?? '-'} ms; gc while the input ran (${gc.windowMs.toFixed(0)} ms): ${gc.count} pauses, ${gc.totalMs.toFixed(1)} ms, longest ${gc.longestMs.toFixed(1)} ms`);
  }
  console.log(
    `${e.engine}: highest sustained ${search?.maxSustainedRatePerSec ?? '-'}/s (behind at ${search?.firstFailingRatePerSec ?? '-'}), median of ${e.latencyRuns?.length ?? 1} run(s) at ${half?.ratePerSec ?? '-'}/s ${trialLatencies(half?.measured)} (bound ${bound} ms on p99 from schedule: ${judged !== null && judged <= bound ? 'met' : 'missed'}), rows ${half?.measured?.rowsRight}/${half?.measured?.rowsExpected}`,
  );
}
console.log(`took ${((performance.now() - startMs) / 1000).toFixed(0)} s; load at end ${load()}`);
