/**
 * Target 5's step (measureMaxRateLatency) in a child process of its own, as the micro-benchmarks
 * run. Its trials are real time: in the suite's process they ran after the 10M-event curves with the
 * yahoo input still live, and the collections of that heap stalled the feed (feed p99 200-350 ms late
 * in the half-rate runs, against 20-40 ms for the same step run alone). No Spark counterpart.
 *
 * The child prints one `trial <engine>` line per trial (the parent's progress) and its result as the
 * last line, `result <json>`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { measureMaxRateLatency } from './maxRateLatency.js';
import type { MaxRateLatency, MaxRateLatencyOptions } from './maxRateLatency.js';

const TRIAL = 'trial ';
const RESULT = 'result ';

/** Runs the step in a fresh process; `onTrial` is told the engine of each trial as it ends. */
export function measureMaxRateLatencyInChild(options: Omit<MaxRateLatencyOptions, 'onTrial'>, onTrial: (engine: string) => void): Promise<MaxRateLatency> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let result: MaxRateLatency | undefined;
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(TRIAL)) onTrial(line.slice(TRIAL.length));
        else if (line.startsWith(RESULT)) result = JSON.parse(line.slice(RESULT.length)) as MaxRateLatency;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('close', (code) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`the max-rate step's process exited with code ${code} and no result: ${errors.trim() || 'no output on stderr'}`));
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = JSON.parse(process.argv[2] ?? '{}') as Omit<MaxRateLatencyOptions, 'onTrial'>;
  const result = await measureMaxRateLatency({ ...options, onTrial: (engine) => console.log(`${TRIAL}${engine}`) });
  console.log(`${RESULT}${JSON.stringify(result)}`);
}
