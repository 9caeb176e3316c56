import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AnalysisException, col, current_timestamp, FileStreamSink, IllegalStateError, PartitionedLog, type Row } from '../../../src/index.js';
import { intStream, streamingSession } from './querySupport.js';
import { caughtAsync, readText, tempDir } from './support.js';

describe('checkpoint layout and restart', () => {
  it('writes metadata, offsets/N and commits/N in Spark\'s layout with the batch watermark and timestamp', async () => {
    const { spark, clock } = streamingSession(1000);
    const input = intStream();
    const ckpt = tempDir();
    const query = input.toDF(spark).writeStream.format('memory').queryName('layout').option('checkpointLocation', ckpt).start();
    input.addData(1);
    await query.processAllAvailable();
    clock.advance(500);
    input.addData(2);
    await query.processAllAvailable();
    await query.stop();
    expect(fs.readdirSync(ckpt).sort()).toEqual(['commits', 'metadata', 'offsets']);
    expect(JSON.parse(readText(path.join(ckpt, 'metadata')))).toEqual({ id: query.id });
    expect(fs.readdirSync(path.join(ckpt, 'offsets')).sort()).toEqual(['0', '1']);
    expect(readText(path.join(ckpt, 'offsets', '1'))).toBe(
      'v1\n{"batchWatermarkMs":0,"batchTimestampMs":1500,"conf":{"spark.sql.shuffle.partitions":"2",'
        + '"spark.sql.streaming.multipleWatermarkPolicy":"min","twinstream.sourceNames":"MemoryStream"}}\n1',
    );
    expect(readText(path.join(ckpt, 'commits', '1'))).toBe('v1\n{"nextBatchWatermarkMs":0}');
  });

  it('keeps the query id across restarts and gives each run a new runId', async () => {
    const { spark } = streamingSession();
    const input = intStream();
    const ckpt = tempDir();
    const writer = () => input.toDF(spark).writeStream.format('memory').queryName('ids').option('checkpointLocation', ckpt);
    const first = writer().start();
    await first.stop();
    const second = writer().start();
    expect(second.id).toBe(first.id);
    expect(second.runId).not.toBe(first.runId);
    await second.stop();
  });

  it('re-runs a batch logged in offsets but not in commits with the same offsets: the file sink holds each row once', async () => {
    const { spark } = streamingSession();
    const log = PartitionedLog.open();
    log.createTopic('events', 1);
    const ckpt = tempDir();
    const out = tempDir();
    const start = () =>
      spark.readStream.format('log').option('log', log).option('subscribe', 'events').option('startingOffsets', 'earliest').load()
        .select('value', 'offset').writeStream.format('json').option('checkpointLocation', ckpt).start(out);
    let query = start();
    log.append('events', 0, ['a', 'b']);
    await query.processAllAvailable();
    log.append('events', 0, ['c']);
    await query.processAllAvailable();
    await query.stop();
    // The crash: batch 1 reached the sink, but its commit-log entry was never written.
    fs.rmSync(path.join(ckpt, 'commits', '1'));
    log.append('events', 0, ['d']);
    query = start();
    await query.processAllAvailable();
    expect(query.recentProgress.map((p) => [p.batchId, p.numInputRows, p.sources[0]!.startOffset, p.sources[0]!.endOffset, p.sink.numOutputRows])).toEqual([
      [1, 1, '{"events":{"0":2}}', '{"events":{"0":3}}', 1],
      [2, 1, '{"events":{"0":3}}', '{"events":{"0":4}}', 1],
    ]);
    await query.stop();
    const lines = FileStreamSink.committedFiles(out).flatMap((file) => readText(fileURLToPath(file)).trim().split('\n'));
    expect(lines.sort()).toEqual(['{"value":"a","offset":0}', '{"value":"b","offset":1}', '{"value":"c","offset":2}', '{"value":"d","offset":3}']);
    expect(fs.existsSync(path.join(ckpt, 'commits', '1'))).toBe(true);
  });

  it('re-runs a batch whose sink write died: the re-run writes it, the dead attempt\'s files are never committed', async () => {
    const { spark } = streamingSession();
    const log = PartitionedLog.open();
    log.createTopic('events', 1);
    const ckpt = tempDir();
    const out = tempDir();
    const start = () =>
      spark.readStream.format('log').option('log', log).option('subscribe', 'events').option('startingOffsets', 'earliest').load()
        .select('value').writeStream.format('csv').option('checkpointLocation', ckpt).start(out);
    let query = start();
    log.append('events', 0, ['a']);
    await query.processAllAvailable();
    log.append('events', 0, ['b']);
    await query.processAllAvailable();
    await query.stop();
    fs.rmSync(path.join(ckpt, 'commits', '1'));
    fs.rmSync(path.join(out, '_spark_metadata', '1'));
    query = start();
    await query.processAllAvailable();
    await query.stop();
    const values = FileStreamSink.committedFiles(out).map((file) => readText(fileURLToPath(file)).trim());
    expect(values.sort()).toEqual(['a', 'b']);
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.csv'))).toHaveLength(3);
  });

  it('foreachBatch keyed by batch id sees the failed batch again with the same rows and timestamp', async () => {
    const { spark, clock } = streamingSession(1000);
    const input = intStream();
    const ckpt = tempDir();
    const store = new Map<number, Row[]>();
    let failOnce = true;
    const start = () =>
      input
        .toDF(spark)
        .select(col('value'), current_timestamp().alias('ts'))
        .writeStream.option('checkpointLocation', ckpt)
        .foreachBatch(async (batch, batchId) => {
          store.set(batchId, await batch.collect());
          if (batchId === 1 && failOnce) {
            failOnce = false;
            throw new Error('crash after the write');
          }
        })
        .start();
    let query = start();
    input.addData(1, 2);
    await query.processAllAvailable();
    clock.advance(1000);
    input.addData(3);
    const error = await caughtAsync(() => query.processAllAvailable());
    expect(error.name).toBe('StreamingQueryException');
    expect(error.message).toContain('terminated with exception: crash after the write (in batch 1;');
    clock.advance(5000);
    query = start();
    await query.processAllAvailable();
    await query.stop();
    expect([...store.entries()]).toEqual([
      [0, [{ value: 1, ts: 1000 }, { value: 2, ts: 1000 }]],
      [1, [{ value: 3, ts: 2000 }]],
    ]);
  });
});

