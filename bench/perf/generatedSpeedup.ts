/**
 * Issue 8 target 4 measured by hand: the yahoo query over events generated in the tasks, on
 * `local` and `local-workers[2]`, runs interleaved (local, workers, local, ...) in one process so
 * both meet the same load, each answer checked against the exact one. Prints records/s, records
 * per CPU-second (process.cpuUsage: every thread of the process) and the load average per run,
 * then the medians and their ratio:
 *   npx tsx bench/perf/generatedSpeedup.ts structured|dstream [events] [runs]
 * No Spark counterpart.
 */
import * as os from 'node:os';
import { SparkContext } from '../../src/index.js';
import { generatedYahoo, yahooDStreamGenerated } from './yahooDStream.js';
import { differenceFromExpected, yahooInput } from './yahooInput.js';
import type { WindowCounts } from './yahooInput.js';
import { yahooStructuredGeneratedRun } from './yahooStructured.js';

const engine = process.argv[2] ?? 'structured';
const events = Number(process.argv[3] ?? 1_000_000);
const runs = Number(process.argv[4] ?? 6);
const input = yahooInput({ events, ratePerSec: 50_000, windowMs: 10_000, batchIntervalMs: 1000 });
const generated = generatedYahoo(input, 2);
const masters = ['local', 'local-workers[2]'] as const;
const contexts = masters.map((master) => new SparkContext({ master, appName: `speedup-${master}` }));

async function runOnce(sc: SparkContext): Promise<WindowCounts> {
  return engine === 'dstream' ? yahooDStreamGenerated(sc, generated) : (await yahooStructuredGeneratedRun(sc, generated, input.params)).answer;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const wall: number[][] = [[], []];
const perCpu: number[][] = [[], []];
// One warm-up run each (JIT, worker threads' first tasks), not counted.
for (const sc of contexts) await runOnce(sc);
for (let run = 0; run < runs; run++) {
  for (const [m, sc] of contexts.entries()) {
    const cpuBefore = process.cpuUsage();
    const startMs = performance.now();
    const answer = await runOnce(sc);
    const ms = performance.now() - startMs;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const difference = differenceFromExpected({ ...input, expected: generated.expected }, answer);
    if (difference !== undefined) throw new Error(`${engine} on ${masters[m]}: the answer differs from the exact one: ${difference}`);
    wall[m]!.push((events * 1000) / ms);
    perCpu[m]!.push((events * 1000) / cpuMs);
    const line = `${engine} ${masters[m]} run ${run}: ${ms.toFixed(0)} ms, ${Math.round((events * 1000) / ms).toLocaleString('en-US')} records/s, `
      + `${Math.round((events * 1000) / cpuMs).toLocaleString('en-US')} records/CPU-s, load ${os.loadavg()[0]!.toFixed(2)}`;
    process.stdout.write(`${line}\n`);
  }
}
const [localWall, workersWall] = [median(wall[0]!), median(wall[1]!)];
process.stdout.write(`median records/s: local ${Math.round(localWall).toLocaleString('en-US')}, local-workers[2] ${Math.round(workersWall).toLocaleString('en-US')}: `
  + `${(workersWall / localWall).toFixed(2)}x; per CPU-second ${(median(perCpu[1]!) / median(perCpu[0]!)).toFixed(2)}x; `
  + `per-run ratios ${wall[1]!.map((w, i) => (w / wall[0]![i]!).toFixed(2)).join(' ')}\n`);
await Promise.all(contexts.map((sc) => sc.stop()));
