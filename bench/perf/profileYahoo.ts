/**
 * Runs one engine's yahoo run a few times in a process of its own, for `node --cpu-prof`:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/perf/profileYahoo.ts structured [events]
 * (engines: loop, rxjs, structured, dstream, dstream-workers, structured-generated,
 * structured-generated-workers; the generated ones read events made in the tasks from a seed)
 * then `npx tsx bench/perf/cpuProfileSummary.ts /tmp/prof/<file>.cpuprofile`. Structured on prepared
 * events: WALL=1 times each phase on the system clock, SHM=1 puts the checkpoint in /dev/shm,
 * DRIVE=processAllAvailable feeds the query the earlier way (yahooStructured.ts), RATE=n
 * makes batches of n events (RATE=100 over 20000 events: 200 batches, the per-batch fixed cost).
 * PROFILE_DIR=dir profiles the runs after the first in-process (node:inspector) into dir/<engine>-warm.cpuprofile,
 * so the profile holds the timed runs alone, without module loading, input generation and the cold first run. No Spark counterpart
 * (Spark profiles with async-profiler flame graphs of an executor).
 */
import * as fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { SparkContext, SystemClock } from '../../src/index.js';
import { yahooLoop, yahooRxjs } from './yahooBaselines.js';
import { generatedYahoo, yahooDStream } from './yahooDStream.js';
import { differenceFromExpected, yahooInput } from './yahooInput.js';
import type { WindowCounts } from './yahooInput.js';
import { MEMORY_CHECKPOINT_ROOT, yahooStructuredGeneratedRun, yahooStructuredRun } from './yahooStructured.js';
import type { StructuredDrive } from './yahooStructured.js';

const engine = process.argv[2] ?? 'structured';
const events = Number(process.argv[3] ?? 1_000_000);
const runs = Number(process.argv[4] ?? 3);
// RATE=100 with 20000 events makes 200 micro-batches of 100 events: the per-batch fixed cost.
const input = yahooInput({ events, ratePerSec: Number(process.env['RATE'] ?? 50_000), windowMs: 10_000, batchIntervalMs: 1000 });
const generated = engine.startsWith('structured-generated') ? generatedYahoo(input, 2) : undefined;
const usesContext = engine.startsWith('dstream') || generated !== undefined;
const sc = usesContext ? new SparkContext({ master: engine.endsWith('-workers') ? 'local-workers[2]' : 'local' }) : undefined;
const profileDir = process.env['PROFILE_DIR'];
const inspector = profileDir ? new Session() : undefined;
for (let i = 0; i < runs; i++) {
  if (inspector && i === Math.min(1, runs - 1)) {
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
  }
  // Wall time of one run, printed for the person profiling.
  const startMs = performance.now();
  const cpuBefore = process.cpuUsage();
  let answer: WindowCounts;
  let phaseLine: string | undefined;
  if (engine === 'loop') answer = yahooLoop(input);
  else if (engine === 'rxjs') answer = yahooRxjs(input);
  else if (sc && generated) answer = (await yahooStructuredGeneratedRun(sc, generated, input.params)).answer;
  else if (sc) answer = await yahooDStream(sc, input, 2);
  else {
    const checkpointRoot = process.env['SHM'] ? MEMORY_CHECKPOINT_ROOT : undefined;
    const drive = (process.env['DRIVE'] ?? 'trigger') as StructuredDrive;
    const run = await yahooStructuredRun(input, 2, 'local', process.env['WALL'] ? new SystemClock() : undefined, checkpointRoot, drive);
    answer = run.answer;
    const phases: Record<string, number> = {};
    for (const p of run.progress) for (const [phase, ms] of Object.entries(p.durationMs)) phases[phase] = (phases[phase] ?? 0) + ms;
    phaseLine = `${run.progress.length} batches, ms per phase: ${JSON.stringify(phases)}`;
  }
  // Measured before anything is printed: writing to a pipe is no work of the engine.
  const ms = performance.now() - startMs;
  const cpu = process.cpuUsage(cpuBefore);
  if (phaseLine !== undefined) console.log(phaseLine);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(`${engine} run ${i}: ${ms.toFixed(0)} ms, ${Math.round((events * 1000) / ms).toLocaleString('en-US')} records/s, `
    + `${Math.round((events * 1000) / cpuMs).toLocaleString('en-US')} records/CPU-s, load ${os.loadavg()[0]!.toFixed(2)}, ${differenceFromExpected(generated ? { ...input, expected: generated.expected } : input, answer) ?? 'answer OK'}`);
}
if (inspector && profileDir) {
  const { profile } = await inspector.post('Profiler.stop');
  fs.mkdirSync(profileDir, { recursive: true });
  fs.writeFileSync(path.join(profileDir, `${engine}-warm.cpuprofile`), JSON.stringify(profile));
  inspector.disconnect();
}
await sc?.stop();
