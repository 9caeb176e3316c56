/**
 * Target 5's scavenges taken apart: the continuous filter at one rate (runRateTrial, as
 * latencyAtRate runs it), in a child process with V8's --trace-gc-nvp, and per run the median of
 * each scavenge phase among the scavenges inside the run's input window (first delivery to last
 * output row). "other" is the scavenge's time outside the phases V8 names; on this machine it is
 * the main thread's walk over every old-generation page (ScavengerCollector::CollectGarbage's own
 * samples under perf), so it grows with the heap the process holds. No Spark counterpart.
 *
 * Beside them, how long the main thread waited for a CPU while the input ran (Linux's
 * /proc/thread-self/schedstat, read every 2 ms): on a machine shared with other benchmarks that
 * wait, not the collector, sets the p99.
 *
 * Usage: npx tsx bench/perf/continuousGcTrace.ts [rate=600000] [durationMs=1500] [runs=3] [--node=<flag>]...
 *   --node=<flag>: a V8 flag for the child, e.g. --node=--no-parallel-scavenge --node=--max-semi-space-size=64
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { runRateTrial } from '../engines/maxRate/rateTrial.js';
import { trialLatencies } from '../engines/maxRate/trialLatencies.js';
import { filter } from '../workloads/filter.js';

const CHILD = '--child';
const args = process.argv.slice(2);
const [rateText = '600000', durationText = '1500', runsText = '3'] = args.filter((a) => !a.startsWith('--'));

/** One scavenge line of --trace-gc-nvp: its isolate, its time (ms since the isolate started) and its fields. */
interface NvpLine {
  readonly isolate: string;
  readonly atMs: number;
  readonly fields: Map<string, string>;
}

function parseNvp(line: string): NvpLine | undefined {
  const head = /^\[(\d+:0x[0-9a-f]+)\]\s+(\d+) ms: /.exec(line);
  if (!head) return undefined;
  const fields = new Map<string, string>();
  for (const [, name, value] of line.slice(head[0].length).matchAll(/(\S+?)=(\S+)/g)) fields.set(name as string, value as string);
  return { isolate: head[1] as string, atMs: Number(head[2]), fields };
}

const NAMED_PHASES = ['scavenge.roots', 'scavenge.parallel', 'scavenge.weak', 'scavenge.update_refs', 'scavenge.sweep_array_buffers', 'scavenge.free_remembered_set', 'scavenge.weak_global_handles.identify', 'scavenge.weak_global_handles.process'];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : (sorted[Math.floor((sorted.length - 1) / 2)] as number);
}

