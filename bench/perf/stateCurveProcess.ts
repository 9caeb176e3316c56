/**
 * The suite's Structured state step (issue 8 targets 6 and 8) in a child process of its own: the
 * linearity sizes (stateLinearityInterleaved: several runs per size, interleaved, pooled), then the
 * two 10M-event state curves (with and without a watermark; their heap from a second run).
 * No Spark counterpart.
 *
 * Why a process of its own: in the suite's process the yahoo step's prepared events and answers
 * (~185 MB live after a full collection) stay reachable to the end, and each of V8's major
 * collections during the curves then marks them: 200-220 ms of marking per collection against
 * ~15-25 ms in a fresh process, so the run a collection falls in is slower by that much. A 1M run
 * caught one or none by chance (run D's 393 ms first batch; 5-26% between 1M and 10M over the
 * session's full runs). The max-rate step runs in a child for the same reason.
 *
 * The child prints one `unit` line per measured batch (the parent's progress) and its result as the
 * last line, `result <json>`.
 */
import { isStepProcess, printStepResult, runStepInChild, stepOptions } from './childStep.js';
import { stateCurve } from './stateCurve.js';
import type { StateCurve } from './stateCurve.js';
import { linearityBatches, stateLinearityInterleaved } from './stateLinearity.js';

/** What the step runs. */
export interface StateStepOptions {
  readonly batchSize: number;
  readonly keys: number;
  readonly msPerEvent: number;
  /** Events of each state curve (10M in the full suite). */
  readonly curveEvents: number;
  /** Events of the unmeasured run before each curve and before the linearity rounds. */
  readonly warmUpEvents: number;
  /** The linearity sizes (none: the step runs only the curves). */
  readonly linearityEvents: readonly number[];
  /** Measured runs per linearity size: at least this many (default 3) and at least minEventsMeasured events (default 10M). */
  readonly minRuns?: number;
  readonly minEventsMeasured?: number;
}

/** The curves (with a watermark first) and the pooled linearity sizes, smallest first. */
export interface StateStep {
  readonly curves: StateCurve[];
  readonly linearity: StateCurve[];
}

/** Progress units the step reports: every measured batch (the curves' heap runs included). */
export function stateStepUnits(options: StateStepOptions): number {
  const curveBatches = Math.ceil(options.curveEvents / options.batchSize);
  return 4 * curveBatches + (options.linearityEvents.length === 0 ? 0 : linearityBatches(options.linearityEvents, options));
}

/** Runs the step in this process; `onUnit` is told after every measured batch. */
export async function measureStateStep(options: StateStepOptions, onUnit: () => void): Promise<StateStep> {
  const sizes = { batchSize: options.batchSize, keys: options.keys, msPerEvent: options.msPerEvent };
  const sorted = [...options.linearityEvents].sort((a, b) => a - b);
  const linearity = sorted.length === 0 ? [] : await stateLinearityInterleaved(sorted, {
    ...sizes, warmUpEvents: options.warmUpEvents, minRuns: options.minRuns, minEventsMeasured: options.minEventsMeasured, onBatch: onUnit,
  });
  const curves: StateCurve[] = [];
  for (const withWatermark of [true, false]) {
    curves.push(await stateCurve({ ...sizes, events: options.curveEvents, withWatermark, warmUpEvents: options.warmUpEvents, onBatch: onUnit, onHeapRunBatch: onUnit }));
  }
  // The watermark curve's thirds (target 8) pooled over the linearity runs of its size, when there are some.
  const same = linearity.find((c) => c.options.events === options.curveEvents && c.pooled !== undefined);
  if (same && curves[0]) {
    curves[0] = { ...curves[0], thirdsRecordsPerSec: same.thirdsRecordsPerSec, ...(same.thirdsRecordsPerCpuSec ? { thirdsRecordsPerCpuSec: same.thirdsRecordsPerCpuSec } : {}), thirdsRuns: same.pooled!.runs };
  }
  return { curves, linearity };
}

const UNIT = 'unit';

/** Runs the step in a fresh process (see the file comment); `onUnit` is told after every measured batch. */
export function measureStateStepInChild(options: StateStepOptions, onUnit: () => void): Promise<StateStep> {
  return runStepInChild<StateStep>(import.meta.url, 'state', options, (line) => {
    if (line === UNIT) onUnit();
  });
}

if (isStepProcess(import.meta.url)) printStepResult(await measureStateStep(stepOptions<StateStepOptions>(), () => console.log(UNIT)));
