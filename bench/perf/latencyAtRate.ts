/**
 * Target 5's latency run on its own: the stateless filter at one offered rate, in real time, run
 * exactly as maxRateLatency runs it at half the highest rate (runRateTrial, 100 ms batches), after
 * one unrecorded warm-up trial, several times in one process, with the load average at each run.
 * For before/after comparisons at fixed rates without the minutes the rate search takes. No
 * Spark counterpart.
 *
 * Usage: npx tsx bench/perf/latencyAtRate.ts <engine> <rate> [durationMs=4000] [runs=3] [warmUpMs=1000]
 */
import os from 'node:os';
import { runRateTrial } from '../engines/maxRate/rateTrial.js';
import { trialLatencies } from '../engines/maxRate/trialLatencies.js';
import { filter } from '../workloads/filter.js';

const [engine = 'dstream', rateText = '220000', durationText = '4000', runsText = '3', warmUpText = '1000'] = process.argv.slice(2);
const ratePerSec = Number(rateText);
const setup = { engine, workload: filter, batchIntervalMs: 100, seed: filter.defaultSeed };
const warmUpMs = Number(warmUpText);
// As the search's warm-up: loads and compiles the engine's code before anything is recorded.
if (warmUpMs > 0) await runRateTrial({ ...setup, ratePerSec, durationMs: warmUpMs });
const p99s: string[] = [];
for (let run = 0; run < Number(runsText); run++) {
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const trial = await runRateTrial({ ...setup, ratePerSec, durationMs: Number(durationText) });
  const m = trial.measured;
  p99s.push(`${m?.p99Ms?.toFixed(2) ?? '-'}/${m?.fromScheduleP99Ms?.toFixed(2) ?? '-'}`);
  console.log(`${engine} ${ratePerSec}/s run ${run + 1}: ${trialLatencies(m)}, ${Math.round(m?.achievedPerSec ?? 0)}/s achieved, rows ${m?.rowsRight}/${m?.rowsExpected}, ${trial.isSustained ? 'sustained' : 'behind'} (${trial.reason}), load ${load}`);
}
console.log(`${engine} ${ratePerSec}/s p99 from delivery/from schedule: ${p99s.join(', ')}`);