/** The child's output read: the calibration (a forced mark-compact at a known performance.now()), then each run's window and scavenges. */
function summarize(lines: readonly string[]): void {
  const calibrateAt = lines.findIndex((l) => l.startsWith('CALIBRATE '));
  const forced = lines.slice(0, calibrateAt).map(parseNvp).filter((l) => l?.fields.get('gc') === 'mc').pop();
  if (calibrateAt < 0 || !forced) throw new Error('continuousGcTrace: the child printed no calibration (CALIBRATE after a forced mark-compact)');
  const [before, after] = (lines[calibrateAt] as string).split(' ').slice(1).map(Number) as [number, number];
  const offsetMs = forced.atMs - (before + after) / 2;
  const scavenges = lines.map(parseNvp).filter((l): l is NvpLine => l?.isolate === forced.isolate && l.fields.get('gc') === 's');
  for (const line of lines) {
    if (line.startsWith('RUN ') || line.startsWith('  cpu wait')) console.log(line.startsWith('RUN ') ? line.slice(4) : line);
    if (!line.startsWith('WINDOW ')) continue;
    const [, run, startText, endText] = line.split(' ');
    const startMs = Number(startText) + offsetMs;
    const endMs = Number(endText) + offsetMs;
    const inside = scavenges.filter((s) => s.atMs >= startMs && s.atMs <= endMs);
    const field = (s: NvpLine, name: string) => Number(s.fields.get(name) ?? 0);
    const med = (name: string) => median(inside.map((s) => field(s, name)));
    const other = median(inside.map((s) => field(s, 'scavenge') - NAMED_PHASES.reduce((sum, name) => sum + field(s, name), 0)));
    // What was allocated between the window's first and last scavenge (the first one's count starts before the window).
    const allocatedMb = inside.slice(1).reduce((sum, s) => sum + field(s, 'allocated'), 0) / 1e6;
    const allocatingMs = inside.length > 1 ? (inside[inside.length - 1] as NvpLine).atMs - (inside[0] as NvpLine).atMs : NaN;
    console.log(
      `  run ${run}: ${inside.length} scavenges in ${(endMs - startMs).toFixed(0)} ms (${((endMs - startMs) / Math.max(1, inside.length)).toFixed(0)} ms apart, ${(allocatedMb / (allocatingMs / 1000)).toFixed(0)} MB/s allocated); `
      + `median pause ${med('pause').toFixed(2)} ms (longest ${Math.max(0, ...inside.map((s) => field(s, 'pause'))).toFixed(1)}): roots ${med('scavenge.roots').toFixed(2)}, parallel ${med('scavenge.parallel').toFixed(2)} `
      + `(helpers ${med('background.scavenge.parallel').toFixed(2)}), other ${other.toFixed(2)}; survived ${(med('new_space_survived') / 1e3).toFixed(0)} KB, promoted ${(med('promoted') / 1e3).toFixed(0)} KB, heap ${(med('total_size_before') / 1e6).toFixed(0)} MB`,
    );
  }
}

if (args.includes(CHILD)) {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('continuousGcTrace: the child needs --expose-gc');
  const ratePerSec = Number(rateText);
  const setup = { engine: 'continuous', workload: filter, batchIntervalMs: 100, seed: filter.defaultSeed };
  await runRateTrial({ ...setup, ratePerSec, durationMs: 1000 });
  const before = performance.now();
  gc();
  console.log(`CALIBRATE ${before} ${performance.now()}`);
  // The main thread's time waiting on the run queue (ns, the second field), and when it was read.
  const waitedMs = (): number => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  for (let run = 1; run <= Number(runsText); run++) {
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    let window: [number, number] = [0, 0];
    const waits: [number, number][] = [];
    const sampler = setInterval(() => waits.push([performance.now(), waitedMs()]), 2);
    const trial = await runRateTrial({ ...setup, ratePerSec, durationMs: Number(durationText), onFeedWindow: (startMs, endMs) => (window = [startMs, endMs]) });
    clearInterval(sampler);
    const inside = waits.filter(([atMs]) => atMs >= window[0] && atMs <= window[1]).map(([, ms]) => ms);
    const longest = inside.reduce((most, ms, i) => (i === 0 ? 0 : Math.max(most, ms - (inside[i - 1] as number))), 0);
    console.log(`RUN run ${run}, ${ratePerSec}/s: ${trialLatencies(trial.measured)}, ${trial.isSustained ? 'sustained' : 'behind'}, load ${load}`);
    console.log(`  cpu wait: the main thread waited for a CPU ${((inside[inside.length - 1] ?? 0) - (inside[0] ?? 0)).toFixed(1)} ms of the input's ${(window[1] - window[0]).toFixed(0)} ms, at most ${longest.toFixed(1)} ms between two samples`);
    console.log(`WINDOW ${run} ${window[0]} ${window[1]}`);
  }
} else {
  const nodeFlags = args.filter((a) => a.startsWith('--node=')).map((a) => a.slice('--node='.length));
  const child = spawn(process.execPath, ['--expose-gc', '--trace-gc-nvp', ...nodeFlags, '--import', 'tsx', fileURLToPath(import.meta.url), CHILD, rateText, durationText, runsText], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`continuousGcTrace: the child exited with code ${code}`);
  console.log(`continuous filter ${rateText}/s, ${durationText} ms runs${nodeFlags.length > 0 ? `, node ${nodeFlags.join(' ')}` : ''}:`);
  summarize(output.split('\n'));
}
