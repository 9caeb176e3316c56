/**
 * Micro-benchmark of the Structured engine's batch path: a filter, project and grouped aggregate
 * over 1M seeded rows with whole-stage codegen (fused), without it (one RDD operator per plan
 * node), and the same logic hand-written on the RDD API, with the ratios in one run.
 * Spark: the fused-versus-interpreted comparisons of WholeStageCodegenSuite / BenchmarkWholeStageCodegen.
 *
 * Query: SELECT k, sum(v * 2) AS total, count(*) AS n FROM t WHERE v % 10 < 5 GROUP BY k
 * with k = i % 100 and v = a seeded hash of i. Every variant's answer is checked against the loop's.
 *
 * Run: npx tsx bench/structured.bench.ts [--rows 1000000] [--partitions 4] [--iterations 5]
 */
import { Bench } from 'tinybench';
import { col, count, SparkSession, sum, type DataFrame } from '../src/index.js';
import { machineInfo } from './harness/machineInfo.js';

interface Options {
  readonly rows: number;
  readonly partitions: number;
  readonly iterations: number;
}

interface Record {
  readonly k: number;
  readonly v: number;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  return { rows: value('rows', 1_000_000), partitions: value('partitions', 4), iterations: value('iterations', 5) };
}

/** Row i: k = i % 100, v = an integer hash of i in [0, 1000). */
function makeRows(n: number): Record[] {
  const rows = new Array<Record>(n);
  for (let i = 0; i < n; i++) {
    let h = Math.imul(i ^ (i >>> 16), 0x45d9f3b);
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
    rows[i] = { k: i % 100, v: ((h ^ (h >>> 16)) >>> 0) % 1000 };
  }
  return rows;
}

/** The answer by a plain loop: k -> [total, n]. */
function loopAnswer(rows: readonly Record[]): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  for (const { k, v } of rows) {
    if (v % 10 >= 5) continue;
    const acc = out.get(k) ?? [0, 0];
    acc[0] += v * 2;
    acc[1] += 1;
    out.set(k, acc);
  }
  return out;
}

function query(df: DataFrame): DataFrame {
  return df.where(col('v').mod(10).lt(5)).select(col('k'), col('v').multiply(2).alias('w')).groupBy('k').agg(sum('w').alias('total'), count('*').alias('n'));
}

function same(expected: Map<number, [number, number]>, actual: readonly (readonly [number, number, number])[]): boolean {
  return actual.length === expected.size && actual.every(([k, total, n]) => expected.get(k)?.[0] === total && expected.get(k)?.[1] === n);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const rows = makeRows(options.rows);
  const expected = loopAnswer(rows);
  const spark = SparkSession.builder().master(`local[${options.partitions}]`).appName('structured-bench')
    .config('spark.sql.shuffle.partitions', options.partitions).getOrCreate();
  const table = spark.createDataFrame(rows, 'k INT, v INT');
  const sc = spark.sparkContext;
  const rdd = sc.parallelize(rows, options.partitions);
  const check = (name: string, actual: readonly (readonly [number, number, number])[]) => {
    if (!same(expected, actual)) throw new Error(`${name}: the answer differs from the loop's`);
  };
  const runDataFrame = async (name: string, wholeStage: boolean) => {
    spark.conf.set('spark.sql.codegen.wholeStage', wholeStage);
    const result = await query(table).collect();
    check(name, result.map((r) => [r.k as number, r.total as number, r.n as number] as const));
  };

  const bench = new Bench({ name: 'structured batch query', iterations: options.iterations, time: 0, warmupIterations: 1, warmupTime: 0, throws: true });
  bench.add('hand-written loop', () => {
    loopAnswer(rows);
  });
  bench.add('DataFrame, whole-stage codegen (fused)', () => runDataFrame('fused', true));
  bench.add('DataFrame, no whole-stage codegen', () => runDataFrame('unfused', false));
  bench.add('RDD API, same logic', async () => {
    const result = await rdd
      .filter((r) => r.v % 10 < 5)
      .map((r) => [r.k, [r.v * 2, 1]] as [number, [number, number]])
      .reduceByKey((a, b): [number, number] => [a[0] + b[0], a[1] + b[1]], options.partitions)
      .collect();
    check('rdd', result.map(([k, [total, n]]) => [k, total, n] as const));
  });
  await bench.run();
  spark.stop();

  const machine = machineInfo();
  console.log(`Node ${machine.node}, ${machine.cpuModel}, ${machine.cores} cores; ${options.rows.toLocaleString('en-US')} rows, ${options.partitions} partitions, ${options.iterations} iterations`);
  const meanOf = (name: string) => {
    const task = bench.tasks.find((t) => t.name.startsWith(name))!;
    if (task.result.state !== 'completed') throw new Error(`${task.name} did not complete: ${task.result.state}`);
    return task.result.latency.mean;
  };
  console.table(bench.tasks.map((task) => {
    const meanMs = meanOf(task.name);
    return { task: task.name, 'mean ms': meanMs.toFixed(1), 'records/s': Math.round((options.rows * 1000) / meanMs).toLocaleString('en-US') };
  }));
  const fused = meanOf('DataFrame, whole');
  console.log(`unfused / fused time: ${(meanOf('DataFrame, no') / fused).toFixed(2)}x`);
  console.log(`RDD API / fused time: ${(meanOf('RDD API') / fused).toFixed(2)}x`);
  console.log(`fused / hand-written loop time: ${(fused / meanOf('hand-written')).toFixed(2)}x`);
}

await main();
