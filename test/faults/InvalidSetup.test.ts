/**
 * Invalid configuration and invalid queries fail before any data is read, in both engines: the
 * error comes from the call that builds or starts the query (or the context), no job runs, no
 * source is asked for data, and nothing is written to the checkpoint.
 */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  col,
  IllegalArgumentError,
  ManualClock,
  Milliseconds,
  PartitionedLog,
  Receiver,
  Seconds,
  SparkContext,
  StreamingContext,
  Trigger,
  window,
  type SparkSession,
} from '../../src/index.js';
import { CRASH_AFTER_KEY, TestInputDStream } from '../../src/testing.js';
import { EventRecorder } from '../support/recordEvents.js';
import { caught, newSession, tempDir } from './support.js';

/** A log that records whether anyone asked it for offsets (`reads`) or records (`dataReads`). */
function watchedLog(): { log: PartitionedLog; reads: () => number; dataReads: () => number } {
  const log = PartitionedLog.open();
  log.createTopic('events', 1);
  log.append('events', 0, [{ key: 'a', value: '1', timestamp: 1000 }]);
  let offsetReads = 0;
  let dataReads = 0;
  const latest = log.latestOffsets.bind(log);
  const read = log.read.bind(log);
  log.latestOffsets = (topic: string) => (offsetReads++, latest(topic));
  log.read = (...args: Parameters<PartitionedLog['read']>) => (dataReads++, read(...args));
  return { log, reads: () => offsetReads + dataReads, dataReads: () => dataReads };
}

function events(spark: SparkSession, log: PartitionedLog) {
  return spark.readStream.format('log').option('log', log).option('subscribe', 'events').option('startingOffsets', 'earliest').option('recordIsMessage', true).load();
}

describe('Structured: refused before any data is read', () => {
  const cases: [string, string, (spark: SparkSession, log: PartitionedLog, ckpt: string) => unknown][] = [
    ['an invalid maxOffsetsPerTrigger', 'INVALID_OPTION', (spark, log) => spark.readStream.format('log').option('log', log).option('subscribe', 'events').option('maxOffsetsPerTrigger', -5).load()],
    ['an unknown topic', 'LOG_UNKNOWN_TOPIC', (spark, log) => spark.readStream.format('log').option('log', log).option('subscribe', 'nope').load()],
    ['an unknown column', 'UNRESOLVED_COLUMN', (spark, log) => events(spark, log).select(col('nope'))],
    ['a negative trigger interval', 'INVALID_TRIGGER_INTERVAL', (spark, log) => events(spark, log).writeStream.trigger(Trigger.ProcessingTime(-1))],
    ['append mode on an aggregation without a watermark', 'STREAMING_UNSUPPORTED_OPERATION', (spark, log, ckpt) =>
      events(spark, log).groupBy(window(col('timestamp'), '5 seconds')).count().writeStream.format('json').outputMode('append').option('checkpointLocation', ckpt).start(tempDir())],
    ['a file sink without a checkpoint location', 'CHECKPOINT_LOCATION_REQUIRED', (spark, log) => events(spark, log).select('value').writeStream.format('json').start(tempDir())],
    ['an invalid crash point', 'INVALID_CRASH_POINT', (spark, log, ckpt) => {
      spark.conf.set(CRASH_AFTER_KEY, 'afterLunch');
      return events(spark, log).select('value').writeStream.format('memory').queryName('crash').option('checkpointLocation', ckpt).start();
    }],
  ];

  it.each(cases)('%s fails at once (%s); no job ran, the source was not read, the checkpoint is empty', async (_what, errorClass, build) => {
    const { spark } = newSession();
    const { log, reads } = watchedLog();
    const ckpt = tempDir();
    const jobs = new EventRecorder(spark.sparkContext);
    const error = await caught(() => build(spark, log, ckpt));
    expect(error.errorClass).toBe(errorClass);
    expect(jobs.of('jobStart')).toEqual([]);
    expect(reads()).toBe(0);
    expect(spark.streams.active).toEqual([]);
    expect(fs.readdirSync(ckpt).filter((f) => f !== 'metadata')).toEqual([]);
  });

  it('an invalid spark.sql.shuffle.partitions stops the query before its first batch reads the source', async () => {
    const { spark } = newSession({ 'spark.sql.shuffle.partitions': 0 });
    const { log, reads } = watchedLog();
    const jobs = new EventRecorder(spark.sparkContext);
    const ckpt = tempDir();
    const error = await caught(async () => {
      const query = events(spark, log).groupBy('key').count().writeStream.format('memory').queryName('p').outputMode('complete').option('checkpointLocation', ckpt).start();
      await query.processAllAvailable();
    });
    expect(error.message).toContain("The value '0' of the config \"spark.sql.shuffle.partitions\" is invalid: expected a positive integer");
    expect(jobs.of('jobStart')).toEqual([]);
    expect(reads()).toBe(0);
    expect(fs.existsSync(`${ckpt}/offsets`) ? fs.readdirSync(`${ckpt}/offsets`) : []).toEqual([]);
  });
});

