/**
 * Output operations (print in Spark's format, foreachRDD with the batch time, saveAsTextFiles)
 * and queueStream (Spark's QueueInputDStream: one RDD or all per batch, default RDD).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, Seconds, SparkContext, StreamingContext, type RDD } from '../../src/index.js';
import { TestInputDStream, advanceBatches, tempDir } from '../../src/testing.js';

let contexts: StreamingContext[] = [];
function newContext(printed?: string[]): StreamingContext {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext(new SparkContext({ master: 'local[2]', clock }), Seconds(1), { clock, printSink: (text) => printed?.push(text) });
  contexts.push(ssc);
  return ssc;
}
afterEach(async () => {
  for (const ssc of contexts) await ssc.stop();
  contexts = [];
});

describe('print', () => {
  it('prints the first n elements under the "Time: <ms> ms" banner, with "..." when there are more', async () => {
    const printed: string[] = [];
    const ssc = newContext(printed);
    new TestInputDStream(ssc, [[1, 2, 3], [4]], 1).map((x) => [`k${x}`, x] as [string, number]).print(2);
    ssc.start();
    await advanceBatches(ssc, 3);
    expect(printed).toEqual([
      '-------------------------------------------\nTime: 1000 ms\n-------------------------------------------\n(k1,1)\n(k2,2)\n...\n\n',
      '-------------------------------------------\nTime: 2000 ms\n-------------------------------------------\n(k4,4)\n\n',
      '-------------------------------------------\nTime: 3000 ms\n-------------------------------------------\n\n',
    ]);
  });
});

describe('foreachRDD', () => {
  it('receives each batch RDD with its time, and a returned Promise is awaited before the batch completes', async () => {
    const ssc = newContext();
    const seen: [number, number[]][] = [];
    new TestInputDStream(ssc, [[1, 2], [3]], 2).foreachRDD(async (rdd, time) => {
      seen.push([time.milliseconds, await rdd.collect()]);
    });
    ssc.start();
    await advanceBatches(ssc, 2);
    expect(seen).toEqual([[1000, [1, 2]], [2000, [3]]]);
  });

  it('runs output operations of a batch in registration order, batch after batch', async () => {
    const ssc = newContext();
    const order: string[] = [];
    const input = new TestInputDStream(ssc, [[1], [2]], 1);
    input.foreachRDD((_r, t) => void order.push(`first@${t.milliseconds}`));
    input.foreachRDD((_r, t) => void order.push(`second@${t.milliseconds}`));
    ssc.start();
    await advanceBatches(ssc, 2);
    expect(order).toEqual(['first@1000', 'second@1000', 'first@2000', 'second@2000']);
  });
});

describe('saveAsTextFiles', () => {
  it('writes every batch to prefix-<time>.suffix, one part file per partition', async () => {
    const dir = tempDir();
    const ssc = newContext();
    new TestInputDStream(ssc, [['a', 'b'], ['c']], 2).saveAsTextFiles(join(dir, 'out'), 'txt');
    ssc.start();
    await advanceBatches(ssc, 2);
    expect(readdirSync(dir).sort()).toEqual(['out-1000.txt', 'out-2000.txt']);
    const lines = (batch: string) => readdirSync(join(dir, batch)).filter((f) => f.startsWith('part-')).sort().map((f) => readFileSync(join(dir, batch, f), 'utf8')).join('');
    expect(lines('out-1000.txt')).toBe('a\nb\n');
    expect(lines('out-2000.txt')).toBe('c\n');
    expect(existsSync(join(dir, 'out-1000.txt', '_SUCCESS'))).toBe(true);
  });
});

describe('queueStream', () => {
  const collectEach = (stream: { foreachRDD(f: (rdd: RDD<number>) => Promise<void>): void }) => {
    const out: number[][] = [];
    stream.foreachRDD(async (rdd) => void out.push(await rdd.collect()));
    return out;
  };

  it('takes one queued RDD per batch with oneAtATime, then an empty RDD', async () => {
    const ssc = newContext();
    const sc = ssc.sparkContext;
    const queue: RDD<number>[] = [sc.parallelize([1, 2]), sc.parallelize([3])];
    const out = collectEach(ssc.queueStream(queue));
    ssc.start();
    await advanceBatches(ssc, 3);
    expect(out).toEqual([[1, 2], [3], []]);
  });

  it('takes every queued RDD at once without oneAtATime, and uses the default RDD when the queue is empty', async () => {
    const ssc = newContext();
    const sc = ssc.sparkContext;
    const queue: RDD<number>[] = [sc.parallelize([1, 2]), sc.parallelize([3])];
    const out = collectEach(ssc.queueStream(queue, false, sc.parallelize([0])));
    ssc.start();
    await advanceBatches(ssc, 1);
    queue.push(sc.parallelize([4]));
    await advanceBatches(ssc, 2);
    expect(out).toEqual([[1, 2, 3], [4], [0]]);
  });
});
