/**
 * Recovery from a checkpoint after a simulated driver crash (Spark's CheckpointSuite and
 * MapWithStateSuite "driver failure recovery"): getOrCreate rebuilds the graph without calling
 * createFn, keeps the state, and re-runs the batches that had not completed.
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ManualClock,
  PartitionedLog,
  Seconds,
  SparkContext,
  StateSpec,
  StreamingContext,
  namedFunction,
  type DStream,
  type RDD,
  type State,
  type Time,
} from '../../src/index.js';
import { TestInputDStream, advanceBatches, simulateDriverCrash, tempDir } from '../../src/testing.js';

const sparkContexts: SparkContext[] = [];
const contexts: StreamingContext[] = [];
afterEach(async () => {
  for (const ssc of contexts.splice(0)) await ssc.stop({ stopSparkContext: false });
  for (const sc of sparkContexts.splice(0)) await sc.stop();
});

function newSparkContext(): SparkContext {
  const sc = new SparkContext({ master: 'local[2]', clock: new ManualClock(0) });
  sparkContexts.push(sc);
  return sc;
}

/** (Re)registers the named output so that this run's batches land in a fresh buffer. */
function outputBuffer(name: string, sortBatch = true): [number, unknown[]][] {
  const out: [number, unknown[]][] = [];
  namedFunction(name, async (rdd: RDD<unknown>, time: Time) => {
    const records = await rdd.collect();
    out.push([time.milliseconds, sortBatch ? records.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) : records]);
  });
  return out;
}

/** Starts a context from `dir` (or createFn), counting createFn calls. */
function getOrCreate(dir: string, create: (ssc: StreamingContext) => void): { ssc: StreamingContext; created: boolean } {
  const sc = newSparkContext();
  let created = false;
  const ssc = StreamingContext.getOrCreate(dir, () => {
    created = true;
    const fresh = new StreamingContext(sc, Seconds(1));
    fresh.checkpoint(dir);
    create(fresh);
    return fresh;
  }, { sparkContext: sc });
  contexts.push(ssc);
  return { ssc, created };
}

