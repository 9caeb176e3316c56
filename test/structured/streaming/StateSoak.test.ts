/**
 * Soak: many batches of an advancing event-time stream through a windowed count per key. With a
 * watermark the rows in state level off (old windows are evicted as fast as new ones open);
 * without one they grow with every batch. The same holds for dropDuplicates. Read from
 * stateOperators[0].numRowsTotal after each batch (and its no-data batch).
 */
import { describe, expect, it } from 'vitest';
import { col, count, type DataFrame, MemoryStream, StructType, window } from '../../../src/index.js';
import { AddData, Execute, type StreamAction, testStream } from '../../../src/testing.js';
import { newSession } from '../support.js';

const KEYS = 10;
const BATCHES = 40;
const SECONDS_PER_BATCH = 5;

/** Batch i: every key once per second of [5i, 5i + 5). */
function batchEvents(i: number): { key: string; t: number }[] {
  const out: { key: string; t: number }[] = [];
  for (let s = 0; s < SECONDS_PER_BATCH; s++) for (let k = 0; k < KEYS; k++) out.push({ key: `k${k}`, t: i * SECONDS_PER_BATCH + s });
  return out;
}

async function stateSizes(build: (events: DataFrame) => DataFrame, mode: 'append' | 'update'): Promise<number[]> {
  const spark = newSession();
  const input = new MemoryStream<{ key: string; t: number }>(new StructType().add('key', 'string').add('t', 'int'));
  const events = input.toDF(spark).withColumn('eventTime', col('t').cast('timestamp'));
  const sizes: number[] = [];
  const actions: StreamAction[] = [];
  for (let i = 0; i < BATCHES; i++) {
    actions.push(AddData(input, ...batchEvents(i)), Execute(async (q) => {
      await q.processAllAvailable();
      sizes.push(q.lastProgress!.stateOperators[0]!.numRowsTotal);
    }, `state size after batch ${i}`));
  }
  await testStream(build(events), mode, actions);
  return sizes;
}

const windowedCount = (df: DataFrame) => df.groupBy(window(col('eventTime'), '10 seconds'), col('key')).agg(count('*'));

describe('state soak', () => {
  it('windowed count with a watermark: rows in state level off', async () => {
    const sizes = await stateSizes((events) => windowedCount(events.withWatermark('eventTime', '10 seconds')), 'append');
    const steady = sizes.slice(5);
    // At most the windows the watermark has not passed: about two per key.
    expect(Math.max(...steady)).toBeLessThanOrEqual(3 * KEYS);
    expect(Math.max(...steady) - Math.min(...steady)).toBeLessThanOrEqual(KEYS);
    expect(sizes.at(-1)).toBe(sizes.at(-5));
  });

  it('windowed count without a watermark: rows in state grow with every batch', async () => {
    const sizes = await stateSizes(windowedCount, 'update');
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeGreaterThanOrEqual(sizes[i - 1]!);
    // One new 10-second window per key every two 5-second batches.
    expect(sizes.at(-1)).toBe((BATCHES / 2) * KEYS);
  });

  it('dropDuplicates on (key, eventTime): bounded with a watermark, unbounded without', async () => {
    const dedup = (df: DataFrame) => df.dropDuplicates(['key', 'eventTime']);
    const bounded = await stateSizes((events) => dedup(events.withWatermark('eventTime', '10 seconds')), 'append');
    const unbounded = await stateSizes(dedup, 'append');
    expect(Math.max(...bounded.slice(5))).toBeLessThanOrEqual((10 + SECONDS_PER_BATCH) * KEYS);
    expect(unbounded.at(-1)).toBe(BATCHES * SECONDS_PER_BATCH * KEYS);
  });
});
