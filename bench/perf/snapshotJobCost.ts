/**
 * What one snapshot costs the state maintenance thread as the state grows: snapshotFromFiles run
 * in this thread (no worker, so process.cpuUsage is its CPU alone) on a store whose state grows by
 * `keysPerDelta` new keys per delta, a snapshot after every `deltasPerSnapshot` deltas (the
 * provider's cadence with minDeltasForSnapshot 10), the thread's row cache warm, as in a long run
 * of the windowed count without a watermark (bench/perf/stateCurveThirds.ts). Spark: the snapshot
 * half of HDFSBackedStateStoreProvider.doMaintenance; no benchmark of its own.
 *
 * `--updates` makes every other delta update existing keys instead of adding new ones (the
 * general path). Each snapshot's text is checked against the one built from every file read afresh
 * (`--no-check`: not, for a profile of the snapshots alone).
 *
 * Run: npx tsx bench/perf/snapshotJobCost.ts [rows=1000000] [keysPerDelta=5000] [--updates] [--deltas-per-snapshot=11] [--no-check]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeDelta, type StateChanges } from '../../src/structured/streaming/state/StateFiles.js';
import { snapshotFromFiles, type SnapshotCache } from '../../src/structured/streaming/state/snapshotFromFiles.js';

const args = process.argv.slice(2);
const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
const totalRows = numbers[0] ?? 1_000_000;
const keysPerDelta = numbers[1] ?? 5000;
const updates = args.includes('--updates');
const check = !args.includes('--no-check');
const deltasPerSnapshot = Number(args.find((a) => a.startsWith('--deltas-per-snapshot='))?.slice(22) ?? 11);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-job-cost-'));
const cache: SnapshotCache = new Map();
let version = 0;
let nextKey = 0;
let baseSnapshot: string | undefined;
let pending: string[] = [];

function writeDelta(): void {
  const changes: StateChanges = new Map();
  const update = updates && version % 2 === 1 && nextKey >= keysPerDelta;
  for (let i = 0; i < keysPerDelta; i++) {
    const k = update ? nextKey - 1 - i : nextKey++;
    const start = Math.floor(k / 1000) * 10_000;
    const key = [{ end: start + 10_000, start }, k % 1000];
    const keyJson = `[{"end":${start + 10_000},"start":${start}},${k % 1000}]`;
    changes.set(keyJson, { key, value: [version + 1] });
  }
  version++;
  const file = path.join(dir, `${version}.delta`);
  fs.writeFileSync(file, encodeDelta(changes));
  pending.push(file);
}

console.log(`rows up to ${totalRows}, ${keysPerDelta} keys per delta, ${deltasPerSnapshot} deltas per snapshot, ${updates ? 'every other delta updates' : 'new keys only'}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('| rows | snapshot CPU ms | ms per 1k rows changed | bytes |');
console.log('|---:|---:|---:|---:|');
const perTenth = new Map<number, number[]>();
while (nextKey < totalRows) {
  for (let i = 0; i < deltasPerSnapshot; i++) writeDelta();
  const tempFile = path.join(dir, `.${version}.snapshot.tmp`);
  const job = { version, baseSnapshotFile: baseSnapshot, deltaFiles: pending, tempFile };
  const start = process.cpuUsage();
  const result = snapshotFromFiles(job, fs, () => false, cache);
  const used = process.cpuUsage(start);
  if (!result.ok) throw new Error(result.message);
  const snapshot = path.join(dir, `${version}.snapshot`);
  fs.renameSync(tempFile, snapshot);
  // The same snapshot from the files alone (no cache) must be byte for byte the same.
  if (check) {
    const afresh = snapshotFromFiles({ ...job, tempFile: `${tempFile}.check` }, fs, () => false);
    if (!afresh.ok || fs.readFileSync(`${tempFile}.check`, 'utf8') !== fs.readFileSync(snapshot, 'utf8')) throw new Error(`snapshot ${version} differs from one built afresh`);
    fs.rmSync(`${tempFile}.check`);
  }
  for (const file of pending) fs.rmSync(file);
  if (baseSnapshot) fs.rmSync(baseSnapshot);
  baseSnapshot = snapshot;
  pending = [];
  const ms = (used.user + used.system) / 1000;
  const tenth = Math.min(9, Math.floor((nextKey * 10) / totalRows));
  perTenth.set(tenth, [...(perTenth.get(tenth) ?? []), ms]);
  if (tenth === 0 || tenth === 4 || tenth === 9) {
    console.log(`| ${result.rows} | ${ms.toFixed(1)} | ${((ms * 1000) / (keysPerDelta * deltasPerSnapshot)).toFixed(2)} | ${fs.statSync(snapshot).size} |`);
  }
}
console.log(`mean snapshot CPU ms by tenth of the growth: ${[...perTenth.entries()].map(([t, xs]) => `${t + 1}: ${(xs.reduce((s, x) => s + x, 0) / xs.length).toFixed(1)}`).join(', ')}`);
fs.rmSync(dir, { recursive: true, force: true });
