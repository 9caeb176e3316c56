/**
 * Micro-benchmark of the DStream engine: a windowed word count (reduceByKeyAndWindow, naive and
 * with an inverse function) over seeded lines, on `local`, on `local-workers[2]`, and as a
 * hand-written loop, in one run. Spark: the NetworkWordCount / WindowedNetworkWordCount examples.
 *
 * The engine runs in virtual time (a ManualClock moved batch by batch), so the wall time measured
 * is the engine's own work: generating batches, running their jobs, checkpointing. Every run's
 * per-batch output is checked against the loop's.
 *
 * Two more tables time, on `local` and `local-workers[2]`, programs whose input is generated in the
 * tasks (no record crosses a thread): the same word count over bigger batches of lines, and the
 * yahoo program. Issue 8's target 4: worker threads run at least 1.6x as fast as `local` on both.
 *
 * Run: npx tsx bench/dstream.bench.ts [--batches 20] [--lines 2000] [--window 4] [--partitions 4] [--iterations 3] [--warmup 10]
 *   [--generated-lines 20000] [--yahoo-events 500000]
 */
import { Bench } from 'tinybench';
import { InputDStream, ManualClock, Milliseconds, SeededRandom, SparkContext, StreamingContext, bind, namedFunction, type RDD, type Time } from '../src/index.js';
import { advanceBatches, tempDir } from '../src/testing.js';
import { machineInfo } from './harness/machineInfo.js';
import { VOCABULARY } from './workloads/vocabulary.js';
import { generatedYahoo, yahooDStreamGenerated, type GeneratedYahoo } from './perf/yahooDStream.js';
import { yahooInput, type WindowCounts } from './perf/yahooInput.js';

interface Options {
  readonly batches: number;
  readonly lines: number;
  readonly window: number;
  readonly partitions: number;
  readonly iterations: number;
  /** Lines per batch of the word count generated in the tasks (0: skip it). */
  readonly generatedLines: number;
  /** Events of the generated yahoo run (0: skip it). */
  readonly yahooEvents: number;
  /**
   * Untimed runs of each task first. A streaming engine runs warm: with one warm-up run the 20
   * batches of the word count still ran partly in V8's interpreter (20 batches took 28-145 ms in the
   * first runs of a process and 8-14 ms after ~25), so the table measured JIT warm-up, not the engine.
   */
  readonly warmup: number;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  return { batches: value('batches', 20), lines: value('lines', 2000), window: value('window', 4), partitions: value('partitions', 4), iterations: value('iterations', 3), generatedLines: value('generated-lines', 20_000), yahooEvents: value('yahoo-events', 500_000), warmup: value('warmup', 10) };
}

/** Seeded lines of 1 to 10 words, Zipf-like (word i drawn with weight ~ 1 / (i + 1)). */
function generateBatches(options: Options, seed = 42): string[][] {
  const random = new SeededRandom(seed);
  const words = VOCABULARY.slice(0, 64);
  const pick = () => words[Math.min(words.length - 1, Math.floor(Math.exp(random.next() * Math.log(words.length + 1))) - 1)];
  return Array.from({ length: options.batches }, () =>
    Array.from({ length: options.lines }, () => Array.from({ length: 1 + random.nextInt(10) }, pick).join(' ')),
  );
}

type Counts = Map<string, number>;

/**
 * Batch i is the i-th array of lines. Its checkpoint description is the seed, not the lines, so
 * the metadata checkpoint (written every batch with the inverse form) stays small, as it is for a
 * log-backed input. (It is never recovered here, so it registers no factory.)
 */
class LinesInputDStream extends InputDStream<string> {
  constructor(ssc: StreamingContext, readonly batches: string[][], readonly partitions: number) {
    super(ssc);
  }

  compute(validTime: Time): RDD<string> {
    const index = validTime.since(this.zeroTime as Time).div(this.slideDuration) - 1;
    const lines = this.batches[index] ?? [];
    this.reportInput(validTime, lines.length);
    return this.ssc.sparkContext.parallelize(lines, this.partitions);
  }

