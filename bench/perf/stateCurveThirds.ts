/**
 * Where the time of the long state curve goes, per third of the run: the Structured windowed count
 * of bench/perf/stateCurve.ts (without a watermark unless `--watermark`), with V8's collections
 * that happened inside each batch's timed section summed by kind, and optionally one CPU profile
 * per batch merged into a self-time table per third (profiler on only during the timed section,
 * so the full collections between batches stay out). No Spark counterpart.
 *
 * The store columns are the query's own state timings (SystemClock; `--manual-clock` runs without them).
 *
 * Run: npx tsx bench/perf/stateCurveThirds.ts [events=10000000] [--watermark] [--manual-clock] [--no-full-gc | --gc-every=N] [--sweep-in-gc] [--settle-ms=5] [--profile [--save-dir=DIR]] [--top=20] [--perf-ctl=CTL,PERF_PID,FROM,TO,A,B]
 *      [--conf key=value ...]
 */
import { Session } from 'node:inspector/promises';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { selfTimes } from './cpuProfileSummary.js';
import { observeGcPauses } from './gcPauses.js';
import { stateCurve } from './stateCurve.js';

type CpuProfile = Parameters<typeof selfTimes>[0];

const args = process.argv.slice(2);
const events = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000_000);
const withWatermark = args.includes('--watermark');
const profile = args.includes('--profile');
const saveDir = args.find((a) => a.startsWith('--save-dir='))?.slice(11);
/**
 * `perf record --control=fifo:CTL -D -1 --switch-output=signal` records only the timed sections of
 * batches FROM..TO and A..B, in two files (`--perf-ctl=CTL,PERF_PID,FROM,TO,A,B`).
 */
const perfCtl = args.find((a) => a.startsWith('--perf-ctl='))?.slice(11).split(',');
const top = Number(args.find((a) => a.startsWith('--top='))?.slice(6) ?? 20);
const conf: Record<string, string> = {};
args.forEach((a, i) => {
  if (a !== '--conf') return;
  const [k, v] = (args[i + 1] ?? '').split('=');
  if (k && v !== undefined) conf[k] = v;
});

const gcPauses = observeGcPauses();

/** Timed section of each batch on performance.now()'s clock, and the main thread's CPU ms in it. */
const windows: { startMs: number; endMs: number; mainCpuMs: number }[] = [];
/**
 * CPU time of the main thread alone (Linux /proc utime + stime, in 10 ms ticks: exact only summed
 * over many batches), apart from V8's helper threads and the maintenance thread.
 */
function mainThreadCpuMs(): number {
  const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
const profiles: CpuProfile[] = [];
const session = new Session();
session.connect();
if (profile) {
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1000 });
}

const heapMeasure = args.includes('--no-full-gc') ? 'none' : 'full';
const fullGcEveryBatches = Number(args.find((a) => a.startsWith('--gc-every='))?.slice(11) ?? 1);
const concurrentSweep = !args.includes('--sweep-in-gc');
const clock = args.includes('--manual-clock') ? 'manual' : 'system';
const timeStateStore = clock === 'system';
const settleMs = Number(args.find((a) => a.startsWith('--settle-ms='))?.slice(11) ?? 5);
const curve = await stateCurve({
  events, batchSize: 100_000, keys: 1000, msPerEvent: 1, withWatermark, conf, heapMeasure, fullGcEveryBatches, settleMs, concurrentSweep, clock,
  aroundBatch: async (phase, index) => {
    if (perfCtl !== undefined) {
      const [ctl, ...numbers] = perfCtl;
      const [perfPid, from, to, from2, to2] = numbers.map((x) => (x === 'ppid' ? process.ppid : Number(x)));
      if ((index >= from! && index <= to!) || (index >= from2! && index <= to2!)) fs.writeFileSync(ctl!, phase === 'start' ? 'enable\n' : 'disable\n');
      if (phase === 'end' && index === to) process.kill(perfPid!, 'SIGUSR2');
    }
    if (phase === 'start') {
      if (profile) await session.post('Profiler.start');
      windows[index] = { startMs: performance.now(), endMs: Number.POSITIVE_INFINITY, mainCpuMs: mainThreadCpuMs() };
    } else {
      windows[index]!.endMs = performance.now();
      windows[index]!.mainCpuMs = mainThreadCpuMs() - windows[index]!.mainCpuMs;
      if (profile) profiles[index] = (await session.post('Profiler.stop')).profile as unknown as CpuProfile;
      if (saveDir) fs.writeFileSync(path.join(saveDir, `batch-${index}.cpuprofile`), JSON.stringify(profiles[index]));
    }
  },
});
const collections = gcPauses.stop();

