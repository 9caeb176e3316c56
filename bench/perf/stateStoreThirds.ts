/**
 * The state store alone over the long curve's growth, without the query around it: two providers
 * (the curve's two shuffle partitions) take 100 batches of 5,000 new window keys each, as
 * bench/perf/stateCurveThirds.ts's windowed count without a watermark gives them (state 0 -> 1M
 * rows), and each third of the run reports the store's own time per batch: updates (get, then put
 * of every key touched) and commit (the delta file, maintenance, folding the version below), with
 * the main thread's and the whole process's CPU. Spark: the store metrics of StateStoreSaveExec
 * (allUpdatesTimeMs, commitTimeMs), no benchmark of its own.
 *
 * Why: the query's curve carries the engine's allocation and its scavenges, and on a loaded 2-core
 * machine its store columns move by 2x from run to run; here what grows with the state is the
 * store's own. `--no-snapshots` sets minDeltasForSnapshot so high that no snapshot is written (no
 * work for the maintenance thread), to see whether its competition for the cores is the growth.
 *
 * `--parts` splits commit into its parts by wrapping the public methods it calls (wall ms): the
 * delta file's write (CheckpointFileManager.createAtomic), maintenance on the committing thread
 * (doMaintenance: the snapshot hand-off and cleanup), the fold of the version below
 * (StateMapVersion.compact), and the rest, which is mostly the delta's text (encodeDelta). The
 * wrappers cost a little themselves; compare runs with `--parts` to runs with `--parts`.
 *
 * Run: npx tsx bench/perf/stateStoreThirds.ts [batches=100] [keysPerBatch=5000] [--no-snapshots] [--parts] [--runs=1]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { observeGcPauses } from './gcPauses.js';
import { encodeStateKey } from '../../src/structured/streaming/state/encodeStateKey.js';
import { CheckpointFileManager } from '../../src/structured/streaming/checkpointing/CheckpointFileManager.js';
import { HDFSBackedStateStoreProvider } from '../../src/structured/streaming/state/HDFSBackedStateStoreProvider.js';
import { StateMapVersion } from '../../src/structured/streaming/state/StateMapVersion.js';
import { DEFAULT_STATE_STORE_CONF } from '../../src/structured/streaming/state/StateStoreConf.js';
import type { JsonValue } from '../../src/structured/streaming/sources/Offset.js';

const args = process.argv.slice(2);
const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
const batches = numbers[0] ?? 100;
const keysPerBatch = numbers[1] ?? 5000;
const noSnapshots = args.includes('--no-snapshots');
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 1);
const withParts = args.includes('--parts');
const PARTITIONS = 2;

/** Wall ms inside each wrapped part since the last read. */
const parts = { write: 0, maintenance: 0, fold: 0 };
function wrap<T extends object>(proto: T, name: keyof T & string, part: keyof typeof parts): void {
  const original = proto[name] as (...a: unknown[]) => unknown;
  (proto as Record<string, unknown>)[name] = function wrapped(this: unknown, ...a: unknown[]) {
    const start = performance.now();
    try {
      return original.apply(this, a);
    } finally {
      parts[part] += performance.now() - start;
    }
  };
}
if (withParts) {
  wrap(CheckpointFileManager.prototype, 'createAtomic', 'write');
  wrap(HDFSBackedStateStoreProvider.prototype, 'doMaintenance', 'maintenance');
  wrap(StateMapVersion.prototype, 'compact', 'fold');
}
const WINDOWS_PER_BATCH = 10;

