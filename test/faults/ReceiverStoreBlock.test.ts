/**
 * Receiver.storeBlock (Spark's store(ArrayBuffer) of a reliable receiver): the block is with the
 * tracker, and in the write-ahead log when it is on, as soon as the call resolves, so a receiver
 * may acknowledge its source then. A driver crash right after it loses the block without the
 * write-ahead log and keeps it with one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, Receiver, Seconds, SparkContext, StreamingContext, namedFunction, registerReceiverKind, type RDD, type Time } from '../../src/index.js';
import { advanceBatches, simulateDriverCrash, tempDir } from '../../src/testing.js';

class BlockReceiver extends Receiver<string> {
  static latest: BlockReceiver | undefined;
  onStart(): void {
    BlockReceiver.latest = this;
  }
  onStop(): void {}
  override describe() {
    return { kind: 'faults.BlockReceiver', params: {} };
  }
}
registerReceiverKind('faults.BlockReceiver', () => new BlockReceiver());

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function start(dir: string, wal: boolean): { ssc: StreamingContext; output: [number, string[]][] } {
  const output: [number, string[]][] = [];
  namedFunction('storeBlock.output', async (rdd: RDD<string>, time: Time) => void output.push([time.milliseconds, (await rdd.collect()).sort()]));
  const sc = new SparkContext({ master: 'local[2]', clock: new ManualClock(0), conf: { 'spark.streaming.receiver.writeAheadLog.enable': String(wal) } });
  const ssc = StreamingContext.getOrCreate(dir, () => {
    const fresh = new StreamingContext(sc, Seconds(1));
    fresh.checkpoint(dir);
    fresh.receiverStream(new BlockReceiver()).foreachRDD(namedFunction('storeBlock.output'));
    return fresh;
  }, { sparkContext: sc });
  cleanups.push(async () => {
    await ssc.stop({ stopSparkContext: false });
    await sc.stop();
  });
  ssc.start();
  return { ssc, output };
}

describe('Receiver.storeBlock', () => {
  it('puts the records in the next batch as one block, without waiting for the block interval', async () => {
    const { ssc, output } = start(tempDir(), false);
    await BlockReceiver.latest!.storeBlock(['b', 'a']);
    await BlockReceiver.latest!.storeBlock([]);
    await advanceBatches(ssc, 2);
    expect(output).toEqual([[1000, ['a', 'b']], [2000, []]]);
    expect(ssc.scheduler.receiverTracker?.getNumRecordsReceived(0)).toBe(2);
  });

  it.each([
    [true, [[1000, []], [2000, ['x', 'y']]]],
    [false, [[1000, []], [2000, []]]],
  ])('with the write-ahead log %s, a block stored just before a driver crash is processed after recovery: %j', async (wal, expected) => {
    const dir = tempDir();
    const first = start(dir, wal);
    await advanceBatches(first.ssc, 1);
    await BlockReceiver.latest!.storeBlock(['x', 'y']);
    await simulateDriverCrash(first.ssc);
    expect(first.output).toEqual([[1000, []]]);
    // The recovered context re-runs batch 1000 (its last checkpoint), then runs 2000.
    const second = start(dir, wal);
    await second.ssc.scheduler.awaitBatch(1000);
    await advanceBatches(second.ssc, 1);
    expect(second.output).toEqual(expected);
  });

  it('with the write-ahead log, a block stored before the first checkpoint is lost with the driver: the restart finds no checkpoint and starts afresh, ignoring the log (as Spark does)', async () => {
    const dir = tempDir();
    const first = start(dir, true);
    await BlockReceiver.latest!.storeBlock(['x', 'y']);
    await simulateDriverCrash(first.ssc);
    const second = start(dir, true);
    await advanceBatches(second.ssc, 2);
    expect(second.output).toEqual([[1000, []], [2000, []]]);
  });
});
