/**
 * Sources whose partitions are read in the tasks (planInputPartitions + a registered reader):
 * rate, rate-micro-batch and a user's format, on inline executors and on worker threads, with
 * exact rows per batch on a ManualClock and a restart that replays a logged batch.
 * Spark: RateStreamProviderSuite, RatePerMicroBatchProviderSuite.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { col, IllegalArgumentError, IllegalStateError, ManualClock, registerStreamSourceProvider, SparkSession, StructType, Trigger } from '../../../../src/index.js';
import type { Row } from '../../../../src/index.js';
import { CrashPoints } from '../../../../src/testing.js';
import { MASTERS } from '../../../support/sparkContexts.js';
import { caught, tempDir } from '../support.js';
import { counterProvider } from './counterSource.js';

let spark: SparkSession | undefined;
afterEach(async () => {
  for (const q of spark?.streams.active ?? []) await q.stop();
  spark?.stop();
  spark = undefined;
});

function session(master: string, clock = new ManualClock(0)): { spark: SparkSession; clock: ManualClock } {
  spark = SparkSession.builder().master(master).config('spark.sql.shuffle.partitions', 2).clock(clock).getOrCreate();
  return { spark, clock };
}

/** A foreachBatch sink that keeps each batch's rows (sorted by value) by batch id, replays included. */
function batchesSink(): { readonly batches: [number, Row[]][]; write(df: { collect(): Promise<Row[]> }, batchId: number): Promise<void> } {
  const batches: [number, Row[]][] = [];
  return {
    batches,
    async write(df, batchId) {
      batches.push([batchId, (await df.collect()).sort((a, b) => Number(a['value']) - Number(b['value']))]);
    },
  };
}

