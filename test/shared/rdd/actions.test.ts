/**
 * Actions: each runs a job and brings an exact result to the driver. On worker executors the
 * per-element functions (foreach, foreachPartition) run in the worker thread, so their effects are
 * checked through files the workers write, never through driver variables.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HashPartitioner, IllegalStateError, bind } from '../../../src/index.js';
import { EventRecorder } from '../../support/recordEvents.js';
import { MASTERS, sorted, useSparkContext } from '../../support/sparkContexts.js';

const dir = mkdtempSync(join(tmpdir(), 'twinstream-actions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(MASTERS)('actions on %s', (master) => {
  const sc = useSparkContext(master);
  const out = (name: string) => join(dir, `${master}-${name}`);

  it('rejects a job on partitions the RDD does not have', async () => {
    const rdd = sc().parallelize([1, 2], 2);
    await expect(sc().runJob(rdd, (items) => Array.from(items), [1, 2, -1])).rejects.toThrow(
      `Attempting to access a non-existent partition: 2, -1. ${rdd.toString()} has 2 partitions (0 to 1).`,
    );
    expect(await sc().runJob(rdd, (items) => Array.from(items), [1])).toEqual([[2]]);
  });

  it('collects in partition order and counts', async () => {
    const rdd = sc().parallelize([4, 5, 6, 7], 3);
    expect(await rdd.collect()).toEqual([4, 5, 6, 7]);
    expect(await rdd.count()).toBe(4);
  });

  it('takes the first n elements, scanning past empty partitions', async () => {
    const rdd = sc().parallelize([1, 2, 3], 8);
    expect(await rdd.take(2)).toEqual([1, 2]);
    expect(await rdd.take(10)).toEqual([1, 2, 3]);
    expect(await rdd.take(0)).toEqual([]);
    expect(await rdd.first()).toBe(1);
    expect(await sc().parallelize([undefined, 1], 1).first()).toBeUndefined();
  });

  it('takes in growing rounds like Spark: 1 partition, then 4x the scanned ones while empty', async () => {
    const rdd = sc().parallelize([1, 2, 3], 30).filter((x) => x >= 3);
    const events = new EventRecorder(sc());
    expect(await rdd.take(1)).toEqual([3]);
    events.stop();
    // The only element is in partition 29: rounds of 1, 4 and 20 partitions miss it, then the last 5.
    expect(events.of('jobStart').length).toBe(4);
    expect(events.of('stageSubmitted').map((s) => s.partitions.length)).toEqual([1, 4, 20, 5]);
  });

  it('estimates the partitions still needed from what the first rounds found, plus 50%', async () => {
    const rdd = sc().parallelize(Array.from({ length: 20 }, (_, i) => i), 20);
    const events = new EventRecorder(sc());
    expect(await rdd.take(4)).toEqual([0, 1, 2, 3]);
    events.stop();
    // 1 found in 1 partition, 3 left: ceil(1.5 * 3 * 1 / 1) = 5, capped at 4 * 1 = 4.
    expect(events.of('stageSubmitted').map((s) => s.partitions)).toEqual([[0], [1, 2, 3, 4]]);
  });

  it('fails first and reduce on an empty RDD with Spark\'s "empty collection"', async () => {
    const empty = sc().parallelize([] as number[], 2);
    await expect(empty.first()).rejects.toThrow(IllegalStateError);
    await expect(empty.first()).rejects.toThrow('empty collection: first() needs at least one element');
    await expect(empty.reduce((a, b) => a + b)).rejects.toMatchObject({ errorClass: 'EMPTY_COLLECTION' });
  });

  it('reduces, skipping empty partitions', async () => {
    expect(await sc().parallelize([1, 2, 3, 4], 6).reduce((a, b) => a + b)).toBe(10);
    expect(await sc().parallelize(['b', 'a', 'c'], 2).reduce((a, b) => (a < b ? a : b))).toBe('a');
  });

  it('folds with the zero value once per partition and once on the driver', async () => {
    expect(await sc().parallelize([1, 2, 3], 3).fold(10, (a, b) => a + b)).toBe(46);
    expect(await sc().emptyRDD<number>().fold(7, (a, b) => a + b)).toBe(7);
  });

  it('aggregates with separate seqOp and combOp', async () => {
    const [sum, count] = await sc().parallelize([3, 4, 5], 2).aggregate([0, 0] as [number, number], (acc, x) => [acc[0] + x, acc[1] + 1], (a, b) => [a[0] + b[0], a[1] + b[1]]);
    expect([sum, count]).toEqual([12, 3]);
  });

  it('counts by key and by value into Maps, tuples compared by value', async () => {
    const rdd = sc().parallelize([['a', 1], ['b', 1], ['a', 2]] as [string, number][], 2);
    expect(await rdd.countByKey()).toEqual(new Map([['a', 2], ['b', 1]]));
    expect(await sc().parallelize(['x', 'y', 'x', 'x'], 3).countByValue()).toEqual(new Map([['x', 3], ['y', 1]]));
    const tuples = await sc().parallelize([[1, 2], [1, 2], [2, 1]] as [number, number][], 2).countByValue();
    expect([...tuples]).toEqual([[[1, 2], 2], [[2, 1], 1]]);
  });

  it('looks a key up in its one partition when the RDD has a partitioner', async () => {
    const placed = sc().parallelize([[1, 'a'], [2, 'b'], [1, 'c'], [['t', 1], 'd']] as [unknown, string][], 2).partitionBy(new HashPartitioner(4));
    await placed.count();
    const events = new EventRecorder(sc());
    expect(await placed.lookup(1)).toEqual(['a', 'c']);
    expect(await placed.lookup(['t', 1])).toEqual(['d']);
    events.stop();
    expect(events.of('stageSubmitted').map((s) => s.partitions)).toEqual([[1], [new HashPartitioner(4).getPartition(['t', 1])]]);
  });

  it('collects pairs as a Map, a later value winning for a repeated key', async () => {
    expect(await sc().parallelize([['a', 1], ['b', 2], ['a', 3]] as [string, number][], 2).collectAsMap()).toEqual(new Map([['a', 3], ['b', 2]]));
  });

  it('saves one part file per partition and a _SUCCESS marker', async () => {
    const path = out('saved');
    await sc().parallelize(['x', 'y', 'z'], 2).saveAsTextFile(path);
    expect(readdirSync(path).sort()).toEqual(['_SUCCESS', 'part-00000', 'part-00001']);
    expect(readFileSync(join(path, 'part-00000'), 'utf8')).toBe('x\n');
    expect(readFileSync(join(path, 'part-00001'), 'utf8')).toBe('y\nz\n');
    expect(await sc().textFile(path).collect()).toEqual(['x', 'y', 'z']);
  });

  it('refuses to save into an existing directory', async () => {
    const path = out('twice');
    await sc().parallelize([1], 1).saveAsTextFile(path);
    await expect(sc().parallelize([2], 1).saveAsTextFile(path)).rejects.toThrow(
      `Output directory ${path} already exists: saveAsTextFile never overwrites part files. Delete it first or choose a new path.`,
    );
  });

  it('runs foreach on the executor for every element', async () => {
    // On worker executors foreach runs in the worker thread: a driver variable would not change,
    // so the function reports each element by writing a file, which the test reads back.
    const path = out('foreach');
    const rdd = sc().parallelize(['p', 'q', 'r'], 2);
    await rdd.foreach(
      bind((item: string, env: { path: string }) => {
        const fs = process.getBuiltinModule('node:fs');
        fs.mkdirSync(env.path, { recursive: true });
        fs.writeFileSync(`${env.path}/${item}`, item);
      }, { path }),
    );
    expect(readdirSync(path).sort()).toEqual(['p', 'q', 'r']);
  });

  it('runs foreachPartition once per partition', async () => {
    const path = out('foreachPartition');
    await sc()
      .parallelize([1, 2, 3, 4, 5], 3)
      .foreachPartition(
        bind((items: Iterable<number>, env: { path: string }) => {
          const fs = process.getBuiltinModule('node:fs');
          fs.mkdirSync(env.path, { recursive: true });
          const values = Array.from(items);
          fs.writeFileSync(`${env.path}/${values.join('-') || 'empty'}`, '');
        }, { path }),
      );
    expect(sorted(readdirSync(path))).toEqual(sorted(['1', '2-3', '4-5']));
    expect(existsSync(join(path, 'empty'))).toBe(false);
  });
});