describe('checkpoints that are not this query\'s', () => {
  it('refuses the checkpoint of a query with other sources and changes nothing in it', async () => {
    const { spark } = streamingSession();
    const ckpt = tempDir();
    const first = spark.readStream.format('rate').load().writeStream.format('memory').queryName('r').option('checkpointLocation', ckpt).start();
    await first.stop();
    fs.mkdirSync(path.join(ckpt, 'offsets'), { recursive: true });
    fs.writeFileSync(path.join(ckpt, 'offsets', '0'), 'v1\n{"batchWatermarkMs":0,"batchTimestampMs":0,"conf":{"twinstream.sourceNames":"rate"}}\n3');
    const before = readText(path.join(ckpt, 'offsets', '0'));
    const input = intStream();
    const error = await caughtAsync(async () => input.toDF(spark).writeStream.format('memory').queryName('m').option('checkpointLocation', ckpt).start());
    expect(error).toBeInstanceOf(AnalysisException);
    expect(error.errorClass).toBe('CHECKPOINT_OF_ANOTHER_QUERY');
    expect(error.message).toContain('there are [1] sources in the checkpoint offsets (rate) and now there are [1] sources requested by the query (MemoryStream)');
    expect(readText(path.join(ckpt, 'offsets', '0'))).toBe(before);
    expect(spark.streams.active).toEqual([]);
  });

  it('refuses a damaged offset log file by name at start', async () => {
    const { spark } = streamingSession();
    const ckpt = tempDir();
    const input = intStream();
    const first = input.toDF(spark).writeStream.format('memory').queryName('d0').option('checkpointLocation', ckpt).start();
    input.addData(1);
    await first.processAllAvailable();
    await first.stop();
    fs.writeFileSync(path.join(ckpt, 'offsets', '0'), 'v1\n{not json');
    const error = await caughtAsync(async () => input.toDF(spark).writeStream.format('memory').queryName('d').option('checkpointLocation', ckpt).start());
    expect(error).toBeInstanceOf(IllegalStateError);
    expect(error.errorClass).toBe('CHECKPOINT_FILE_DAMAGED');
    expect(error.message).toContain(`The offset log file ${path.join(ckpt, 'offsets', '0')} is damaged: line 2 is not JSON`);
  });

  it('refuses a second run on a checkpoint an active run holds', async () => {
    const { spark } = streamingSession();
    const ckpt = tempDir();
    const input = intStream();
    const first = input.toDF(spark).writeStream.format('memory').queryName('a').option('checkpointLocation', ckpt).start();
    const error = await caughtAsync(async () => input.toDF(spark).writeStream.format('memory').queryName('b').option('checkpointLocation', ckpt).start());
    expect(error.errorClass).toBe('CONCURRENT_QUERY');
    expect(error.message).toContain(`another run (runId ${first.runId}) is already active on it`);
    await first.stop();
  });
});

describe('stateful queries across a restart', () => {
  it('keeps aggregation state in state/<operator>/<partition>/<version>.delta and continues from it', async () => {
    const { spark } = streamingSession();
    const input = intStream();
    const ckpt = tempDir();
    const start = () => input.toDF(spark).groupBy(col('value').mod(2).alias('parity')).count()
      .writeStream.format('memory').queryName('agg').outputMode('complete').option('checkpointLocation', ckpt).start();
    let query = start();
    input.addData(1, 2, 3);
    await query.processAllAvailable();
    await query.stop();
    expect(fs.readdirSync(ckpt).sort()).toEqual(['commits', 'metadata', 'offsets', 'state']);
    // Partitions 0 and 1 (beside them, _metadata/schema holds the state schema once the state layer writes it, as Spark does).
    expect(fs.readdirSync(path.join(ckpt, 'state', '0')).filter((f) => !f.startsWith('_')).sort()).toEqual(['0', '1']);
    expect(fs.readdirSync(path.join(ckpt, 'state', '0', '1')).filter((f) => !f.startsWith('.'))).toContain('1.delta');
    input.addData(5, 6);
    query = start();
    await query.processAllAvailable();
    expect(await spark.table('agg').orderBy('parity').collect()).toEqual([{ parity: 0, count: 2 }, { parity: 1, count: 3 }]);
  });
});
