/**
 * Receiver-based inputs: a custom Receiver with store(), blocks every spark.streaming.blockInterval
 * (one partition per block), socketTextStream against a loopback server, observableStream, and
 * the rate limit spark.streaming.receiver.maxRate.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Subject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, Receiver, Seconds, SparkContext, StreamingContext, settle, type DStream } from '../../src/index.js';
import { advanceBatches } from '../../src/testing.js';

/** A receiver the test pushes records into. */
class PushReceiver extends Receiver<string> {
  started = 0;
  onStart(): void {
    this.started++;
  }
  onStop(): void {}
  push(...items: string[]): void {
    for (const item of items) void this.store(item);
  }
}

let contexts: StreamingContext[] = [];
function newContext(conf: Record<string, string> = {}): { ssc: StreamingContext; clock: ManualClock } {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext(new SparkContext({ master: 'local[2]', clock, conf }), Seconds(1));
  contexts.push(ssc);
  return { ssc, clock };
}
afterEach(async () => {
  for (const ssc of contexts) await ssc.stop();
  contexts = [];
});

/** Collects each batch's partitions. */
function collectPartitions<T>(stream: DStream<T>): T[][][] {
  const out: T[][][] = [];
  stream.foreachRDD(async (rdd) => void out.push(await rdd.glom().collect()));
  return out;
}

/** Lets I/O callbacks and microtasks run until `condition` holds (no wall-clock waiting). */
async function eventually(condition: () => boolean, maxTicks = 2000): Promise<void> {
  for (let i = 0; i < maxTicks && !condition(); i++) await settle();
  if (!condition()) throw new Error(`condition not met after ${maxTicks} event-loop turns`);
}

describe('custom receivers and blocks', () => {
  it('cuts what a receiver stores into a block every 200 ms: one partition per non-empty block', async () => {
    const { ssc, clock } = newContext();
    const receiver = new PushReceiver();
    const output = collectPartitions(ssc.receiverStream(receiver));
    ssc.start();
    expect(receiver.started).toBe(1);
    receiver.push('a', 'b');
    clock.advance(200);
    await settle();
    receiver.push('c');
    clock.advance(400);
    await settle();
    receiver.push('d', 'e');
    await advanceBatches(ssc, 1);
    // Blocks cut at 200 ([a, b]), 400 ([c]) and at the batch boundary ([d, e]); 600 and 800 were empty.
    expect(output).toEqual([[['a', 'b'], ['c'], ['d', 'e']]]);
  });

  it('puts a record in the batch of its arrival: stored at 1000 it is in batch 1000, at 1001 in batch 2000', async () => {
    const { ssc, clock } = newContext();
    const receiver = new PushReceiver();
    const output = collectPartitions(ssc.receiverStream(receiver).map((x) => x.toUpperCase()));
    ssc.start();
    receiver.push('x');
    clock.setTime(1000);
    await ssc.scheduler.awaitBatch(1000);
    clock.setTime(1001);
    receiver.push('y');
    await advanceBatches(ssc, 1);
    expect(output.map((b) => b.flat())).toEqual([['X'], ['Y']]);
  });

  it('follows spark.streaming.blockInterval', async () => {
    const { ssc, clock } = newContext({ 'spark.streaming.blockInterval': '500ms' });
    const receiver = new PushReceiver();
    const output = collectPartitions(ssc.receiverStream(receiver));
    ssc.start();
    receiver.push('a');
    clock.advance(200);
    await settle();
    receiver.push('b');
    clock.advance(400);
    await settle();
    receiver.push('c');
    await advanceBatches(ssc, 1);
    expect(output).toEqual([[['a', 'b'], ['c']]]);
  });

  it('posts receiver and batch events with the number of records received', async () => {
    const { ssc } = newContext();
    const events: string[] = [];
    ssc.addStreamingListener({
      onReceiverStarted: (e) => void events.push(`receiverStarted ${e.receiverInfo.name}`),
      onBatchCompleted: (e) => void events.push(`batchCompleted ${e.batchInfo.batchTime} records=${e.batchInfo.numRecords}`),
    });
    const receiver = new PushReceiver();
    ssc.receiverStream(receiver).foreachRDD(() => undefined);
    ssc.start();
    receiver.push('a', 'b', 'c');
    await advanceBatches(ssc, 2);
    expect(events).toEqual(['receiverStarted PushReceiver', 'batchCompleted 1000 ms records=3', 'batchCompleted 2000 ms records=0']);
  });
});