/** CPU ms of the main thread alone (Linux /proc, 10 ms ticks: exact only summed over many batches). */
function mainThreadCpuMs(): number {
  const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface BatchTimes {
  updatesMs: number;
  commitMs: number;
  mainCpuMs: number;
  cpuMs: number;
  gcMs: number;
  writeMs: number;
  maintenanceMs: number;
  foldMs: number;
}

async function run(): Promise<BatchTimes[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'state-store-thirds-'));
  const conf = { ...DEFAULT_STATE_STORE_CONF, minDeltasForSnapshot: noSnapshots ? 1_000_000 : DEFAULT_STATE_STORE_CONF.minDeltasForSnapshot };
  // As OperatorState makes them: large snapshots on the maintenance thread.
  const providers = Array.from({ length: PARTITIONS }, (_, p) => new HDFSBackedStateStoreProvider(
    { checkpointRootLocation: root, operatorId: 0, partitionId: p }, { conf, backgroundSnapshotMinRows: 10_000 }));
  const times: BatchTimes[] = [];
  const gc = observeGcPauses();
  const windows: [number, number][] = [];
  for (let b = 0; b < batches; b++) {
    const cpu0 = process.cpuUsage();
    const main0 = mainThreadCpuMs();
    const start = performance.now();
    let updatesMs = 0;
    let commitMs = 0;
    parts.write = parts.maintenance = parts.fold = 0;
    for (let p = 0; p < PARTITIONS; p++) {
      const store = providers[p]!.getStore(b);
      const u0 = performance.now();
      for (let w = 0; w < WINDOWS_PER_BATCH; w++) {
        const startMs = (b * WINDOWS_PER_BATCH + w) * 10_000;
        for (let k = 0; k < keysPerBatch / WINDOWS_PER_BATCH; k++) {
          const key = [{ start: startMs, end: startMs + 10_000 }, k * PARTITIONS + p] as JsonValue;
          const keyJson = encodeStateKey(key);
          const previous = store.get(key, keyJson) as number[] | undefined;
          store.put(key, [(previous?.[0] ?? 0) + 1], keyJson);
        }
      }
      const c0 = performance.now();
      updatesMs += c0 - u0;
      store.commit();
      commitMs += performance.now() - c0;
    }
    const end = performance.now();
    windows.push([start, end]);
    const cpu = process.cpuUsage(cpu0);
    times.push({ updatesMs, commitMs, mainCpuMs: mainThreadCpuMs() - main0, cpuMs: (cpu.user + cpu.system) / 1000, gcMs: 0,
      writeMs: parts.write, maintenanceMs: parts.maintenance, foldMs: parts.fold });
    // A turn of the event loop between batches, as a query takes one (and the GC entries arrive).
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (const pause of gc.stop()) {
    const i = windows.findIndex(([s, e]) => pause.startMs >= s && pause.startMs < e);
    if (i >= 0) times[i]!.gcMs += pause.durationMs;
  }
  for (const provider of providers) provider.close();
  fs.rmSync(root, { recursive: true, force: true });
  return times;
}

console.log(`batches ${batches}, keys per batch ${keysPerBatch * PARTITIONS} over ${PARTITIONS} partitions, snapshots ${noSnapshots ? 'none' : 'as configured'}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('| run | third | rows at end | updates ms per batch | commit ms per batch | GC pause ms per batch | main-thread CPU ms per batch | process CPU ms per batch | store us per key touched |'
  + (withParts ? ' commit parts ms: write / maintenance / fold / rest (delta text) |' : ''));
console.log(`|---:|---:|---:|---:|---:|---:|---:|---:|---:|${withParts ? '---|' : ''}`);
for (let r = 0; r < runs; r++) {
  const times = await run();
  const third = Math.floor(batches / 3);
  for (let t = 0; t < 3; t++) {
    const from = t * third;
    const to = t === 2 ? batches : from + third;
    const pts = times.slice(from, to);
    const mean = (of: (x: BatchTimes) => number) => pts.reduce((s, x) => s + of(x), 0) / pts.length;
    const [u, c] = [mean((x) => x.updatesMs), mean((x) => x.commitMs)];
    console.log(`| ${r + 1} | ${t + 1} | ${to * keysPerBatch * PARTITIONS} | ${u.toFixed(2)} | ${c.toFixed(2)} | ${mean((x) => x.gcMs).toFixed(2)} | `
      + `${mean((x) => x.mainCpuMs).toFixed(1)} | ${mean((x) => x.cpuMs).toFixed(1)} | ${(((u + c) * 1000) / (keysPerBatch * PARTITIONS)).toFixed(2)} |`
      + (withParts ? ` ${[mean((x) => x.writeMs), mean((x) => x.maintenanceMs), mean((x) => x.foldMs)].map((v) => v.toFixed(2)).join(' / ')} / ${(c - mean((x) => x.writeMs + x.maintenanceMs + x.foldMs)).toFixed(2)} |` : ''));
  }
}