  describe() {
    return { kind: 'bench.LinesInputDStream', params: { seed: 42, batches: this.batches.length } };
  }
}

/** The hand-written baseline: per-batch counts, then each window summed from its batches. */
function loopWindowedCounts(batches: readonly string[][], window: number): Counts[] {
  const perBatch: Counts[] = batches.map((lines) => {
    const counts: Counts = new Map();
    for (const line of lines) for (const w of line.split(' ')) counts.set(w, (counts.get(w) ?? 0) + 1);
    return counts;
  });
  return perBatch.map((_, i) => {
    const total: Counts = new Map();
    for (let j = Math.max(0, i - window + 1); j <= i; j++) for (const [w, n] of perBatch[j]) total.set(w, (total.get(w) ?? 0) + n);
    return total;
  });
}

/** The DStream pipeline; returns each window's counts. */
async function dstreamWindowedCounts(sc: SparkContext, batches: string[][], options: Options, withInverse: boolean): Promise<Counts[]> {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext(sc, Milliseconds(1000), { clock });
  const output: Counts[] = [];
  try {
    const batch = Milliseconds(1000);
    const window = batch.times(options.window);
    const pairs = new LinesInputDStream(ssc, batches, options.partitions).flatMap((line) => line.split(' ')).map((w) => [w, 1] as [string, number]);
    const counts = withInverse
      ? pairs.reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, window, batch, options.partitions, ([, n]) => n !== 0)
      : pairs.reduceByKeyAndWindow((a, b) => a + b, window, batch, options.partitions);
    if (withInverse) ssc.checkpoint(tempDir('twinstream-dstream-bench-'));
    counts.foreachRDD(namedFunction(`bench.dstream.${withInverse}`, async (rdd: RDD<[string, number]>) => void output.push(new Map(await rdd.collect()))));
    ssc.start();
    await advanceBatches(ssc, batches.length);
    return output;
  } finally {
    await ssc.stop({ stopSparkContext: false });
  }
}

function sameCounts(expected: Counts[], actual: Counts[]): boolean {
  return expected.length === actual.length && expected.every((e, i) => e.size === actual[i].size && [...e].every(([w, n]) => actual[i].get(w) === n));
}

function sameWindowCounts(expected: WindowCounts, actual: WindowCounts): boolean {
  return expected.size === actual.size && [...expected].every(([start, byCampaign]) => {
    const got = actual.get(start);
    return got !== undefined && got.size === byCampaign.size && [...byCampaign].every(([campaign, n]) => got.get(campaign) === n);
  });
}

/** What one generated partition of lines needs; bound to the generator and shipped with it. */
interface GeneratedLinesEnv {
  readonly batch: number;
  readonly partitions: number;
  readonly linesPerBatch: number;
  readonly seed: number;
  readonly words: readonly string[];
}

/**
 * The lines of one partition of one batch, made where the task runs (self-contained: it is shipped
 * to worker threads as source text). Lines of 1 to 10 words, Zipf-like as generateBatches makes
 * them, from a mulberry32 generator seeded by the seed and the line's index, so every master and
 * the driver's answer see the same lines.
 */
function linesPartition(partition: number, env: GeneratedLinesEnv): string[] {
  const first = env.batch * env.linesPerBatch + Math.floor((partition * env.linesPerBatch) / env.partitions);
  const until = env.batch * env.linesPerBatch + Math.floor(((partition + 1) * env.linesPerBatch) / env.partitions);
  let state = (Math.imul(env.seed, 0x9e3779b1) + first) | 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const { words } = env;
  const logWords = Math.log(words.length + 1);
  const out = new Array<string>(until - first);
  for (let line = first; line < until; line++) {
    const length = 1 + Math.floor(next() * 10);
    let text = '';
    for (let w = 0; w < length; w++) text += (w === 0 ? '' : ' ') + words[Math.min(words.length - 1, Math.floor(Math.exp(next() * logWords)) - 1)];
    out[line - first] = text;
  }
  return out;
}

