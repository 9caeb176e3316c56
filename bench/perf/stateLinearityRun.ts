/**
 * The Structured linearity step alone (stateLinearityInterleaved at 1M and 10M events, or the sizes
 * given), printing per size the pooled records/s, per CPU-second, the runs, and V8's major
 * collections inside the timed batches. `--hold-yahoo` first builds the suite's yahoo input and holds
 * it, as runAll's process does, to compare with a fresh heap. No Spark counterpart.
 *
 * Run: npx tsx bench/perf/stateLinearityRun.ts [sizes...] [--hold-yahoo] [--runs=3]
 */
import * as os from 'node:os';
import { curveRecordsPerSec } from './stateCurve.js';
import { stateLinearityInterleaved } from './stateLinearity.js';
import { yahooInput } from './yahooInput.js';

const args = process.argv.slice(2);
const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
const hold = args.includes('--hold-yahoo') ? yahooInput({ events: 1_000_000, ratePerSec: 50_000, windowMs: 10_000, batchIntervalMs: 1000 }) : undefined;
const minRuns = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
const loadBefore = os.loadavg()[0];
const runs = await stateLinearityInterleaved(sizes.length ? sizes : [1_000_000, 10_000_000], { batchSize: 100_000, keys: 1000, msPerEvent: 1, warmUpEvents: 1_000_000, minRuns });
for (const c of runs) {
  const p = c.pooled!;
  const k = (r: number) => `${Math.round(r / 1000)}k`;
  console.log(`${hold ? 'yahoo input held' : 'fresh heap'} ${c.options.events}: ${k(curveRecordsPerSec(c))}/s, per CPU-s ${k((p.runs * c.options.events * 1000) / p.totalCpuMs)}, `
    + `${p.runs} runs (${p.runRecordsPerSec.map(k).join(' ')}), median batch ${p.medianBatchMs.toFixed(0)} ms, longest ${Math.max(...c.points.map((q) => q.batchMs)).toFixed(0)} ms, `
    + `major GCs ${p.collections.majorCount} (${(p.collections.majorMs + p.collections.incrementalMs).toFixed(0)} ms main thread), scavenges ${p.collections.scavengeMs.toFixed(0)} ms, `
    + `thirds ${c.thirdsRecordsPerSec.map(k).join(' / ')}, load ${loadBefore.toFixed(1)} -> ${os.loadavg()[0].toFixed(1)}`);
}
void hold;
