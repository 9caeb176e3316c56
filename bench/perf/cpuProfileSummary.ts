/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time,
 * as `self% total-ms function file:line`, for BENCHMARKS.md. No Spark counterpart.
 *
 * Run: npx tsx bench/perf/cpuProfileSummary.ts <file.cpuprofile> [top=25]
 */
import * as fs from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self time per function (name + file + line), largest first, with the profile's total in ms. */
export function selfTimes(profile: CpuProfile): { totalMs: number; rows: { name: string; location: string; selfMs: number }[] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<string, { name: string; location: string; us: number }>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    totalUs += delta;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    const file = frame.url.replace(/^file:\/\//, '').replace(/^.*\/work\/main\//, '');
    const location = file ? `${file}:${frame.lineNumber + 1}` : '(native)';
    const name = frame.functionName || '(anonymous)';
    const key = `${name}@${location}`;
    const entry = selfUs.get(key) ?? { name, location, us: 0 };
    entry.us += delta;
    selfUs.set(key, entry);
  });
  const rows = [...selfUs.values()].sort((a, b) => b.us - a.us).map((e) => ({ name: e.name, location: e.location, selfMs: e.us / 1000 }));
  return { totalMs: totalUs / 1000, rows };
}

if (process.argv[1]?.endsWith('cpuProfileSummary.ts')) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: cpuProfileSummary.ts <file.cpuprofile> [top]');
  const top = Number(process.argv[3] ?? 25);
  const { totalMs, rows } = selfTimes(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile);
  console.log(`total ${totalMs.toFixed(0)} ms`);
  console.log('| self % | self ms | function | where |\n|---:|---:|---|---|');
  for (const row of rows.slice(0, top)) console.log(`| ${((row.selfMs / totalMs) * 100).toFixed(1)} | ${row.selfMs.toFixed(0)} | ${row.name} | ${row.location} |`);
}
