/**
 * Receiver-less inputs: textFileStream (files appearing in a directory, each read once) and the
 * direct stream over a PartitionedLog (the Kafka direct-stream model: offset ranges per batch).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, PartitionedLog, Seconds, SparkContext, StreamingContext, hasOffsetRanges, type DStream } from '../../src/index.js';
import { advanceBatches, tempDir } from '../../src/testing.js';

let contexts: StreamingContext[] = [];
function newContext(conf: Record<string, string> = {}, master = 'local[2]'): StreamingContext {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext(new SparkContext({ master, clock, conf }), Seconds(1));
  contexts.push(ssc);
  return ssc;
}
afterEach(async () => {
  for (const ssc of contexts) await ssc.stop();
  contexts = [];
});

function collect<T>(stream: DStream<T>): T[][] {
  const out: T[][] = [];
  stream.foreachRDD(async (rdd) => void out.push(await rdd.collect()));
  return out;
}

/** Writes a file elsewhere and moves it in, as Spark asks of file-stream producers. */
function moveIn(dir: string, staging: string, name: string, text: string): void {
  writeFileSync(join(staging, name), text);
  renameSync(join(staging, name), join(dir, name));
}

describe('textFileStream', () => {
  it('reads each new file once, in the batch where it first appears, ignoring files there at start and hidden ones', async () => {
    const dir = tempDir();
    const staging = tempDir();
    writeFileSync(join(dir, 'before-start.txt'), 'old\n');
    const ssc = newContext();
    const output = collect(ssc.textFileStream(dir));
    ssc.start();
    moveIn(dir, staging, 'a.txt', 'line 1\nline 2\n');
    moveIn(dir, staging, '.hidden', 'secret\n');
    moveIn(dir, staging, '_temporary', 'partial\n');
    await advanceBatches(ssc, 1);
    await advanceBatches(ssc, 1);
    moveIn(dir, staging, 'b.txt', 'line 3\n');
    await advanceBatches(ssc, 1);
    expect(output).toEqual([['line 1', 'line 2'], [], ['line 3']]);
  });
});

describe.each(['local[2]', 'local-workers[2]'])('directLogStream on %s', (master) => {
  it('reads an offset range per partition each batch, visible as offsetRanges on the batch RDD', async () => {
    const log = PartitionedLog.open();
    log.createTopic('events', 2);
    log.append('events', 0, ['a', 'b']);
    const ssc = newContext({}, master);
    const ranges: string[][] = [];
    const stream = ssc.directLogStream<string>(log, ['events'], { startingOffsets: 'earliest' });
    stream.foreachRDD((rdd) => void ranges.push(hasOffsetRanges(rdd) ? rdd.offsetRanges.map((r) => r.toString()) : []));
    const output = collect(stream.map((x) => x.toUpperCase()));
    ssc.start();
    await advanceBatches(ssc, 1);
    log.append('events', 1, ['c']);
    log.append('events', 0, ['d']);
    await advanceBatches(ssc, 2);
    expect(output).toEqual([['A', 'B'], ['D', 'C'], []]);
    expect(ranges).toEqual([
      ["OffsetRange(topic: 'events', partition: 0, range: [0 -> 2])", "OffsetRange(topic: 'events', partition: 1, range: [0 -> 0])"],
      ["OffsetRange(topic: 'events', partition: 0, range: [2 -> 3])", "OffsetRange(topic: 'events', partition: 1, range: [0 -> 1])"],
      ["OffsetRange(topic: 'events', partition: 0, range: [3 -> 3])", "OffsetRange(topic: 'events', partition: 1, range: [1 -> 1])"],
    ]);
  });

  it('starts at the latest offsets by default, and maxRatePerPartition caps each range per batch', async () => {
    const log = PartitionedLog.open();
    log.createTopic('t', 1);
    log.append('t', 0, ['old']);
    const ssc = newContext({}, master);
    const output = collect(ssc.directLogStream<string>(log, ['t'], { maxRatePerPartition: 2 }));
    ssc.start();
    log.append('t', 0, ['n1', 'n2', 'n3', 'n4', 'n5']);
    await advanceBatches(ssc, 4);
    expect(output).toEqual([['n1', 'n2'], ['n3', 'n4'], ['n5'], []]);
  });
});