/** Batch i's lines, generated in the tasks by linesPartition. */
class GeneratedLinesDStream extends InputDStream<string> {
  constructor(ssc: StreamingContext, readonly env: Omit<GeneratedLinesEnv, 'batch'>, readonly batches: number) {
    super(ssc);
  }

  compute(validTime: Time): RDD<string> {
    const batch = validTime.since(this.zeroTime as Time).div(this.slideDuration) - 1;
    if (batch >= this.batches) return this.ssc.sparkContext.emptyRDD<string>();
    this.reportInput(validTime, this.env.linesPerBatch);
    return this.ssc.sparkContext.generate(this.env.partitions, bind(linesPartition, { ...this.env, batch }));
  }

  describe() {
    return { kind: 'bench.GeneratedLinesDStream', params: { seed: this.env.seed } };
  }
}

/** The word count over generated lines (naive window, no checkpoint); returns each window's counts. */
async function generatedWindowedCounts(sc: SparkContext, env: Omit<GeneratedLinesEnv, 'batch'>, options: Options): Promise<Counts[]> {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext(sc, Milliseconds(1000), { clock });
  const output: Counts[] = [];
  try {
    const batch = Milliseconds(1000);
    new GeneratedLinesDStream(ssc, env, options.batches)
      .flatMap((line) => line.split(' '))
      .map((w) => [w, 1] as [string, number])
      .reduceByKeyAndWindow((a, b) => a + b, batch.times(options.window), batch, env.partitions)
      .foreachRDD(namedFunction('bench.dstream.generated', async (rdd: RDD<[string, number]>) => void output.push(new Map(await rdd.collect()))));
    ssc.start();
    await advanceBatches(ssc, options.batches);
    return output;
  } finally {
    await ssc.stop({ stopSparkContext: false });
  }
}

/** Times the word count over lines generated in the tasks on each context; prints the table and the ratio to local. */
async function generatedWordCountTable(options: Options, contexts: Record<string, SparkContext>): Promise<void> {
  const env = { partitions: 2, linesPerBatch: options.generatedLines, seed: 42, words: VOCABULARY.slice(0, 64) };
  const batches = Array.from({ length: options.batches }, (_, batch) => [0, 1].flatMap((partition) => linesPartition(partition, { ...env, batch })));
  const expected = loopWindowedCounts(batches, options.window);
  const words = batches.flat().reduce((n, line) => n + line.split(' ').length, 0);
  const bench = new Bench({ name: 'dstream word count, generated in the tasks', iterations: options.iterations, time: 0, warmupIterations: Math.min(options.warmup, 2), warmupTime: 0, throws: true });
  for (const [master, sc] of Object.entries(contexts)) {
    bench.add(`word count generated in tasks, ${master}`, async () => {
      if (!sameCounts(expected, await generatedWindowedCounts(sc, env, options))) throw new Error(`${master}: generated word counts differ from the loop's`);
    });
  }
  await bench.run();
  const means = bench.tasks.map((task) => {
    if (task.result.state !== 'completed') throw new Error(`${task.name} did not complete: ${task.result.state}`);
    return task.result.latency.mean;
  });
  console.log(`
word count, ${options.batches} batches x ${options.generatedLines.toLocaleString('en-US')} lines (${words.toLocaleString('en-US')} words) generated in the tasks (sc.generate, 2 partitions), window ${options.window} batches, ${options.iterations} iterations`);
  console.table(bench.tasks.map((task, i) => ({
    task: task.name,
    'mean ms': means[i].toFixed(1),
    'words/s': Math.round((words * 1000) / means[i]).toLocaleString('en-US'),
    'x local': (means[0] / means[i]).toFixed(2),
  })));
}

