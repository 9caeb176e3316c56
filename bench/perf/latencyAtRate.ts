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
  const ms = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toFixed(2));
  p99s.push(`${ms(m?.p99Ms)}/${ms(m?.fromScheduleP99Ms)}`);
  // From delivery and from the scheduled arrival: they differ by how late the feed delivered.
  console.log(`${engine} ${ratePerSec}/s run ${run + 1}: p50 ${ms(m?.p50Ms)} p99 ${ms(m?.p99Ms)} max ${ms(m?.maxMs)} ms from delivery, p50 ${ms(m?.fromScheduleP50Ms)} p99 ${ms(m?.fromScheduleP99Ms)} ms from schedule, feed late p50/p99/max ${ms(m?.feedLatenessP50Ms)}/${ms(m?.feedLatenessP99Ms)}/${ms(m?.feedLatenessMaxMs)} ms, ${Math.round(m?.achievedPerSec ?? 0)}/s achieved, rows ${m?.rowsRight}/${m?.rowsExpected}, ${trial.isSustained ? 'sustained' : 'behind'} (${trial.reason}), load ${load}`);
}
console.log(`${engine} ${ratePerSec}/s p99 from delivery/from schedule: ${p99s.join(', ')}`);