class NeverReceiver extends Receiver<string> {
  started = false;
  onStart(): void {
    this.started = true;
  }
  onStop(): void {}
}

describe('DStream: refused before any data is read', () => {
  async function withContext(conf: Record<string, string>, body: (ssc: StreamingContext, sc: SparkContext) => void | Promise<void>): Promise<void> {
    const sc = new SparkContext({ master: 'local[2]', clock: new ManualClock(0), conf });
    const ssc = new StreamingContext(sc, Seconds(1));
    try {
      await body(ssc, sc);
    } finally {
      await ssc.stop();
    }
  }

  it('a context without output operations fails at start', async () => {
    await withContext({}, (ssc, sc) => {
      new TestInputDStream(ssc, [['a']], 1).map((x) => x);
      const jobs = new EventRecorder(sc);
      expect(() => ssc.start()).toThrow('No output operations registered, so nothing to execute.');
      expect(jobs.of('jobStart')).toEqual([]);
    });
  });

  it('a stateful stream without a checkpoint directory fails at start', async () => {
    await withContext({}, (ssc) => {
      new TestInputDStream(ssc, [['a']], 1).map((x) => [x, 1] as [string, number]).updateStateByKey((v: number[], s: number | undefined) => v.length + (s ?? 0)).print();
      const error = (() => {
        try {
          ssc.start();
        } catch (e) {
          return e as Error & { errorClass?: string };
        }
        throw new Error('expected an error');
      })();
      expect(error).toBeInstanceOf(IllegalArgumentError);
      expect(error.message).toContain('checkpoint');
    });
  });

  it('a window that is not a multiple of the batch duration fails when the window is built', async () => {
    await withContext({}, (ssc) => {
      const stream = new TestInputDStream(ssc, [['a']], 1);
      expect(() => stream.window(Milliseconds(1500), Seconds(1))).toThrow('The window duration of windowed DStream (1500 ms) must be a multiple of the slide duration of parent DStream (1000 ms).');
    });
  });

  it('the receiver write-ahead log without a checkpoint directory fails at start; the receiver never starts', async () => {
    await withContext({ 'spark.streaming.receiver.writeAheadLog.enable': 'true' }, (ssc) => {
      const receiver = new NeverReceiver();
      ssc.receiverStream(receiver).print();
      expect(() => ssc.start()).toThrow('spark.streaming.receiver.writeAheadLog.enable is true but no checkpoint directory is set');
      expect(receiver.started).toBe(false);
    });
  });

  it('an unparsable spark.streaming.blockInterval fails at start; the receiver never starts', async () => {
    await withContext({ 'spark.streaming.blockInterval': 'soon' }, (ssc) => {
      const receiver = new NeverReceiver();
      ssc.receiverStream(receiver).print();
      expect(() => ssc.start()).toThrow('Cannot parse "soon" as a duration');
      expect(receiver.started).toBe(false);
    });
  });

  it('a batch duration of zero fails in the constructor', async () => {
    const sc = new SparkContext({ master: 'local[2]', clock: new ManualClock(0) });
    try {
      expect(() => new StreamingContext(sc, Seconds(0))).toThrow('The batch duration must be positive');
    } finally {
      await sc.stop();
    }
  });

  it('a direct stream on an unknown topic fails at start, before any batch reads the log', async () => {
    await withContext({}, (ssc) => {
      const { log, dataReads } = watchedLog();
      const error = (() => {
        try {
          ssc.directLogStream(log, ['nope']).print();
          ssc.start();
        } catch (e) {
          return e as Error & { errorClass?: string };
        }
        throw new Error('expected an error');
      })();
      expect(error.errorClass).toBe('LOG_UNKNOWN_TOPIC');
      expect(dataReads()).toBe(0);
    });
  });
});
