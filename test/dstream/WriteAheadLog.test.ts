/**
 * spark.streaming.receiver.writeAheadLog.enable: with it, records a receiver stored but no batch
 * processed survive a driver crash and are processed by the recovered context; without it they
 * are lost (they lived in the dead driver's memory). Spark: ReceivedBlockTrackerSuite and
 * the streaming programming guide's "Deploying Applications: write-ahead logs".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, Receiver, Seconds, SparkContext, StreamingContext, namedFunction, registerReceiverKind, settle, type RDD, type Time } from '../../src/index.js';
import { advanceBatches, simulateDriverCrash, tempDir } from '../../src/testing.js';

/** A checkpointable receiver the test pushes records into. */
class PushReceiver extends Receiver<string> {
  static latest: PushReceiver | undefined;
  onStart(): void {
    PushReceiver.latest = this;
  }
  onStop(): void {}
  override describe() {
    return { kind: 'test.PushReceiver', params: {} };
  }
}
registerReceiverKind('test.PushReceiver', () => new PushReceiver());

const sparkContexts: SparkContext[] = [];
const contexts: StreamingContext[] = [];
afterEach(async () => {
  for (const ssc of contexts.splice(0)) await ssc.stop({ stopSparkContext: false });
  for (const sc of sparkContexts.splice(0)) await sc.stop();
});

function start(dir: string, walEnabled: boolean): { ssc: StreamingContext; output: [number, string[]][] } {
  const output: [number, string[]][] = [];
  namedFunction('wal.output', async (rdd: RDD<string>, time: Time) => void output.push([time.milliseconds, (await rdd.collect()).sort()]));
  const sc = new SparkContext({ master: 'local[2]', clock: new ManualClock(0), conf: { 'spark.streaming.receiver.writeAheadLog.enable': String(walEnabled) } });
  sparkContexts.push(sc);
  const ssc = StreamingContext.getOrCreate(dir, () => {
    const fresh = new StreamingContext(sc, Seconds(1));
    fresh.checkpoint(dir);
    fresh.receiverStream(new PushReceiver()).foreachRDD(namedFunction('wal.output'));
    return fresh;
  }, { sparkContext: sc });
  contexts.push(ssc);
  ssc.start();
  return { ssc, output };
}

/** Batch 1000 processes "a"; "b" and "c" are received at 1000-1200 and the driver dies at 1200, before batch 2000. */
async function receiveThenCrash(dir: string, walEnabled: boolean): Promise<[number, string[]][]> {
  const { ssc, output } = start(dir, walEnabled);
  void PushReceiver.latest?.store('a');
  await advanceBatches(ssc, 1);
  void PushReceiver.latest?.store('b');
  void PushReceiver.latest?.store('c');
  (ssc.clock as ManualClock).advance(200);
  await settle();
  await simulateDriverCrash(ssc);
  return output;
}

describe('receiver write-ahead log', () => {
  it('with the write-ahead log, data received but not processed before a driver crash is processed after recovery', async () => {
    const dir = tempDir();
    expect(await receiveThenCrash(dir, true)).toEqual([[1000, ['a']]]);
    const { ssc, output } = start(dir, true);
    await ssc.scheduler.awaitBatch(1000);
    await advanceBatches(ssc, 1);
    // Batch 1000 (the last checkpoint) runs again with its logged block; 2000 gets b and c.
    expect(output).toEqual([[1000, ['a']], [2000, ['b', 'c']]]);
  });

  it('without the write-ahead log, data received but not processed before a driver crash is lost', async () => {
    const dir = tempDir();
    expect(await receiveThenCrash(dir, false)).toEqual([[1000, ['a']]]);
    const { ssc, output } = start(dir, false);
    await ssc.scheduler.awaitBatch(1000);
    await advanceBatches(ssc, 1);
    expect(output).toEqual([[1000, []], [2000, []]]);
  });

  it('needs a checkpoint directory', () => {
    const sc = new SparkContext({ master: 'local[2]', clock: new ManualClock(0), conf: { 'spark.streaming.receiver.writeAheadLog.enable': 'true' } });
    sparkContexts.push(sc);
    const ssc = new StreamingContext(sc, Seconds(1));
    contexts.push(ssc);
    ssc.receiverStream(new PushReceiver()).print();
    expect(() => ssc.start()).toThrow('spark.streaming.receiver.writeAheadLog.enable is true but no checkpoint directory is set');
  });
});