describe.each(MASTERS)('sources read in the tasks on %s', (master) => {
  const onWorker = master.startsWith('local-workers');

  it('rate: the rows due each clock second, made in the tasks, with numInputRows known from the offsets', async () => {
    const { spark, clock } = session(master);
    const query = spark.readStream.format('rate').option('rowsPerSecond', 3).option('numPartitions', 2).load()
      .writeStream.format('memory').queryName('rate').start();
    clock.advance(1000);
    await query.processAllAvailable();
    clock.advance(1000);
    await query.processAllAvailable();
    expect(await spark.table('rate').orderBy('value').collect()).toEqual([
      { timestamp: 0, value: 0 },
      { timestamp: 333, value: 1 },
      { timestamp: 667, value: 2 },
      { timestamp: 1000, value: 3 },
      { timestamp: 1333, value: 4 },
      { timestamp: 1667, value: 5 },
    ]);
    expect(query.recentProgress.map((p) => [p.batchId, p.numInputRows, p.sources[0]!.endOffset])).toEqual([[0, 3, '1'], [1, 3, '2']]);
  });

  it('rate-micro-batch: rowsPerBatch rows per ProcessingTime trigger, timestamps advancing advanceMillisPerBatch', async () => {
    const { spark, clock } = session(master, new ManualClock(5_000));
    const sink = batchesSink();
    const query = spark.readStream.format('rate-micro-batch').option('rowsPerBatch', 4).option('numPartitions', 3)
      .option('startTimestamp', 1000).option('advanceMillisPerBatch', 100).load()
      .writeStream.trigger(Trigger.ProcessingTime('1 second')).foreachBatch((df, id) => sink.write(df, id)).start();
    await untilBatch(query, 0);
    clock.advance(1000);
    await untilBatch(query, 1);
    expect(sink.batches).toEqual([
      [0, [{ timestamp: 1000, value: 0 }, { timestamp: 1025, value: 1 }, { timestamp: 1050, value: 2 }, { timestamp: 1075, value: 3 }]],
      [1, [{ timestamp: 1100, value: 4 }, { timestamp: 1125, value: 5 }, { timestamp: 1150, value: 6 }, { timestamp: 1175, value: 7 }]],
    ]);
    expect(query.recentProgress.map((p) => [p.numInputRows, p.sources[0]!.endOffset])).toEqual([
      [4, '{"offset":4,"timestamp":1100}'],
      [4, '{"offset":8,"timestamp":1200}'],
    ]);
  });

  it('rate-micro-batch: a restart replays the batch that was logged but not committed with the same rows, then goes on', async () => {
    const { spark } = session(master);
    const checkpoint = tempDir();
    const sink = batchesSink();
    const start = () => spark.readStream.format('rate-micro-batch').option('rowsPerBatch', 3).option('numPartitions', 2).load()
      .writeStream.trigger(Trigger.AvailableNow()).option('checkpointLocation', checkpoint).foreachBatch((df, id) => sink.write(df, id)).start();
    expect(await start().awaitTermination()).toBe(true);
    const removeHook = CrashPoints.install((step, batchId) => {
      if (step === 'sinkWrite' && batchId === 1) throw new IllegalStateError('TEST_CRASH', 'crash after the sink wrote batch 1');
    });
    const crashed = start();
    await crashed.awaitTermination().catch(() => undefined);
    removeHook();
    expect(crashed.exception()?.cause).toMatchObject({ errorClass: 'TEST_CRASH' });
    const resumed = start();
    await resumed.awaitTermination();
    expect(sink.batches.map(([id, batch]) => [id, batch.map((r) => r['value'])])).toEqual([[0, [0, 1, 2]], [1, [3, 4, 5]], [1, [3, 4, 5]], [2, [6, 7, 8]]]);
    expect(sink.batches[1]![1]).toEqual([{ timestamp: 1000, value: 3 }, { timestamp: 1333, value: 4 }, { timestamp: 1667, value: 5 }]);
    expect(sink.batches[2]).toEqual(sink.batches[1]);
    expect(resumed.recentProgress.map((p) => [p.batchId, p.numInputRows])).toEqual([[1, 3], [2, 3]]);
  });

  it('a registered format: its reader runs in the tasks, where the executors are', async () => {
    const { spark } = session(master);
    const query = spark.readStream.format('test-counter').option('total', 10).option('rowsPerBatch', 4).load()
      .writeStream.format('memory').queryName('counter').start();
    await query.processAllAvailable();
    expect(await spark.table('counter').orderBy('value').select('value', 'tens', 'partition').collect()).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((v) => ({ value: v, tens: v * 10, partition: partitionOf(v) })),
    );
    expect(await spark.table('counter').where(col('onWorker').equalTo(onWorker)).count()).toBe(10);
    expect(query.recentProgress.map((p) => p.numInputRows)).toEqual([4, 4, 2]);
  });

  it('a source without planned row counts: numInputRows counted as the tasks read the rows', async () => {
    const { spark } = session(master);
    const query = spark.readStream.format(counterProvider).option('total', 7).option('rowsPerBatch', 5).option('plansRowCounts', false).load()
      .where(col('value').mod(2).equalTo(0))
      .writeStream.format('memory').queryName('uncounted').start();
    await query.processAllAvailable();
    expect((await spark.table('uncounted').orderBy('value').collect()).map((r) => r['value'])).toEqual([0, 2, 4, 6]);
    expect(query.recentProgress.map((p) => p.numInputRows)).toEqual([5, 2]);
  });

  it('a source without planned row counts: a batch its plan reads twice (a self-union) counts its rows once', async () => {
    const { spark } = session(master);
    const counter = spark.readStream.format(counterProvider).option('total', 3).option('rowsPerBatch', 3).option('plansRowCounts', false).load();
    const query = counter.union(counter).writeStream.format('memory').queryName('twice').start();
    await query.processAllAvailable();
    expect((await spark.table('twice').collect()).map((r) => r['value']).sort()).toEqual([0, 0, 1, 1, 2, 2]);
    expect(query.recentProgress.map((p) => p.numInputRows)).toEqual([3]);
  });

  it('a source without planned row counts: a batch read by two jobs counts its rows once', async () => {
    const { spark } = session(master);
    const sizes: number[] = [];
    const query = spark.readStream.format(counterProvider).option('total', 6).option('rowsPerBatch', 6).option('plansRowCounts', false).load()
      .writeStream.foreachBatch(async (df) => {
        sizes.push((await df.collect()).length, await df.count());
      }).start();
    await query.processAllAvailable();
    expect(sizes).toEqual([6, 6]);
    expect(query.recentProgress.map((p) => p.numInputRows)).toEqual([6]);
  });
});

