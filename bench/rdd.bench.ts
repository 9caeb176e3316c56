/**
 * Micro-benchmark of the RDD core: a reduceByKey word count over 1M seeded words, on `local`,
 * on `local-workers[2]`, and as a hand-written loop, in one run. Spark: the classic WordCount.
 *
 * Two sources per master: `parallelize` (the driver slices an array, so on worker executors every
 * row crosses a thread as a structured-clone copy) and `generate` (each executor makes its own
 * words from the partition index, so only a function crosses). The gap between the two on
 * `local-workers[2]` is the cost of shipping rows.
 *
 * Run: npx tsx bench/rdd.bench.ts [--words 1000000] [--partitions 4] [--iterations 5]
 */
import { loadavg } from 'node:os';
import { Bench } from 'tinybench';
import { SparkContext, bind, type RDD } from '../src/index.js';
import { machineInfo } from './harness/machineInfo.js';
import { VOCABULARY } from './workloads/vocabulary.js';

interface Options {
  readonly words: number;
  readonly partitions: number;
  readonly iterations: number;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  return { words: value('words', 1_000_000), partitions: value('partitions', 4), iterations: value('iterations', 5) };
}

/** Word i of the workload: a fixed integer hash of i picks a vocabulary word, so every source agrees. */
function wordsOfPartition(partition: number, env: { total: number; partitions: number; vocabulary: readonly string[] }): string[] {
  const from = Math.floor((partition * env.total) / env.partitions);
  const until = Math.floor(((partition + 1) * env.total) / env.partitions);
  const out = new Array<string>(until - from);
  for (let i = from; i < until; i++) {
    let h = Math.imul(i ^ (i >>> 16), 0x45d9f3b);
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
    out[i - from] = env.vocabulary[((h ^ (h >>> 16)) >>> 0) % env.vocabulary.length];
  }
  return out;
}

/** The hand-written baseline: one pass, one Map. */
function loopCount(words: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

function wordCount(words: RDD<string>, partitions: number): Promise<[string, number][]> {
  return words
    .map((w) => [w, 1] as [string, number])
    .reduceByKey((a, b) => a + b, partitions)
    .collect();
}

function sameCounts(expected: Map<string, number>, actual: [string, number][]): boolean {
  return actual.length === expected.size && actual.every(([w, n]) => expected.get(w) === n);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const env = { total: options.words, partitions: options.partitions, vocabulary: VOCABULARY };
  const words = Array.from({ length: options.partitions }, (_, p) => wordsOfPartition(p, env)).flat();
  const expected = loopCount(words);
  const contexts = { local: new SparkContext({ master: 'local' }), 'local-workers[2]': new SparkContext({ master: 'local-workers[2]' }) };
  const generator = bind(wordsOfPartition, env);

  const bench = new Bench({ name: 'rdd word count', iterations: options.iterations, time: 0, warmupIterations: 1, warmupTime: 0, throws: true });
  bench.add('hand-written loop', () => {
    loopCount(words);
  });
  for (const [master, sc] of Object.entries(contexts)) {
    const check = async (result: [string, number][]) => {
      if (!sameCounts(expected, result)) throw new Error(`${master}: word count differs from the loop's`);
    };
    bench.add(`${master} parallelize`, async () => check(await wordCount(sc.parallelize(words, options.partitions), options.partitions)));
    bench.add(`${master} generate`, async () => check(await wordCount(sc.generate(options.partitions, generator), options.partitions)));
  }
  await bench.run();
  await Promise.all(Object.values(contexts).map((sc) => sc.stop()));

  const machine = machineInfo();
  // The 1-minute load average says whether other processes shared the cores during the run.
  const load = loadavg()[0].toFixed(1);
  console.log(`Node ${machine.node}, ${machine.cpuModel}, ${machine.cores} cores, load average ${load}; ${options.words.toLocaleString('en-US')} words, ${options.partitions} partitions, ${options.iterations} iterations`);
  const loopMs = bench.tasks[0].result.state === 'completed' ? bench.tasks[0].result.latency.mean : NaN;
  const rows = bench.tasks.map((task) => {
    if (task.result.state !== 'completed') throw new Error(`${task.name} did not complete: ${task.result.state}`);
    const meanMs = task.result.latency.mean;
    return {
      task: task.name,
      'mean ms': meanMs.toFixed(1),
      'p99 ms': task.result.latency.p99.toFixed(1),
      'records/s': Math.round((options.words * 1000) / meanMs).toLocaleString('en-US'),
      'x loop time': (meanMs / loopMs).toFixed(1),
    };
  });
  console.table(rows);
}

await main();
