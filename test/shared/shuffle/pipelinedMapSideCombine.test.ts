/**
 * A `map` or `mapValues` right before a combining shuffle (reduceByKey, combineByKey, ...) is
 * mapped record by record into the map-side combiners instead of into an array first. The answer,
 * its order, the task metrics and the record named by a failing map function are those of the
 * unfused path, which a persisted map still takes (its blocks are stored and read as before).
 */
import { describe, expect, it } from 'vitest';
import { SparkException, type RDD, type SparkContext } from '../../../src/index.js';
import { EventRecorder } from '../../support/recordEvents.js';
import { MASTERS, useSparkContext } from '../../support/sparkContexts.js';

const WORDS = ['b', 'a', 'c', 'a', 'b', 'a', 'd', 'c', 'a'];

async function jobError(rdd: RDD<unknown>): Promise<string> {
  const error = (await rdd.collect().then(() => undefined, (e: unknown) => e)) as SparkException;
  expect(error).toBeInstanceOf(SparkException);
  return error.message.replace(/^.*?\(executor [^)]*\): /, '');
}

describe.each(MASTERS)('a map before a combining shuffle on %s', (master) => {
  const sc = useSparkContext(master, { conf: { 'spark.task.maxFailures': '1' } });
  const pairs = (context: SparkContext) => context.parallelize(WORDS, 3).map((w) => [w, 1] as [string, number]);

  it('gives the same answer, in the same order, as the unfused path of a persisted map', async () => {
    const fused = await pairs(sc()).reduceByKey((a, b) => a + b, 2).collect();
    const persisted = pairs(sc()).cache();
    const unfused = await persisted.reduceByKey((a, b) => a + b, 2).collect();
    persisted.unpersist();
    expect(fused).toEqual([['b', 2], ['d', 1], ['a', 4], ['c', 2]]);
    expect(fused).toEqual(unfused);
  });

  it('counts the map and its parallelized parent as computed, and writes one record per key and map task', async () => {
    const mapped = pairs(sc());
    const reduced = mapped.reduceByKey((a, b) => a + b, 2);
    const events = new EventRecorder(sc());
    expect(await reduced.count()).toBe(4);
    const source = mapped.id - 1;
    expect(events.computedPartitions()).toEqual([...[0, 1, 2].flatMap((p) => [`${source}:${p}`, `${mapped.id}:${p}`]), `${reduced.id}:0`, `${reduced.id}:1`].sort());
    const mapTasks = events.of('taskEnd').filter((e) => e.taskType === 'ShuffleMapTask');
    // Slices [b a c] [a b a] [d c a]: 3, 2 and 3 distinct keys.
    expect(mapTasks.map((e) => e.metrics.shuffleRecordsWritten).sort()).toEqual([2, 3, 3]);
    expect(mapTasks.reduce((sum, e) => sum + e.metrics.recordsRead, 0)).toBe(WORDS.length);
    events.stop();
  });

  it('combines mapValues the same way', async () => {
    const rdd = sc().parallelize(WORDS.map((w, i) => [w, i] as [string, number]), 2).mapValues((i) => i * 10);
    expect(await rdd.combineByKey((v: number) => [v], (acc: number[], v) => [...acc, v], (a, b) => [...a, ...b], 1).collect())
      .toEqual([['b', [0, 40]], ['a', [10, 30, 50, 80]], ['c', [20, 70]], ['d', [60]]]);
  });

  it('maps a parent that is not a parallelized collection', async () => {
    const lines = sc().parallelize(['a b', 'b c a', 'a'], 2).flatMap((line) => line.split(' '));
    expect(await lines.map((w) => [w, 1] as [string, number]).reduceByKey((a, b) => a + b, 1).collect()).toEqual([['a', 3], ['b', 2], ['c', 1]]);
  });

  it('reads a persisted map from its blocks instead of mapping again', async () => {
    const persisted = pairs(sc()).cache();
    await persisted.count();
    const reduced = persisted.reduceByKey((a, b) => a + b, 1);
    const events = new EventRecorder(sc());
    expect(await reduced.collect()).toEqual([['b', 2], ['a', 4], ['c', 2], ['d', 1]]);
    // Only the reduce side is computed: the map tasks read the cached blocks.
    expect(events.computedPartitions()).toEqual([`${reduced.id}:0`]);
    events.stop();
    persisted.unpersist();
  });

  it('names the record a failing map function was processing', async () => {
    const rdd = sc().parallelize(['1', 'x', '2'], 1).map((s) => [JSON.parse(s) as number, 1] as [number, number]).reduceByKey((a, b) => a + b);
    expect(await jobError(rdd)).toBe(`SyntaxError: Unexpected token 'x', "x" is not valid JSON (while processing record: "x")`);
  });

  it('names the pair a failing mapValues function was processing', async () => {
    const rdd = sc().parallelize([['a', 1], ['b', null]] as [string, number | null][], 1).mapValues((v) => (v as number).toFixed()).reduceByKey((a, b) => a + b);
    expect(await jobError(rdd)).toMatch(/^TypeError: .* \(while processing record: \["b",null\]\)$/);
  });

  it('names no record when the combine function fails', async () => {
    const rdd = pairs(sc()).reduceByKey((a, b) => {
      if (a + b > 1) throw new RangeError(`sum ${a + b}`);
      return a + b;
    });
    expect(await jobError(rdd)).toBe('RangeError: sum 2');
  });
});