/** Resolves once the query has finished batch `batchId`. */
async function untilBatch(query: { lastProgress: { batchId: number } | null; execution: { nextChange(): Promise<void> } }, batchId: number): Promise<void> {
  while (query.lastProgress?.batchId !== batchId) await query.execution.nextChange();
}

/** The partition of value v with 4 rows per batch in 2 partitions: batch [0,4) -> 0,0,1,1; [4,8) -> 0,0,1,1; [8,10) -> 0,1. */
function partitionOf(v: number): number {
  if (v >= 8) return v - 8;
  return (v % 4) < 2 ? 0 : 1;
}

describe('source formats', () => {
  it('lists the registered formats after the built-in ones for an unknown format', () => {
    const { spark } = session('local');
    const error = caught(() => spark.readStream.format('parquet').load());
    expect(error).toBeInstanceOf(IllegalArgumentError);
    expect(error.errorClass).toBe('UNSUPPORTED_STREAMING_FORMAT');
    expect(error.message).toBe('Data source parquet does not support streamed reading. Available formats: rate, rate-micro-batch, socket, text, json, csv, log, kafka, test-counter.');
  });

  it('refuses a provider whose short name is built in or taken by another provider', () => {
    const rate = caught(() => registerStreamSourceProvider({ ...counterProvider, shortName: 'Rate' }));
    expect(rate).toBeInstanceOf(IllegalArgumentError);
    expect(rate.errorClass).toBe('SOURCE_FORMAT_ALREADY_REGISTERED');
    expect(rate.message).toContain('The streaming source format "Rate" is already built in.');
    const taken = caught(() => registerStreamSourceProvider({ ...counterProvider }));
    expect(taken.message).toContain('"test-counter" is already registered by another provider');
    registerStreamSourceProvider(counterProvider);
  });

  it('rate-micro-batch needs a positive rowsPerBatch, checked at load', () => {
    const { spark } = session('local');
    const missing = caught(() => spark.readStream.format('rate-micro-batch').load());
    expect(missing.errorClass).toBe('MISSING_OPTION');
    expect(missing.message).toContain('The rate-micro-batch source needs the option "rowsPerBatch"');
    const zero = caught(() => spark.readStream.format('rate-micro-batch').option('rowsPerBatch', 0).load());
    expect(zero.errorClass).toBe('INVALID_OPTION');
    expect(zero.message).toBe('Invalid value 0 for "rowsPerBatch" of the rate-micro-batch source: it must be positive.');
  });

  it('rate-micro-batch refuses continuous processing at start(), as Spark\'s micro-batch-only table does', () => {
    const { spark } = session('local');
    const error = caught(() => spark.readStream.format('rate-micro-batch').option('rowsPerBatch', 2).load()
      .writeStream.format('memory').queryName('c').trigger(Trigger.Continuous('1 second')).start());
    expect(error.errorClass).toBe('CONTINUOUS_UNSUPPORTED_CONNECTOR');
    expect(error.message).toContain('Continuous processing does not support the source rate-micro-batch');
    expect(spark.streams.active).toEqual([]);
  });

  it('a reader no module of the thread registered fails the task naming the reader and the fix', async () => {
    const { spark } = session('local');
    const source = {
      schema: new StructType().add('value', 'long'),
      latestOffset: () => 1,
      planInputPartitions: () => [{ numRows: 1 }],
      createReaderFactory: () => ({ name: 'test.never-registered', createReader: () => [] }),
      getBatch: () => [],
      commit: () => undefined,
      stop: () => undefined,
    };
    const query = spark.readStream.format({ shortName: 'unregistered', sourceSchema: () => source.schema, createSource: () => source })
      .load().writeStream.format('memory').queryName('u').start();
    await query.awaitTermination().catch(() => undefined);
    expect(String(query.exception()?.message)).toContain('No partition reader "test.never-registered" is registered in this thread');
  });
});