describe('spark.streaming.receiver.maxRate', () => {
  it('lets a receiver store at most maxRate records per second of clock time', async () => {
    const { ssc } = newContext({ 'spark.streaming.receiver.maxRate': '10' });
    const receiver = new PushReceiver();
    const output = collectPartitions(ssc.receiverStream(receiver));
    ssc.start();
    receiver.push(...Array.from({ length: 25 }, (_, i) => `r${i}`));
    await advanceBatches(ssc, 3);
    // Slots every 100 ms from 0: batch 1000 takes slots 0..1000 (11 records), then 10 per second.
    expect(output.map((b) => b.flat().length)).toEqual([11, 10, 4]);
    expect(output.flatMap((b) => b.flat())).toEqual(Array.from({ length: 25 }, (_, i) => `r${i}`));
  });
});

describe('socketTextStream', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('reads lines from a TCP server on 127.0.0.1, one record per line', async () => {
    let client: Socket | undefined;
    server = createServer((socket) => (client = socket));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as { port: number }).port;
    const { ssc } = newContext();
    const lines = ssc.socketTextStream('127.0.0.1', port);
    const output = collectPartitions(lines.flatMap((line) => line.split(' ')));
    ssc.start();
    await eventually(() => client !== undefined);
    client?.write('hello world\nhello');
    client?.write(' again\r\n');
    await eventually(() => ssc.scheduler.receiverTracker?.getNumRecordsReceived(0) === 2);
    await advanceBatches(ssc, 1);
    client?.write('bye\n');
    await eventually(() => ssc.scheduler.receiverTracker?.getNumRecordsReceived(0) === 3);
    await advanceBatches(ssc, 1);
    expect(output.map((b) => b.flat())).toEqual([['hello', 'world', 'hello', 'again'], ['bye']]);
    client?.destroy();
  });
});

describe('observableStream', () => {
  it('receives the values an rxjs Observable emits, each in the batch it was emitted in', async () => {
    const { ssc, clock } = newContext();
    const subject = new Subject<number>();
    const output = collectPartitions(ssc.observableStream(subject).map((x) => x * 10));
    ssc.start();
    subject.next(1);
    subject.next(2);
    clock.setTime(1000);
    await ssc.scheduler.awaitBatch(1000);
    subject.next(3);
    await advanceBatches(ssc, 2);
    expect(output.map((b) => b.flat())).toEqual([[10, 20], [30], []]);
  });
});

describe('stop({ stopGracefully })', () => {
  it('gracefully, waits (on the clock) until received data is processed in a batch', async () => {
    const { ssc, clock } = newContext();
    const receiver = new PushReceiver();
    const output = collectPartitions(ssc.receiverStream(receiver));
    ssc.start();
    await advanceBatches(ssc, 1);
    clock.setTime(1500);
    receiver.push('late-1', 'late-2');
    const stopped = ssc.stop({ stopSparkContext: false, stopGracefully: true });
    for (let i = 0; i < 5; i++) await settle();
    clock.setTime(2000);
    await stopped;
    expect(output.map((b) => b.flat())).toEqual([[], ['late-1', 'late-2']]);
  });

  it('immediately, drops what was received but not yet in a batch', async () => {
    const { ssc, clock } = newContext();
    const receiver = new PushReceiver();
    const output = collectPartitions(ssc.receiverStream(receiver));
    ssc.start();
    await advanceBatches(ssc, 1);
    clock.setTime(1500);
    receiver.push('late-1');
    await ssc.stop({ stopSparkContext: false });
    clock.setTime(3000);
    for (let i = 0; i < 5; i++) await settle();
    expect(output.map((b) => b.flat())).toEqual([[]]);
  });
});
