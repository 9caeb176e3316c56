/**
 * Reproduces the order of `npm run bench` up to the Structured linearity runs, to find what the
 * first timed batch of the 1M run pays there and not when it runs alone: the yahoo step (every task
 * of bench/perf/yahooTasks.ts timed as runAll times them, and the one local-workers[2] Structured
 * run), then the state curve with a watermark at each size, printing each batch's wall and CPU ms
 * and V8's collections inside it. No Spark counterpart.
 *
 * Run: npx tsx bench/perf/linearityInSuite.ts [--no-yahoo] [--yahoo-runs=6] [--release | --gc-first] [sizes=1000000] [--warm-up=1000000]
 */
import * as os from 'node:os';
import { observeGcPauses } from './gcPauses.js';
import { stateCurve } from './stateCurve.js';
import { yahooStructuredRun } from './yahooStructured.js';
import { yahooSuite } from './yahooTasks.js';

const args = process.argv.slice(2);
const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
const warmUpEvents = Number(args.find((a) => a.startsWith('--warm-up='))?.slice(10) ?? 1_000_000);
const yahooRuns = Number(args.find((a) => a.startsWith('--yahoo-runs='))?.slice(13) ?? 6);
const t0 = performance.now();

/** The yahoo step as runAll runs it; returns the suite, which runAll holds (its input and answers) until it ends. */
async function yahooStep(): Promise<unknown> {
  const suite = yahooSuite({ events: 1_000_000, ratePerSec: 50_000, windowMs: 10_000, batchIntervalMs: 1000 }, 2);
  for (const task of suite.tasks) for (let i = 0; i < yahooRuns; i++) await task.run();
  await suite.stop();
  await yahooStructuredRun(suite.input, 2, 'local-workers[2]');
  return suite;
}
// Held in a variable the rest of the script can drop (a block's const would stay on the module's frame).
let keep: unknown = args.includes('--no-yahoo') ? undefined : await yahooStep();
if (args.includes('--release')) keep = undefined;
if (args.includes('--release') || args.includes('--gc-first')) {
  // A full collection before the curves, so what the yahoo step left is either gone or old and marked.
  const v8 = await import('node:v8');
  const vm = await import('node:vm');
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  if (args.includes('--snapshot')) console.log(`snapshot ${v8.writeHeapSnapshot()}`);
  console.log(`after a full collection: heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
}
console.log(`yahoo step ${((performance.now() - t0) / 1000).toFixed(1)} s, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const events of sizes.length ? sizes : [1_000_000]) {
  const gc = observeGcPauses();
  const windows: { startMs: number; endMs: number }[] = [];
  const curve = await stateCurve({
    events, batchSize: 100_000, keys: 1000, msPerEvent: 1, withWatermark: true, warmUpEvents, heapMeasure: 'none',
    aroundBatch: (phase, index) => {
      if (phase === 'start') windows[index] = { startMs: performance.now(), endMs: Infinity };
      else windows[index]!.endMs = performance.now();
    },
  });
  const pauses = gc.stop();
  const ms = curve.points.reduce((s, p) => s + p.batchMs, 0);
  console.log(`${events} events: ${Math.round((events * 1000) / ms)} records/s`);
  curve.points.slice(0, 10).forEach((p, i) => {
    const w = windows[i]!;
    const inside = pauses.filter((c) => c.startMs >= w.startMs && c.startMs < w.endMs);
    const byKind = new Map<string, number>();
    for (const c of inside) byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + c.durationMs);
    console.log(`  batch ${i}: ${p.batchMs.toFixed(0)} ms wall, ${(p.batchCpuMs ?? 0).toFixed(0)} ms CPU, gc ${[...byKind].map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
  });
}
void keep;
