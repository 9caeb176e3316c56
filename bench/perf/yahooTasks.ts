/**
 * The end-to-end yahoo tasks of `npm run bench`: the hand loop, RxJS, the DStream engine on
 * `local` and `local-workers[2]`, and the Structured engine on `local`, over the same prepared
 * batches, each answer checked against the exact one. The Structured runs keep their last
 * progress so the report can split a batch's time per phase (Spark's durationMs).
 *
 * Both engines also run as workload `yahoo-generated`, the events generated inside the tasks from
 * a seed (DStream: an input DStream over sc.generate; Structured: format `yahoo-generated`, a
 * source whose partitions are read on the executors): prepared event objects must cross into a
 * worker thread by structured clone, which costs more than the whole `local` run, so only input
 * read on the executors can show what `local-workers[2]` adds (issue 8, target 4).
 *
 * The Structured query runs once more with its checkpoint in memory (/dev/shm, where the machine
 * has it): the difference to the run on disk is what the model's per-batch files cost here.
 */
import { SparkContext, SystemClock } from '../../src/index.js';
import type { StreamingQueryProgress } from '../../src/index.js';
import { MEMORY_CHECKPOINT_ENGINE, type PerfTask } from './PerfTask.js';
import { yahooLoop, yahooRxjs } from './yahooBaselines.js';
import { generatedYahoo, yahooDStream, yahooDStreamGenerated } from './yahooDStream.js';
import { differenceFromExpected, yahooInput } from './yahooInput.js';
import type { WindowCounts, YahooInput, YahooSizes } from './yahooInput.js';
import { MEMORY_CHECKPOINT_ROOT, yahooStructuredGeneratedRun, yahooStructuredRun } from './yahooStructured.js';

/** The tasks, the contexts they hold, and the Structured engine's last progress per batch. */
export interface YahooSuite {
  readonly input: YahooInput;
  readonly tasks: readonly PerfTask[];
  /** The durationMs of every batch of the most recent Structured run. */
  lastStructuredProgress(): readonly StreamingQueryProgress[];
  stop(): Promise<void>;
}

function check(input: YahooInput, engine: string, answer: WindowCounts): void {
  const difference = differenceFromExpected(input, answer);
  if (difference !== undefined) throw new Error(`yahoo on ${engine}: the answer differs from the exact one: ${difference}`);
}

/** Builds the yahoo tasks over `sizes`; `partitions` is the RDD/shuffle partition count. */
export function yahooSuite(sizes: YahooSizes, partitions: number): YahooSuite {
  const input = yahooInput(sizes);
  const contexts = new Map<string, SparkContext>();
  const contextOf = (master: string): SparkContext => {
    let sc = contexts.get(master);
    if (sc === undefined) contexts.set(master, (sc = new SparkContext({ master, appName: `perf-yahoo-${master}` })));
    return sc;
  };
  let progress: readonly StreamingQueryProgress[] = [];
  const task = (engine: string, master: string, run: () => Promise<void> | void, workload = 'yahoo'): PerfTask => ({
    name: `${workload} / ${engine} / ${master}`, workload, engine, master, records: sizes.events, run,
  });
  const generated = generatedYahoo(input, partitions);
  const tasks: PerfTask[] = [
    task('loop', '-', () => check(input, 'loop', yahooLoop(input))),
    task('rxjs', '-', () => check(input, 'rxjs', yahooRxjs(input))),
    ...['local', 'local-workers[2]'].map((master) => task('dstream', master, async () => check(input, `dstream ${master}`, await yahooDStream(contextOf(master), input, partitions)))),
    ...['local', 'local-workers[2]'].map((master) => task('dstream', master, async () => {
      const difference = differenceFromExpected({ ...input, expected: generated.expected }, await yahooDStreamGenerated(contextOf(master), generated));
      if (difference !== undefined) throw new Error(`yahoo generated in tasks on dstream ${master}: the answer differs from the exact one: ${difference}`);
    }, 'yahoo-generated')),
    ...['local', 'local-workers[2]'].map((master) => task('structured', master, async () => {
      const run = await yahooStructuredGeneratedRun(contextOf(master), generated, input.params);
      const difference = differenceFromExpected({ ...input, expected: generated.expected }, run.answer);
      if (difference !== undefined) throw new Error(`yahoo generated in tasks on structured ${master}: the answer differs from the exact one: ${difference}`);
    }, 'yahoo-generated')),
    task('structured', 'local', async () => {
      // A system clock so each batch's durationMs per phase is real (a ManualClock reads 0 for all).
      const run = await yahooStructuredRun(input, partitions, 'local', new SystemClock());
      progress = run.progress;
      check(input, 'structured', run.answer);
    }),
    ...(MEMORY_CHECKPOINT_ROOT === undefined ? [] : [task(MEMORY_CHECKPOINT_ENGINE, 'local', async () => {
      check(input, MEMORY_CHECKPOINT_ENGINE, (await yahooStructuredRun(input, partitions, 'local', new SystemClock(), MEMORY_CHECKPOINT_ROOT)).answer);
    })]),
  ];
  return {
    input,
    tasks,
    lastStructuredProgress: () => progress,
    async stop() {
      await Promise.all([...contexts.values()].map((sc) => sc.stop()));
    },
  };
}
