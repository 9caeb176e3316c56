/**
 * The context's lifecycle and every validation error, by message (Spark's StreamingContextSuite,
 * DStream.validateAtInit / validateAtStart, WindowedDStream's checks).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  IllegalArgumentError,
  IllegalStateError,
  ManualClock,
  Milliseconds,
  Seconds,
  SparkContext,
  SparkException,
  StateSpec,
  StreamingContext,
  Time,
  type DStream,
} from '../../src/index.js';
import { TestInputDStream, advanceBatches, tempDir } from '../../src/testing.js';

let contexts: StreamingContext[] = [];
function newContext(batch = Seconds(1)): { ssc: StreamingContext; clock: ManualClock; input: DStream<number> } {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext(new SparkContext({ master: 'local[2]', clock }), batch);
  contexts.push(ssc);
  return { ssc, clock, input: new TestInputDStream(ssc, [[1], [2], [3], [4]], 2) };
}

afterEach(async () => {
  for (const ssc of contexts) await ssc.stop();
  contexts = [];
});

describe('StreamingContextSuite: lifecycle', () => {
  it('starts the first batch one batch duration after the clock time, as RecurringTimer does', async () => {
    const { ssc, input } = newContext();
    const times: number[] = [];
    input.foreachRDD((_rdd, time) => void times.push(time.milliseconds));
    ssc.start();
    expect(ssc.getState()).toBe('ACTIVE');
    await advanceBatches(ssc, 3);
    expect(times).toEqual([1000, 2000, 3000]);
  });

  it('runs exactly the batches that are due when a test advances the ManualClock several batches at once', async () => {
    const { ssc, clock, input } = newContext(Milliseconds(500));
    const times: number[] = [];
    input.foreachRDD((_rdd, time) => void times.push(time.milliseconds));
    ssc.start();
    clock.advance(1700);
    await ssc.scheduler.awaitBatch(1500);
    expect(times).toEqual([500, 1000, 1500]);
  });

  it('stop() makes awaitTermination resolve and getState STOPPED; stop is idempotent', async () => {
    const { ssc, input } = newContext();
    input.print();
    ssc.start();
    const terminated = ssc.awaitTermination();
    await ssc.stop({ stopSparkContext: false });
    await expect(terminated).resolves.toBeUndefined();
    expect(ssc.getState()).toBe('STOPPED');
    await ssc.stop({ stopSparkContext: false });
    expect(ssc.sparkContext.isStopped).toBe(false);
  });

  it('awaitTerminationOrTimeout returns false when the clock passes the timeout first, true after stop', async () => {
    const { ssc, clock, input } = newContext();
    input.foreachRDD(() => undefined);
    ssc.start();
    const waiting = ssc.awaitTerminationOrTimeout(500);
    clock.advance(500);
    await expect(waiting).resolves.toBe(false);
    const second = ssc.awaitTerminationOrTimeout(10_000);
    await ssc.stop({ stopSparkContext: false });
    await expect(second).resolves.toBe(true);
  });

  it('awaitTermination rejects with the error of a failed output operation, wrapped with the batch time', async () => {
    const { ssc, input } = newContext();
    input.foreachRDD(() => {
      throw new Error('sink is down');
    });
    ssc.start();
    const terminated = ssc.awaitTermination();
    await expect(advanceBatches(ssc, 1)).rejects.toThrow('Error running job for batch 1000 ms, output operation 0 (foreachRDD): sink is down');
    await expect(terminated).rejects.toBeInstanceOf(SparkException);
  });

  it('stop({ stopSparkContext: true }) stops the SparkContext too', async () => {
    const { ssc, input } = newContext();
    input.print();
    ssc.start();
    await ssc.stop({ stopSparkContext: true });
    expect(ssc.sparkContext.isStopped).toBe(true);
  });

  it('remember() keeps old batches for slice()', async () => {
    const { ssc, input } = newContext();
    input.foreachRDD(() => undefined);
    ssc.remember(Seconds(10));
    ssc.start();
    await advanceBatches(ssc, 4);
    const collect = async (from: number, to: number) => (await Promise.all(input.slice(new Time(from), new Time(to)).map((r) => r.collect()))).flat().sort();
    // BasicOperationsSuite "slice": both ends included, times aligned down to the slide.
    expect(await collect(0, 1000)).toEqual([1]);
    expect(await collect(0, 2000)).toEqual([1, 2]);
    expect(await collect(1000, 2000)).toEqual([1, 2]);
    expect(await collect(2000, 4000)).toEqual([2, 3, 4]);
    expect(await collect(1500, 2500)).toEqual([1, 2]);
  });
});

describe('StreamingContextSuite: validation errors, in Spark\'s words', () => {
  it('rejects a window duration that is not a multiple of the parent\'s slide duration', () => {
    const { input } = newContext(Seconds(2));
    expect(() => input.window(Seconds(3))).toThrow(IllegalArgumentError);
    expect(() => input.window(Seconds(3))).toThrow(
      'The window duration of windowed DStream (3000 ms) must be a multiple of the slide duration of parent DStream (2000 ms). A window is a whole number of parent batches; use e.g. 2000 ms or 4000 ms.',
    );
  });

  it('rejects a slide duration that is not a multiple of the parent\'s slide duration, for window and reduceByKeyAndWindow', () => {
    const { input } = newContext(Seconds(2));
    expect(() => input.window(Seconds(4), Seconds(3))).toThrow('The slide duration of windowed DStream (3000 ms) must be a multiple of the slide duration of parent DStream (2000 ms).');
    const pairs = input.map((x) => [x, 1] as [number, number]);
    expect(() => pairs.reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, Seconds(4), Seconds(3))).toThrow(
      'The slide duration of windowed DStream (3000 ms) must be a multiple of the slide duration of parent DStream (2000 ms).',
    );
    expect(() => pairs.reduceByKeyAndWindow((a, b) => a + b, Seconds(5))).toThrow('The window duration of windowed DStream (5000 ms) must be a multiple of the slide duration of parent DStream (2000 ms).');
  });

  it('refuses to start without an output operation', () => {
    const { ssc, input } = newContext();
    input.map((x) => x + 1);
    expect(() => ssc.start()).toThrow(IllegalArgumentError);
    expect(() => newContext().ssc.start()).toThrow(
      'No output operations registered, so nothing to execute. Transformations are lazy: call print(), foreachRDD() or saveAsTextFiles() on a DStream before start().',
    );
  });

  it('refuses inputs, transformations and outputs added after start', () => {
    const { ssc, input } = newContext();
    input.print();
    ssc.start();
    expect(() => input.map((x) => x)).toThrow(IllegalStateError);
    expect(() => input.map((x) => x)).toThrow(
      'Adding new inputs, transformations, and output operations after starting a context is not supported (new MappedDStream was called on a context that is ACTIVE). Define the whole DStream graph before calling start().',
    );
    expect(() => input.print()).toThrow('Adding new inputs, transformations, and output operations after starting a context is not supported');
    expect(() => ssc.queueStream([])).toThrow('Adding new inputs, transformations, and output operations after starting a context is not supported');
  });

  it('refuses graph changes after stop', async () => {
    const { ssc, input } = newContext();
    input.print();
    ssc.start();
    await ssc.stop({ stopSparkContext: false });
    expect(() => input.filter(() => true)).toThrow('Adding new inputs, transformations, and output operations after stopping a context is not supported');
  });

  it.each([
    ['updateStateByKey', 'StateDStream', (s: DStream<number>) => s.map((x) => [x, 1] as [number, number]).updateStateByKey((vs: number[], st: number | undefined) => vs.length + (st ?? 0))],
    ['mapWithState', 'InternalMapWithStateDStream', (s: DStream<number>) => s.map((x) => [x, 1] as [number, number]).mapWithState(StateSpec.function((_k: number, v: number | undefined) => v))],
    ['reduceByKeyAndWindow with an inverse function', 'ReducedWindowedDStream', (s: DStream<number>) => s.map((x) => [x, 1] as [number, number]).reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, Seconds(2))],
  ])('refuses to start %s without a checkpoint directory', (_name, streamName, build) => {
    const { ssc, input } = newContext();
    build(input).print();
    expect(() => ssc.start()).toThrow(IllegalArgumentError);
    expect(() => newStateful(build).start()).toThrow(
      `The checkpoint directory has not been set. Please set it by StreamingContext.checkpoint(). ${streamName} checkpoints its RDDs every 10000 ms`,
    );
  });

  it('refuses to start a stopped context again', async () => {
    const { ssc, input } = newContext();
    input.print();
    ssc.start();
    await ssc.stop({ stopSparkContext: false });
    expect(() => ssc.start()).toThrow(IllegalStateError);
    expect(() => ssc.start()).toThrow(
      'StreamingContext has already been stopped. A stopped context cannot be started again: create a new StreamingContext, or recover one with StreamingContext.getOrCreate(checkpointDir, createFn).',
    );
  });

  it('a context whose start failed is stopped and cannot be started again', () => {
    const { ssc } = newContext();
    expect(() => ssc.start()).toThrow('No output operations registered');
    expect(ssc.getState()).toBe('STOPPED');
    expect(() => ssc.start()).toThrow('StreamingContext has already been stopped');
  });

  it('rejects a checkpoint interval that is not a multiple of the slide duration', () => {
    const { ssc, input } = newContext();
    ssc.checkpoint(tempDir());
    input.map((x) => [x, 1] as [number, number]).updateStateByKey((vs: number[], st: number | undefined) => vs.length + (st ?? 0)).checkpoint(Milliseconds(1500)).print();
    expect(() => ssc.start()).toThrow(
      'The checkpoint interval for StateDStream has been set to 1500 ms which is not a multiple of its slide time (1000 ms). Please set it to a multiple of 1000 ms, e.g. 1000 ms or 2000 ms.',
    );
  });

  it('slice() before start fails: the stream has not been initialized', () => {
    const { input } = newContext();
    expect(() => input.slice(new Time(0), new Time(1000))).toThrow(SparkException);
    expect(() => input.slice(new Time(0), new Time(1000))).toThrow('has not been initialized');
  });

  it('a checkpointed graph must be serialisable: a function reading an outer variable fails at start', () => {
    const { ssc, input } = newContext();
    ssc.checkpoint(tempDir());
    const factor = 3;
    input.map((x) => x * factor).print();
    expect(() => ssc.start()).toThrow('DStream checkpointing has been enabled but the DStreams with their functions are not serializable.');
  });

  it('queueStream refuses checkpointing, as Spark\'s does', () => {
    const { ssc } = newContext();
    ssc.checkpoint(tempDir());
    ssc.queueStream([ssc.sparkContext.parallelize([1])]).print();
    expect(() => ssc.start()).toThrow("queueStream doesn't support checkpointing");
  });
});

function newStateful(build: (s: DStream<number>) => DStream<unknown>): StreamingContext {
  const { ssc, input } = newContext();
  build(input).print();
  return ssc;
}