describe('CheckpointSuite: recovery after a driver crash', () => {
  it('CheckpointSuite: recovery with map and reduceByKey operations (createFn not called, last checkpointed batch re-run)', async () => {
    const dir = tempDir();
    const input = [['a', 'a', 'b'], ['', ''], [], ['a', 'a', 'b'], ['', ''], []];
    const build = (ssc: StreamingContext) =>
      new TestInputDStream(ssc, input, 2).map((x) => [x, 1] as [string, number]).reduceByKey((a, b) => a + b).foreachRDD(namedFunction('cp.mapReduce'));
    const first = outputBuffer('cp.mapReduce');
    const run1 = getOrCreate(dir, build);
    expect(run1.created).toBe(true);
    run1.ssc.start();
    await advanceBatches(run1.ssc, 3);
    await simulateDriverCrash(run1.ssc);

    const second = outputBuffer('cp.mapReduce');
    const run2 = getOrCreate(dir, build);
    expect(run2.created).toBe(false);
    run2.ssc.start();
    // The manual clock resumes at the checkpoint (3000); batch 3000 runs again, then 4000...
    await run2.ssc.scheduler.awaitBatch(3000);
    await advanceBatches(run2.ssc, 3);
    expect(first).toEqual([[1000, [['a', 2], ['b', 1]]], [2000, [['', 2]]], [3000, []]]);
    expect(second).toEqual([[3000, []], [4000, [['a', 2], ['b', 1]]], [5000, [['', 2]]], [6000, []]]);
  });

  it('CheckpointSuite: recovery with invertible reduceByKeyAndWindow operation', async () => {
    const dir = tempDir();
    const build = (ssc: StreamingContext) =>
      new TestInputDStream(ssc, Array.from({ length: 10 }, () => ['a']), 2)
        .map((x) => [x, 1] as [string, number])
        .reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, Seconds(4), Seconds(1))
        .checkpoint(Seconds(2))
        .foreachRDD(namedFunction('cp.window'));
    const first = outputBuffer('cp.window');
    const run1 = getOrCreate(dir, build);
    run1.ssc.start();
    await advanceBatches(run1.ssc, 7);
    await simulateDriverCrash(run1.ssc);

    const second = outputBuffer('cp.window');
    const run2 = getOrCreate(dir, build);
    run2.ssc.start();
    await run2.ssc.scheduler.awaitBatch(7000);
    await advanceBatches(run2.ssc, 3);
    expect(first.map(([, r]) => r)).toEqual([[['a', 1]], [['a', 2]], [['a', 3]], [['a', 4]], [['a', 4]], [['a', 4]], [['a', 4]]]);
    expect(second).toEqual([[7000, [['a', 4]]], [8000, [['a', 4]]], [9000, [['a', 4]]], [10000, [['a', 4]]]]);
  });

  it('keeps updateStateByKey state from its checkpoint and re-runs the batch that never completed, with the log\'s old records gone', async () => {
    const dir = tempDir();
    const logDir = tempDir();
    const log = PartitionedLog.open(logDir);
    log.createTopic('words', 1);
    const build = (ssc: StreamingContext) =>
      ssc
        .directLogStream<string>(log, ['words'], { startingOffsets: 'earliest' })
        .map((w) => [w, 1] as [string, number])
        .updateStateByKey((values: number[], state: number | undefined) => values.reduce((a, b) => a + b, 0) + (state ?? 0))
        .checkpoint(Seconds(2))
        .foreachRDD(namedFunction('cp.state'));

    // Run 1: batch 6000's output never finishes (a hung sink), then the driver dies.
    const first: [number, unknown[]][] = [];
    namedFunction('cp.state', async (rdd: RDD<[string, number]>, time: Time) => {
      if (time.milliseconds === 6000) return new Promise<void>(() => undefined);
      first.push([time.milliseconds, (await rdd.collect()).sort()]);
    });
    const run1 = getOrCreate(dir, build);
    run1.ssc.start();
    for (let batch = 1; batch <= 6; batch++) {
      log.append('words', 0, batch === 3 ? ['a', 'b'] : ['a']);
      if (batch < 6) await advanceBatches(run1.ssc, 1);
    }
    (run1.ssc.clock as ManualClock).setTime(6000);
    await new Promise<void>((resolve) => run1.ssc.addStreamingListener({ onOutputOperationStarted: (e) => e.outputOperationInfo.batchTime.milliseconds === 6000 && resolve() }));
    await simulateDriverCrash(run1.ssc);
    expect(first).toEqual([[1000, [['a', 1]]], [2000, [['a', 2]]], [3000, [['a', 3], ['b', 1]]], [4000, [['a', 4], ['b', 1]]], [5000, [['a', 5], ['b', 1]]]]);

    // Retention removes the records of batches 1-4: only the state checkpointed at 4000 can give their counts.
    log.truncateBefore('words', 0, 5);
    const second = outputBuffer('cp.state');
    const run2 = getOrCreate(dir, build);
    expect(run2.created).toBe(false);
    run2.ssc.start();
    await run2.ssc.scheduler.awaitBatch(6000);
    log.append('words', 0, ['b']);
    await advanceBatches(run2.ssc, 1);
    expect(second).toEqual([[6000, [['a', 6], ['b', 1]]], [7000, [['a', 6], ['b', 2]]]]);
    log.close();
  });

  it('MapWithStateSuite: mapWithState - driver failure recovery (state snapshots continue)', async () => {
    const dir = tempDir();
    const input = [[], ['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b'], ['a'], []];
    const build = (ssc: StreamingContext) => {
      const runningCount = (_key: string, value: number | undefined, state: State<number>) => {
        state.update((state.getOption() ?? 0) + (value ?? 0));
        return state.get();
      };
      const stream: DStream<string> = new TestInputDStream(ssc, input, 2);
      const mapped = stream.map((x) => [x, 1] as [string, number]).mapWithState(StateSpec.function(runningCount));
      mapped.checkpoint(Seconds(3));
      mapped.stateSnapshots().foreachRDD(namedFunction('cp.mapWithState'));
    };
    const first = outputBuffer('cp.mapWithState');
    const run1 = getOrCreate(dir, build);
    run1.ssc.start();
    await advanceBatches(run1.ssc, 4);
    await simulateDriverCrash(run1.ssc);
    const second = outputBuffer('cp.mapWithState');
    const run2 = getOrCreate(dir, build);
    run2.ssc.start();
    await run2.ssc.scheduler.awaitBatch(4000);
    await advanceBatches(run2.ssc, 3);
    expect(first.map(([, s]) => s)).toEqual([[], [['a', 1]], [['a', 2], ['b', 1]], [['a', 3], ['b', 2], ['c', 1]]]);
    expect(second.map(([, s]) => s)).toEqual([[['a', 3], ['b', 2], ['c', 1]], [['a', 4], ['b', 3], ['c', 1]], [['a', 5], ['b', 3], ['c', 1]], [['a', 5], ['b', 3], ['c', 1]]]);
  });

  it('getOrCreate calls createFn when the directory holds no checkpoint', () => {
    const { created } = getOrCreate(tempDir(), (ssc) => new TestInputDStream(ssc, [], 1).foreachRDD(namedFunction('cp.empty', () => undefined)));
    expect(created).toBe(true);
  });
});

describe('CheckpointSuite: basic rdd checkpoints', () => {
  it('checkpoints the state stream every interval and deletes the RDD checkpoints no longer needed', async () => {
    const dir = tempDir();
    let state: DStream<[string, number]> | undefined;
    const { ssc } = getOrCreate(dir, (fresh) => {
      state = new TestInputDStream(fresh, Array.from({ length: 12 }, () => ['a']), 2)
        .map((x) => [x, 1] as [string, number])
        .updateStateByKey((values: number[], s: number | undefined) => values.length + (s ?? 0))
        .checkpoint(Seconds(2));
      state.foreachRDD(namedFunction('cp.files', async (rdd: RDD<[string, number]>) => void (await rdd.count())));
    });
    ssc.start();
    await advanceBatches(ssc, 4);
    const early = [...(state as DStream<[string, number]>).checkpointData.files];
    expect(early.map(([t]) => t)).toEqual([2000, 4000]);
    expect(early.every(([, f]) => existsSync(f.path))).toBe(true);
    await advanceBatches(ssc, 6);
    expect([...(state as DStream<[string, number]>).checkpointData.files.keys()]).toEqual([8000, 10000]);
    expect(early.some(([, f]) => existsSync(f.path))).toBe(false);
  });
});
