/**
 * Target 5's latency run on its own: the stateless filter at one offered rate, in real time, run
 * exactly as maxRateLatency runs it at half the highest rate (runRateTrial, 100 ms batches), after
 * one unrecorded warm-up trial, several times in one process, with the load average at each run.
 * For before/after comparisons at fixed rates without the minutes the rate search takes. No
 * Spark counterpart.
 *
 * Usage: npx tsx bench/perf/latencyAtRate.ts <engine> <rate> [durationMs=4000] [runs=3] [warmUpMs=1000] [--driver=worker|event-loop] [--gc]
 *   --driver: who delivers the schedule (default a thread of its own; event-loop: the main thread's 1 ms timer, as before)
 *   --gc: also print each run's GC pauses (count, total, longest; perf_hooks), those while its input ran (first delivery to
 *         last output row: the pauses inside the latency figures), its heap's peak (sampled every 25 ms) and its CPU time
 */
import os from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { runRateTrial } from '../engines/maxRate/rateTrial.js';
import { trialLatencies } from '../engines/maxRate/trialLatencies.js';
import { filter } from '../workloads/filter.js';
import type { RealTimeDriver } from '../harness/driveRunner.js';
import { observeGcPauses, summarizeGcPauses } from './gcPauses.js';

const args = process.argv.slice(2);
const [engine = 'dstream', rateText = '220000', durationText = '4000', runsText = '3', warmUpText = '1000'] = args.filter((a) => !a.startsWith('--'));
const driverArg = args.find((a) => a.startsWith('--driver='))?.split('=')[1] ?? 'worker';
if (driverArg !== 'worker' && driverArg !== 'event-loop') throw new Error(`--driver=${driverArg}: expected worker (a thread of its own) or event-loop (the main thread's 1 ms timer)`);
const realTimeDriver: RealTimeDriver = driverArg;
const showGc = args.includes('--gc');
const ratePerSec = Number(rateText);
const setup = { engine, workload: filter, batchIntervalMs: 100, seed: filter.defaultSeed, realTimeDriver };
const warmUpMs = Number(warmUpText);
// As the search's warm-up: loads and compiles the engine's code before anything is recorded.
if (warmUpMs > 0) await runRateTrial({ ...setup, ratePerSec, durationMs: warmUpMs });
const p99s: string[] = [];
for (let run = 0; run < Number(runsText); run++) {
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const gc = showGc ? observeGcPauses() : undefined;
  // The heap's peak over the trial (input, exact answer, engine and output), sampled every 25 ms.
  let peakHeapBytes = 0;
  const heapSampler = showGc ? setInterval(() => (peakHeapBytes = Math.max(peakHeapBytes, getHeapStatistics().used_heap_size)), 25) : undefined;
  let window: [number, number] = [0, 0];
  const startCpu = process.cpuUsage();
  const trial = await runRateTrial({ ...setup, ratePerSec, durationMs: Number(durationText), onFeedWindow: (startMs, endMs) => (window = [startMs, endMs]) });
  const pauses = gc?.stop() ?? [];
  const cpu = process.cpuUsage(startCpu);
  const cpuText = `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s for the whole trial`;
  clearInterval(heapSampler);
  const m = trial.measured;
  p99s.push(`${m?.p99Ms?.toFixed(2) ?? '-'}/${m?.fromScheduleP99Ms?.toFixed(2) ?? '-'}`);
  console.log(`${engine} ${ratePerSec}/s run ${run + 1} (driver ${realTimeDriver}): ${trialLatencies(m)}, ${Math.round(m?.achievedPerSec ?? 0)}/s achieved, rows ${m?.rowsRight}/${m?.rowsExpected}, ${trial.isSustained ? 'sustained' : 'behind'} (${trial.reason}), load ${load}`);
  if (showGc) {
    const major = pauses.filter((p) => p.kind !== 'scavenge');
    const sum = (list: readonly { durationMs: number }[]) => list.reduce((total, p) => total + p.durationMs, 0);
    console.log(`  gc: ${pauses.length} pauses, ${sum(pauses).toFixed(1)} ms in all, longest ${Math.max(0, ...pauses.map((p) => p.durationMs)).toFixed(1)} ms; ${major.length} not scavenges, ${sum(major).toFixed(1)} ms; heap peak ${(peakHeapBytes / 1e6).toFixed(0)} MB`);
    // The pauses that overlap the measured stretch (first delivery to last output row): those are in the latency figures.
    const during = summarizeGcPauses(pauses, window[0], window[1]);
    console.log(`  gc while the input ran (${during.windowMs.toFixed(0)} ms): ${during.count} pauses, ${during.totalMs.toFixed(1)} ms, longest ${during.longestMs.toFixed(1)} ms, ${during.over2MsCount} over 2 ms; kinds ${during.kinds.join(', ') || '-'}; CPU ${cpuText}`);
  }
}
console.log(`${engine} ${ratePerSec}/s p99 from delivery/from schedule: ${p99s.join(', ')}`);
