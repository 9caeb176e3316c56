/**
 * Issue 8 target 4 measured by hand: the yahoo query over events generated in the tasks, on
 * `local` and `local-workers[2]`, runs interleaved (local, workers, local, ...) in one process so
 * both meet the same load, each answer checked against the exact one. Prints records/s, records
 * per CPU-second (process.cpuUsage: every thread of the process) and the load average per run,
 * then the medians and their ratio. Because the load of a shared 2-core machine decides the wall
 * ratio, it also reads each thread's CPU time (/proc/self/task, Linux) and estimates the run on an
 * idle machine as driver CPU + busiest other thread's CPU (the driver's and the executors' work of a
 * micro-batch take turns; the executor threads work side by side):
 *   npx tsx bench/perf/generatedSpeedup.ts structured|dstream [events] [runs]
 * No Spark counterpart.
 */
import * as fs from 'node:fs';
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

/** CPU ms of every thread of this process, by thread id (clock ticks of 10 ms); empty off Linux. */
function threadCpuMs(): Map<number, number> {
  const out = new Map<number, number>();
  if (!fs.existsSync('/proc/self/task')) return out;
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/** Driver CPU + the busiest other thread's CPU between two snapshots: the run's length on an idle machine, roughly. */
function idleEstimateMs(before: Map<number, number>, after: Map<number, number>): { driverMs: number; busiestOtherMs: number } {
  let driverMs = 0;
  let busiestOtherMs = 0;
  for (const [tid, ms] of after) {
    const used = ms - (before.get(tid) ?? 0);
    if (tid === process.pid) driverMs = used;
    else busiestOtherMs = Math.max(busiestOtherMs, used);
  }
  return { driverMs, busiestOtherMs };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const wall: number[][] = [[], []];
const perCpu: number[][] = [[], []];
const idle: number[][] = [[], []];
// One warm-up run each (JIT, worker threads' first tasks), not counted.
for (const sc of contexts) await runOnce(sc);
for (let run = 0; run < runs; run++) {
  for (const [m, sc] of contexts.entries()) {
    const threadsBefore = threadCpuMs();
    const cpuBefore = process.cpuUsage();
    const startMs = performance.now();
    const answer = await runOnce(sc);
    const ms = performance.now() - startMs;
    const cpu = process.cpuUsage(cpuBefore);
    const { driverMs, busiestOtherMs } = idleEstimateMs(threadsBefore, threadCpuMs());
    // Inline executors run on the driver thread; other threads there are GC helpers, not executors.
    const estimateMs = m === 0 ? driverMs : driverMs + busiestOtherMs;
    idle[m]!.push(estimateMs);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const difference = differenceFromExpected({ ...input, expected: generated.expected }, answer);
    if (difference !== undefined) throw new Error(`${engine} on ${masters[m]}: the answer differs from the exact one: ${difference}`);
    wall[m]!.push((events * 1000) / ms);
    perCpu[m]!.push((events * 1000) / cpuMs);
    const line = `${engine} ${masters[m]} run ${run}: ${ms.toFixed(0)} ms, ${Math.round((events * 1000) / ms).toLocaleString('en-US')} records/s, `
      + `${Math.round((events * 1000) / cpuMs).toLocaleString('en-US')} records/CPU-s, driver thread ${driverMs} ms CPU, busiest other thread ${busiestOtherMs} ms, `
      + `load ${os.loadavg()[0]!.toFixed(2)}`;
    process.stdout.write(`${line}\n`);
  }
}
const [localWall, workersWall] = [median(wall[0]!), median(wall[1]!)];
process.stdout.write(`median records/s: local ${Math.round(localWall).toLocaleString('en-US')}, local-workers[2] ${Math.round(workersWall).toLocaleString('en-US')}: `
  + `${(workersWall / localWall).toFixed(2)}x; per CPU-second ${(median(perCpu[1]!) / median(perCpu[0]!)).toFixed(2)}x; `
  + `per-run ratios ${wall[1]!.map((w, i) => (w / wall[0]![i]!).toFixed(2)).join(' ')}; `
  + `idle-machine estimate (driver + busiest thread CPU) ${(median(idle[0]!) / median(idle[1]!)).toFixed(2)}x\n`);
await Promise.all(contexts.map((sc) => sc.stop()));