const n = curve.points.length;
const third = Math.max(1, Math.floor(n / 3));
const ranges = [[0, third], [third, 2 * third], [2 * third, n]] as const;
console.log(`events ${events}, watermark ${withWatermark}, heap ${heapMeasure}${fullGcEveryBatches > 1 ? ` every ${fullGcEveryBatches} batches` : ''}${concurrentSweep ? '' : ' (swept in the collection)'}, settle ${settleMs} ms, conf ${JSON.stringify(conf)}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('| third | records/s | records/CPU-s | records/main-thread-CPU-s | batch ms (mean) | CPU ms per batch: main / other threads | heap MB at end | state rows at end | scavenge ms | mark-compact ms (n) | incremental ms | weak cb ms |'
  + (timeStateStore ? ' store ms per batch: updates / removals / commit | store ms per 1k keys touched |' : ''));
console.log(`|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|${timeStateStore ? '---|---:|' : ''}`);
ranges.forEach(([from, to], t) => {
  const pts = curve.points.slice(from, to);
  const gcMs: Record<string, number> = {};
  let majors = 0;
  for (const c of collections) {
    const inside = windows.slice(from, to).some((w) => c.startMs >= w.startMs && c.startMs < w.endMs);
    if (!inside) continue;
    gcMs[c.kind] = (gcMs[c.kind] ?? 0) + c.durationMs;
    if (c.kind === 'mark-compact') majors++;
  }
  const last = pts[pts.length - 1]!;
  const mainMs = windows.slice(from, to).reduce((s, w) => s + w.mainCpuMs, 0);
  const allMs = pts.reduce((s, p) => s + (p.batchCpuMs ?? 0), 0);
  console.log(`| ${t + 1} | ${Math.round(curve.thirdsRecordsPerSec[t] ?? 0)} | ${Math.round(curve.thirdsRecordsPerCpuSec?.[t] ?? 0)} | `
    + `${Math.round((pts.length * 100_000 * 1000) / mainMs)} | ${(pts.reduce((s, p) => s + p.batchMs, 0) / pts.length).toFixed(1)} | `
    + `${(mainMs / pts.length).toFixed(0)} / ${((allMs - mainMs) / pts.length).toFixed(0)} | ${last.heapMb.toFixed(1)} | ${last.stateRows} | `
    + `${(gcMs.scavenge ?? 0).toFixed(0)} | ${(gcMs['mark-compact'] ?? 0).toFixed(0)} (${majors}) | ${(gcMs.incremental ?? 0).toFixed(0)} | ${(gcMs['weak callbacks'] ?? 0).toFixed(0)} |`
    + (timeStateStore ? ` ${storeColumns(pts)} |` : ''));
});

/** Mean state store ms per batch by kind, and all of it per 1,000 keys touched. */
function storeColumns(pts: typeof curve.points): string {
  const mean = (of: (p: (typeof pts)[number]) => number) => pts.reduce((sum, p) => sum + of(p), 0) / pts.length;
  const [getPut, evict, commit] = [mean((p) => p.store?.updatesMs ?? 0), mean((p) => p.store?.removalsMs ?? 0), mean((p) => p.store?.commitMs ?? 0)];
  const touched = pts.reduce((sum, p) => sum + p.rowsUpdated, 0);
  return `${getPut.toFixed(1)} / ${evict.toFixed(1)} / ${commit.toFixed(1)} | ${(((getPut + evict + commit) * pts.length * 1000) / touched).toFixed(2)}`;
}

if (profile) {
  ranges.forEach(([from, to], t) => {
    const merged = new Map<string, { name: string; location: string; selfMs: number }>();
    let totalMs = 0;
    for (const p of profiles.slice(from, to)) {
      const summary = selfTimes(p);
      totalMs += summary.totalMs;
      for (const row of summary.rows) {
        // Profiler.start's own work (it logs every code object of the heap) happens before the
        // timed section but is sampled under the native `dispatch` of the inspector call.
        if (row.name === 'dispatch' && row.location === '(native)') {
          totalMs -= row.selfMs;
          continue;
        }
        const key = `${row.name}@${row.location}`;
        const entry = merged.get(key) ?? { ...row, selfMs: 0 };
        entry.selfMs += row.selfMs;
        merged.set(key, entry);
      }
    }
    console.log(`\nthird ${t + 1}: ${to - from} batches, profiled ${totalMs.toFixed(0)} ms`);
    console.log('| self ms | self % | function | where |\n|---:|---:|---|---|');
    for (const row of [...merged.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) {
      console.log(`| ${row.selfMs.toFixed(0)} | ${((row.selfMs / totalMs) * 100).toFixed(1)} | ${row.name} | ${row.location} |`);
    }
  });
}
session.disconnect();
