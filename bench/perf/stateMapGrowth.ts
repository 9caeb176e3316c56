/**
 * A plain V8 Map growing as the state of bench/perf/stateCurveThirds.ts grows without a watermark,
 * none of the engine in it: does the Map's own cost per key touched grow with its size? No Spark
 * counterpart (the JVM's HashMap in Spark's HDFSBackedStateStoreProvider has the same question).
 *
 * Shape: 100 batches, each touching `keysPerBatch` new keys per partition (default 5,000 over 2
 * partitions, the curve's 10k state rows per batch), keyed by the same canonical key text
 * (`[{"end":..,"start":..},key]`) with the same entry objects. Per batch and partition it times
 * what the store does with the big map: the restore's lookups (`get`, all misses here, as in the
 * curve), and the fold of the batch's layer into the base map (`set`), as StateMapVersion's
 * absorbInto does. It also allocates the batch's garbage (`--garbage-mb`, default 0) so the
 * scavenges the curve sees can be reproduced: each scavenge's pauses are summed per third.
 *
 * `--fold-delete` deletes each key before setting it, as the fold did before it knew which keys the
 * base holds (a second lookup that misses). Times are CPU time of the process (process.cpuUsage:
 * the main thread and V8's helpers), which a neighbour on the machine does not inflate as it does
 * wall time; the median batch of each third is reported beside the mean.
 *
 * Run: npx tsx bench/perf/stateMapGrowth.ts [batches=100] [keysPerBatch=5000] [--partitions=2] [--garbage-mb=0] [--fold-delete]
 */
import * as os from 'node:os';
import { observeGcPauses } from './gcPauses.js';

const args = process.argv.slice(2);
const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
const batches = numbers[0] ?? 100;
const keysPerBatch = numbers[1] ?? 5000;
const partitions = Number(args.find((a) => a.startsWith('--partitions='))?.slice(13) ?? 2);
const garbageMb = Number(args.find((a) => a.startsWith('--garbage-mb='))?.slice(13) ?? 0);
const foldDelete = args.includes('--fold-delete');

/** CPU ms of the process since `from`. */
function cpuMsSince(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
}

interface Entry {
  key: unknown;
  value: unknown;
}

const bases = Array.from({ length: partitions }, () => new Map<string, Entry>());
const gc = observeGcPauses();
const perBatch: { getMs: number; setMs: number; startMs: number; endMs: number }[] = [];
let sink = 0;
for (let b = 0; b < batches; b++) {
  const startMs = performance.now();
  let getMs = 0;
  let setMs = 0;
  for (let p = 0; p < partitions; p++) {
    const base = bases[p]!;
    // The batch's keys: 10 windows of keysPerBatch / 10 keys each, fresh strings as encodeStateKey makes them.
    const layer = new Map<string, Entry>();
    const keys: string[] = [];
    const windows = 10;
    for (let w = 0; w < windows; w++) {
      const start = (b * windows + w) * 10_000;
      for (let k = 0; k < keysPerBatch / windows; k++) {
        const key = k * partitions + p;
        keys.push(`[{"end":${start + 10_000},"start":${start}},${key}]`);
      }
    }
    const g0 = process.cpuUsage();
    for (const keyJson of keys) if (base.get(keyJson) !== undefined) sink++;
    getMs += cpuMsSince(g0);
    for (const keyJson of keys) {
      const parsed = JSON.parse(keyJson) as unknown[];
      layer.set(keyJson, { key: parsed, value: [1] });
    }
    const s0 = process.cpuUsage();
    if (foldDelete) {
      for (const [keyJson, entry] of layer) {
        base.delete(keyJson);
        base.set(keyJson, entry);
      }
    } else {
      for (const [keyJson, entry] of layer) base.set(keyJson, entry);
    }
    setMs += cpuMsSince(s0);
  }
  // The rest of a batch's allocation (rows, buffers, files' text), garbage by its end.
  let garbage: unknown[] = [];
  for (let i = 0; i < garbageMb * 16_384; i++) {
    garbage.push({ a: i, b: [i] });
    if (garbage.length === 10_000) garbage = [];
  }
  perBatch.push({ getMs, setMs, startMs, endMs: performance.now() });
  // A turn of the event loop between batches, as between a query's batches (and so the GC entries are delivered).
  await new Promise((resolve) => setImmediate(resolve));
}
const pauses = gc.stop();
console.log(`batches ${batches}, keys per batch and partition ${keysPerBatch}, partitions ${partitions}, garbage ${garbageMb} MB a batch, fold ${foldDelete ? 'delete + set' : 'set'}, rows at end ${bases.reduce((s, m) => s + m.size, 0)}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${sink})`);
console.log('| third | rows at end | get CPU ms per batch (median) | fold CPU ms per batch (median) | get+fold CPU us per key | scavenges | scavenge ms per batch | ms per scavenge |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const third = Math.floor(batches / 3);
for (let t = 0; t < 3; t++) {
  const from = t * third;
  const to = t === 2 ? batches : from + third;
  const pts = perBatch.slice(from, to);
  const get = pts.reduce((s, p) => s + p.getMs, 0) / pts.length;
  const set = pts.reduce((s, p) => s + p.setMs, 0) / pts.length;
  const scavenges = pauses.filter((g) => g.kind === 'scavenge' && g.startMs >= pts[0]!.startMs && g.startMs < pts[pts.length - 1]!.endMs);
  const scavengeMs = scavenges.reduce((s, g) => s + g.durationMs, 0);
  console.log(`| ${t + 1} | ${to * keysPerBatch * partitions} | ${get.toFixed(2)} (${median(pts.map((p) => p.getMs)).toFixed(2)}) | ${set.toFixed(2)} (${median(pts.map((p) => p.setMs)).toFixed(2)}) | ${(((get + set) * 1000) / (keysPerBatch * partitions)).toFixed(3)} | `
    + `${scavenges.length} | ${(scavengeMs / pts.length).toFixed(2)} | ${(scavengeMs / Math.max(1, scavenges.length)).toFixed(2)} |`);
}
