/**
 * Target 5's step (measureMaxRateLatency) in a child process of its own, as the micro-benchmarks
 * run. Its trials are real time: in the suite's process they ran after the 10M-event curves with the
 * yahoo input still live, and the collections of that heap stalled the feed (feed p99 200-350 ms late
 * in the half-rate runs, against 20-40 ms for the same step run alone). No Spark counterpart.
 *
 * The child prints one `trial <engine>` line per trial (the parent's progress) and its result as the
 * last line, `result <json>`.
 */
import { isStepProcess, printStepResult, runStepInChild, stepOptions } from './childStep.js';
import { measureMaxRateLatency } from './maxRateLatency.js';
import type { MaxRateLatency, MaxRateLatencyOptions } from './maxRateLatency.js';

const TRIAL = 'trial ';

/** Runs the step in a fresh process; `onTrial` is told the engine of each trial as it ends. */
export function measureMaxRateLatencyInChild(options: Omit<MaxRateLatencyOptions, 'onTrial'>, onTrial: (engine: string) => void): Promise<MaxRateLatency> {
  return runStepInChild<MaxRateLatency>(import.meta.url, 'max-rate', options, (line) => {
    if (line.startsWith(TRIAL)) onTrial(line.slice(TRIAL.length));
  });
}

if (isStepProcess(import.meta.url)) {
  const options = stepOptions<Omit<MaxRateLatencyOptions, 'onTrial'>>();
  printStepResult(await measureMaxRateLatency({ ...options, onTrial: (engine) => console.log(`${TRIAL}${engine}`) }));
}