/** Times the generated yahoo run on each context; prints the table and the local-workers / local ratio. */
async function generatedYahooTable(options: Options, contexts: Record<string, SparkContext>): Promise<void> {
  const input = yahooInput({ events: options.yahooEvents, ratePerSec: 50_000, windowMs: 10_000, batchIntervalMs: 1000 });
  const run: GeneratedYahoo = generatedYahoo(input, 2);
  // At most 2 warm-up runs here: each is a second or more, and both masters warm up alike.
  const bench = new Bench({ name: 'dstream yahoo, generated in the tasks', iterations: options.iterations, time: 0, warmupIterations: Math.min(options.warmup, 2), warmupTime: 0, throws: true });
  for (const [master, sc] of Object.entries(contexts)) {
    bench.add(`yahoo generated in tasks, ${master}`, async () => {
      if (!sameWindowCounts(run.expected, await yahooDStreamGenerated(sc, run))) throw new Error(`${master}: yahoo counts differ from the exact answer`);
    });
  }
  await bench.run();
  const means = bench.tasks.map((task) => {
    if (task.result.state !== 'completed') throw new Error(`${task.name} did not complete: ${task.result.state}`);
    return task.result.latency.mean;
  });
  console.log(`\nyahoo, ${options.yahooEvents.toLocaleString('en-US')} events generated in the tasks (sc.generate per batch, 2 partitions), ${options.iterations} iterations`);
  console.table(bench.tasks.map((task, i) => ({
    task: task.name,
    'mean ms': means[i].toFixed(1),
    'records/s': Math.round((options.yahooEvents * 1000) / means[i]).toLocaleString('en-US'),
    'x local': (means[0] / means[i]).toFixed(2),
  })));
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const batches = generateBatches(options);
  const expected = loopWindowedCounts(batches, options.window);
  const totalLines = options.batches * options.lines;
  const totalWords = batches.flat().reduce((n, line) => n + line.split(' ').length, 0);
  const contexts = { local: new SparkContext({ master: 'local' }), 'local-workers[2]': new SparkContext({ master: 'local-workers[2]' }) };

  const bench = new Bench({ name: 'dstream windowed word count', iterations: options.iterations, time: 0, warmupIterations: options.warmup, warmupTime: 0, throws: true });
  bench.add('hand-written loop', () => {
    loopWindowedCounts(batches, options.window);
  });
  for (const [master, sc] of Object.entries(contexts)) {
    for (const withInverse of [false, true]) {
      bench.add(`${master} reduceByKeyAndWindow${withInverse ? ' with inverse' : ''}`, async () => {
        const actual = await dstreamWindowedCounts(sc, batches, options, withInverse);
        if (!sameCounts(expected, actual)) throw new Error(`${master}: windowed counts differ from the loop's`);
      });
    }
  }
  await bench.run();

  const machine = machineInfo();
  console.log(
    `Node ${machine.node}, ${machine.cpuModel}, ${machine.cores} cores; ${options.batches} batches x ${options.lines} lines (${totalWords.toLocaleString('en-US')} words), ` +
      `window ${options.window} batches, ${options.partitions} partitions, ${options.warmup} warm-up runs, ${options.iterations} iterations`,
  );
  const loopMs = bench.tasks[0].result.state === 'completed' ? bench.tasks[0].result.latency.mean : NaN;
  console.table(
    bench.tasks.map((task) => {
      if (task.result.state !== 'completed') throw new Error(`${task.name} did not complete: ${task.result.state}`);
      const meanMs = task.result.latency.mean;
      return {
        task: task.name,
        'mean ms': meanMs.toFixed(1),
        'p99 ms': task.result.latency.p99.toFixed(1),
        'records/s (lines)': Math.round((totalLines * 1000) / meanMs).toLocaleString('en-US'),
        'words/s': Math.round((totalWords * 1000) / meanMs).toLocaleString('en-US'),
        'x loop time': (meanMs / loopMs).toFixed(1),
      };
    }),
  );
  if (options.generatedLines > 0) await generatedWordCountTable(options, contexts);
  if (options.yahooEvents > 0) await generatedYahooTable(options, contexts);
  await Promise.all(Object.values(contexts).map((sc) => sc.stop()));
}

await main();
