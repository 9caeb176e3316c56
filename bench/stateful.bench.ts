/**
 * Micro-benchmark of the stateful streaming path: a 10-second event-time windowed count per key
 * over 1M events, as a Structured Streaming query (MemoryStream in micro-batches, watermark,
 * partial aggregation, state store, append mode) and as a hand-written loop over nested maps, in
 * one run. Spark: the windowed-count examples of the Structured Streaming guide.
 *
 * Events: key = hash(i) % keys, event time = i * 10 ms plus up to 3 s of seeded disorder (inside
 * the 10-second watermark delay, so nothing is late). After the last batch one far-future event
 * moves the watermark past every window, so append mode has emitted every count; the query's
 * counts are checked against the loop's.
 *
 * Run: npx tsx bench/stateful.bench.ts [--events 1000000] [--keys 100] [--batches 20] [--partitions 4] [--iterations 3]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Bench } from 'tinybench';
import { col, count, ManualClock, MemoryStream, SparkSession, StructType, window } from '../src/index.js';
import { machineInfo } from './harness/machineInfo.js';

interface Options {
  readonly events: number;
  readonly keys: number;
  readonly batches: number;
  readonly partitions: number;
  readonly iterations: number;
}

interface Event {
  readonly key: number;
  readonly t: number;
}

const WINDOW_MS = 10_000;

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  return { events: value('events', 1_000_000), keys: value('keys', 100), batches: value('batches', 20), partitions: value('partitions', 4), iterations: value('iterations', 3) };
}

function hash(i: number): number {
  let h = Math.imul(i ^ (i >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

function makeEvents(options: Options): Event[] {
  const events = new Array<Event>(options.events);
  for (let i = 0; i < options.events; i++) {
    const h = hash(i);
    events[i] = { key: h % options.keys, t: i * 10 + (h % 3000) };
  }
  return events;
}

/** The hand-written baseline: key -> window start -> count, nested maps (the design notes' fastest keyed form). */
function loopCounts(events: readonly Event[]): Map<number, Map<number, number>> {
  const counts = new Map<number, Map<number, number>>();
  for (const e of events) {
    let byWindow = counts.get(e.key);
    if (byWindow === undefined) {
      byWindow = new Map();
      counts.set(e.key, byWindow);
    }
    const start = e.t - (e.t % WINDOW_MS);
    byWindow.set(start, (byWindow.get(start) ?? 0) + 1);
  }
  return counts;
}

/** Runs the streaming query over `events` in `batches` micro-batches; returns [key, windowStart, count] rows. */
async function streamCounts(spark: SparkSession, events: readonly Event[], batches: number): Promise<[number, number, number][]> {
  const input = new MemoryStream<Event>(new StructType().add('key', 'int').add('t', 'long'));
  const counts = input.toDF(spark)
    .withColumn('eventTime', col('t').divide(1000).cast('timestamp'))
    .withWatermark('eventTime', '10 seconds')
    .groupBy(window(col('eventTime'), '10 seconds'), col('key'))
    .agg(count('*').alias('n'))
    .select(col('key'), col('window').getField('start').cast('long').alias('start'), col('n'));
  const checkpoint = fs.mkdtempSync(path.join(os.tmpdir(), 'stateful-bench-'));
  const query = counts.writeStream.format('memory').queryName('bench_counts').outputMode('append').option('checkpointLocation', checkpoint).start();
  try {
    const size = Math.ceil(events.length / batches);
    for (let b = 0; b < batches; b++) {
      input.addData(...events.slice(b * size, (b + 1) * size));
      await query.processAllAvailable();
    }
    const last = events.reduce((m, e) => Math.max(m, e.t), 0);
    input.addData({ key: -1, t: last + 10 * WINDOW_MS });
    await query.processAllAvailable();
    const rows = await spark.table('bench_counts').collect();
    return rows.filter((r) => r['key'] !== -1).map((r) => [r['key'] as number, (r['start'] as number) * 1000, r['n'] as number]);
  } finally {
    await query.stop();
    fs.rmSync(checkpoint, { recursive: true, force: true });
  }
}

function sameCounts(expected: Map<number, Map<number, number>>, actual: [number, number, number][]): boolean {
  let groups = 0;
  for (const byWindow of expected.values()) groups += byWindow.size;
  return actual.length === groups && actual.every(([k, start, n]) => expected.get(k)?.get(start) === n);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const events = makeEvents(options);
  const expected = loopCounts(events);
  const spark = SparkSession.builder().master('local').appName('stateful-bench').config('spark.sql.shuffle.partitions', options.partitions)
    .clock(new ManualClock(0)).getOrCreate();

  const bench = new Bench({ name: 'stateful windowed count', iterations: options.iterations, time: 0, warmupIterations: 1, warmupTime: 0, throws: true });
  bench.add('hand-written loop (nested maps)', () => {
    loopCounts(events);
  });
  bench.add(`streaming query, ${options.batches} micro-batches`, async () => {
    if (!sameCounts(expected, await streamCounts(spark, events, options.batches))) throw new Error('the streaming counts differ from the loop\'s');
  });
  await bench.run();
  spark.stop();

  const machine = machineInfo();
  console.log(`Node ${machine.node}, ${machine.cpuModel}, ${machine.cores} cores; ${options.events.toLocaleString('en-US')} events, `
    + `${options.keys} keys, 10-second windows, ${options.batches} batches, ${options.partitions} state partitions, ${options.iterations} iterations`);
  const loopMs = bench.tasks[0]!.result.state === 'completed' ? bench.tasks[0]!.result.latency.mean : NaN;
  console.table(bench.tasks.map((task) => {
    if (task.result.state !== 'completed') throw new Error(`${task.name} did not complete: ${task.result.state}`);
    const meanMs = task.result.latency.mean;
    return {
      task: task.name,
      'mean ms': meanMs.toFixed(1),
      'records/s': Math.round((options.events * 1000) / meanMs).toLocaleString('en-US'),
      'x loop time': (meanMs / loopMs).toFixed(1),
    };
  }));
}

await main();
