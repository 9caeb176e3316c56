/**
 * Arrival-to-output latency of a stateless Structured query (filter + projection) in real time:
 * records are handed to a MemoryStream at a steady rate, a foreach writer notes when each one
 * reaches the sink, on the wall clock. Run in micro-batches (Trigger.ProcessingTime(interval):
 * the model's floor is the wait for the next trigger) and in continuous mode (Trigger.Continuous:
 * a record should never wait on a timer). Spark: the latency figures of the Structured Streaming
 * guide's continuous-processing section (~1 ms vs ~100 ms).
 */
import { col, MemoryStream, SparkSession, StructType, SystemClock, Trigger } from '../../src/index.js';
import type { Row } from '../../src/index.js';

/** One latency run. */
export interface LatencyOptions {
  readonly mode: 'micro-batch' | 'continuous';
  readonly ratePerSec: number;
  readonly records: number;
  readonly triggerIntervalMs: number;
}

/** Latency percentiles in ms over the records that reached the sink. */
export interface LatencyResult {
  readonly options: LatencyOptions;
  readonly delivered: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Feeds `records` records at `ratePerSec` (in groups per millisecond tick) and measures each one's latency. */
export async function measureArrivalLatency(options: LatencyOptions): Promise<LatencyResult> {
  const spark = SparkSession.builder().master('local').appName(`perf-latency-${options.mode}`).clock(new SystemClock()).getOrCreate();
  const input = new MemoryStream<Row>(new StructType().add('id', 'long').add('value', 'long'));
  const arrivedMs = new Float64Array(options.records);
  const latencies: number[] = [];
  // Wall-clock reads: this file measures latency, it is not engine code.
  const now = () => performance.now();
  const query = input.toDF(spark).where(col('value').geq(0)).select(col('id'))
    .writeStream.trigger(options.mode === 'continuous' ? Trigger.Continuous(options.triggerIntervalMs) : Trigger.ProcessingTime(options.triggerIntervalMs))
    .foreach({ open: () => true, process: (row: Row) => void latencies.push(now() - (arrivedMs[row['id'] as number] as number)), close: () => undefined })
    .start();
  try {
    const startMs = now();
    let sent = 0;
    while (sent < options.records) {
      const due = Math.min(options.records, Math.floor(((now() - startMs) * options.ratePerSec) / 1000) + 1);
      for (; sent < due; sent++) {
        arrivedMs[sent] = now();
        input.addData({ id: sent, value: sent });
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const deadline = now() + options.triggerIntervalMs * 3 + 2000;
    while (latencies.length < options.records && now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  } finally {
    await query.stop();
    spark.stop();
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  return { options, delivered: latencies.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted[sorted.length - 1] ?? NaN };
}
