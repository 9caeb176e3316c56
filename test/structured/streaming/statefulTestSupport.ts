/**
 * Shared pieces of the stateful-streaming tests (not exported from src): the Spark test queries
 * over a MemoryStream of ints read as seconds, and AssertOnQuery checks on the last progress
 * (state rows, dropped rows, watermark, event-time stats).
 */
import { expect } from 'vitest';
import { col, count, type DataFrame, MemoryStream, type SparkSession, type StreamingQuery, StructType, window } from '../../../src/index.js';
import { AssertOnQuery, Execute, type StreamAction } from '../../../src/testing.js';

/** A MemoryStream of `value: int` (seconds since the epoch in most Spark event-time tests). */
export function intStream(): MemoryStream<number> {
  return new MemoryStream<number>(new StructType().add('value', 'int'));
}

/** `value` as `eventTime` (a timestamp, seconds), with a watermark of `delay` when given. */
export function withEventTime(spark: SparkSession, input: MemoryStream<number>, delay: string | null = null): DataFrame {
  const df = input.toDF(spark).withColumn('eventTime', col('value').cast('timestamp'));
  return delay === null ? df : df.withWatermark('eventTime', delay);
}

/** Spark's EventTimeWatermarkSuite query: count per 5-second window, as (window start in seconds, count); `delay` null for none. */
export function windowedCounts(spark: SparkSession, input: MemoryStream<number>, delay: string | null = '10 seconds', windowDuration = '5 seconds', slide?: string): DataFrame {
  return withEventTime(spark, input, delay)
    .groupBy(window(col('eventTime'), windowDuration, slide).alias('window'))
    .agg(count('*').alias('count'))
    .select(col('window').getField('start').cast('long').alias('start'), col('count'));
}

function lastOperator(q: StreamingQuery, index = 0) {
  const progress = q.lastProgress;
  if (!progress) throw new Error('no progress yet');
  const op = progress.stateOperators[index];
  if (!op) throw new Error(`no state operator ${index} in the last progress`);
  return op;
}

/** The last batch's rows in state of stateful operator `index` (Spark's assertNumStateRows). */
export function assertNumStateRows(numRowsTotal: number, index = 0): StreamAction {
  return Execute((q) => {
    expect(lastOperator(q, index).numRowsTotal).toBe(numRowsTotal);
  }, `assertNumStateRows(${numRowsTotal})`);
}

/** The rows dropped by the watermark, summed over the batches since the last check of the given progress count. */
export function assertNumRowsDroppedByWatermark(numRows: number, index = 0): StreamAction {
  return Execute((q) => {
    const withData = q.recentProgress.filter((p) => p.numInputRows > 0).at(-1);
    expect(withData?.stateOperators[index]?.numRowsDroppedByWatermark).toBe(numRows);
  }, `assertNumRowsDroppedByWatermark(${numRows})`);
}

/** Epoch seconds as Spark's progress timestamps print them. */
export function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** The event-time stats of the last batch with input (Spark's assertEventStats), in seconds. */
export function assertEventStats(min: number, max: number, avg: number, watermark: number): StreamAction {
  return Execute((q) => {
    const withData = q.recentProgress.filter((p) => p.numInputRows > 0).at(-1);
    expect(withData?.eventTime).toEqual({ min: isoSeconds(min), max: isoSeconds(max), avg: isoSeconds(avg), watermark: isoSeconds(watermark) });
  }, `assertEventStats(${min}, ${max}, ${avg}, ${watermark})`);
}

/** The watermark the last batch ran with, in seconds. */
export function assertWatermark(seconds: number): StreamAction {
  return AssertOnQuery((q) => q.lastProgress?.eventTime['watermark'] === isoSeconds(seconds), `watermark = ${seconds} s`);
}

/**
 * Spark's StateStoreMetricsTest.assertNumStateRows: rows in state of each operator after the last
 * batch; rows updated and rows dropped by the watermark summed over the batches since the previous
 * check (of the same query). Make one checker per test.
 */
export function stateRowsChecker(): (total: number[], updated: number[], dropped?: number[]) => StreamAction {
  let lastChecked = -1;
  let lastQuery: StreamingQuery | undefined;
  return (total, updated, dropped) => Execute((q) => {
    if (q !== lastQuery) lastChecked = -1;
    lastQuery = q;
    const recent = q.recentProgress;
    const n = recent.at(-1)!.stateOperators.length;
    const since = recent.slice(lastChecked + 1).filter((p) => p.stateOperators.length === n);
    const sum = (f: (o: { numRowsUpdated: number; numRowsDroppedByWatermark: number }) => number) =>
      Array.from({ length: n }, (_, i) => since.reduce((acc, p) => acc + f(p.stateOperators[i]!), 0));
    expect(recent.at(-1)!.stateOperators.map((o) => o.numRowsTotal)).toEqual(total);
    expect(sum((o) => o.numRowsUpdated)).toEqual(updated);
    expect(sum((o) => o.numRowsDroppedByWatermark)).toEqual(dropped ?? total.map(() => 0));
    lastChecked = recent.length - 1;
  }, `assertNumStateRows(${total}, ${updated}, ${dropped ?? ''})`);
}
