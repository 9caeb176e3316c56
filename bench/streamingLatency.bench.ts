/**
 * End-to-end latency of one record, source to sink, on the wall clock: a MemoryStream record
 * through `where` and `select` to a foreach writer, with the default micro-batch trigger and with
 * Trigger.Continuous. Spark: the latency comparison of the continuous-processing design
 * (SPARK-20928: ~1 ms continuous versus ~100 ms micro-batch).
 *
 * Each record is added only after the previous one reached the writer, so the figure is the hop
 * cost, not queueing. Run: npx tsx bench/streamingLatency.bench.ts [--records 2000]
 */
import { col, type ForeachWriter, MemoryStream, SparkSession, StructType, Trigger } from '../src/index.js';
import { machineInfo } from './harness/machineInfo.js';

function recordsOption(argv: string[]): number {
  const i = argv.indexOf('--records');
  return i >= 0 ? Number(argv[i + 1]) : 2000;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(spark: SparkSession, trigger: Trigger, records: number, name: string): Promise<Record<string, string>> {
  const input = new MemoryStream<number>(new StructType().add('value', 'int'));
  let arrived: (() => void) | undefined;
  const writer: ForeachWriter = { open: () => true, process: () => arrived?.(), close: () => undefined };
  const query = input.toDF(spark).where(col('value').geq(0)).select(col('value').plus(1).alias('v'))
    .writeStream.queryName(name).foreach(writer).trigger(trigger).start();
  const latenciesMs: number[] = [];
  for (let i = 0; i < records; i++) {
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const startMs = performance.now();
    input.addData(i);
    await reached;
    latenciesMs.push(performance.now() - startMs);
  }
  await query.stop();
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    trigger: name,
    'p50 ms': percentile(sorted, 50).toFixed(3),
    'p99 ms': percentile(sorted, 99).toFixed(3),
    'max ms': sorted[sorted.length - 1]!.toFixed(3),
  };
}

async function main(): Promise<void> {
  const records = recordsOption(process.argv.slice(2));
  const spark = SparkSession.builder().master('local[2]').appName('latency-bench').config('spark.sql.shuffle.partitions', 2).getOrCreate();
  const rows = [
    await measure(spark, Trigger.Default(), records, 'micro-batch (default trigger)'),
    await measure(spark, Trigger.Continuous('1 second'), records, 'continuous (1 s epochs)'),
  ];
  spark.stop();
  const machine = machineInfo();
  console.log(`Node ${machine.node}, ${machine.cpuModel}, ${machine.cores} cores; ${records} records, one at a time, wall clock`);
  console.table(rows);
}

await main();
