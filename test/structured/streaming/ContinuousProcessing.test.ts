import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { col, type ForeachWriter, type Row, settle, Trigger } from '../../../src/index.js';
import { intStream, streamingSession } from './querySupport.js';
import { caught, readText, tempDir } from './support.js';

describe('continuous processing', () => {
  it('processes each record on arrival and commits an epoch every checkpoint interval on the clock', async () => {
    const { spark, clock } = streamingSession();
    const input = intStream();
    const ckpt = tempDir();
    const query = input.toDF(spark).where('value > 1').select(col('value').multiply(10).alias('v'))
      .writeStream.format('memory').queryName('cont').trigger(Trigger.Continuous('1 second')).option('checkpointLocation', ckpt).start();
    input.addData(1, 2, 3);
    while (!query.execution.isWaitingForTrigger) await query.execution.nextChange();
    expect(await spark.table('cont').collect()).toEqual([]); // processed, but epoch 0 is not committed yet
    clock.advance(1000);
    while (query.lastProgress?.batchId !== 0) await query.execution.nextChange();
    expect(await spark.table('cont').collect()).toEqual([{ v: 20 }, { v: 30 }]);
    expect(readText(path.join(ckpt, 'offsets', '0')).split('\n')[2]).toBe('0');
    expect(readText(path.join(ckpt, 'commits', '0'))).toBe('v1\n{"nextBatchWatermarkMs":0}');
    expect(query.lastProgress!.numInputRows).toBe(3);
    input.addData(4);
    await query.processAllAvailable();
    expect(await spark.table('cont').collect()).toEqual([{ v: 20 }, { v: 30 }, { v: 40 }]);
    expect(query.recentProgress.map((p) => p.batchId)).toEqual([0, 1]);
  });

  it('hands each row to a foreach writer as it arrives, without waiting for the clock or the epoch', async () => {
    const { spark } = streamingSession();
    const input = intStream();
    const calls: string[] = [];
    const writer: ForeachWriter = {
      open: (partition, epoch) => (calls.push(`open ${partition} ${epoch}`), true),
      process: (row: Row) => void calls.push(`process ${row.value}`),
      close: (error) => void calls.push(`close ${error}`),
    };
    const query = input.toDF(spark).writeStream.foreach(writer).trigger(Trigger.Continuous(60_000)).start();
    input.addData(7);
    for (let i = 0; i < 50 && calls.length < 2; i++) await settle();
    expect(calls).toEqual(['open 0 0', 'process 7']);
    input.addData(8);
    for (let i = 0; i < 50 && calls.length < 3; i++) await settle();
    expect(calls).toEqual(['open 0 0', 'process 7', 'process 8']);
    // addAll (an array at once) wakes the reader as addData does; the clock never moves.
    input.addAll([9, 10]);
    for (let i = 0; i < 50 && calls.length < 5; i++) await settle();
    expect(calls).toEqual(['open 0 0', 'process 7', 'process 8', 'process 9', 'process 10']);
    await query.processAllAvailable();
    expect(calls).toEqual(['open 0 0', 'process 7', 'process 8', 'process 9', 'process 10', 'close null']);
  });

  it('keeps the row order when a foreach writer answers with promises, and closes the epoch after its last row', async () => {
    const { spark, clock } = streamingSession();
    const input = intStream();
    const calls: string[] = [];
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const writer: ForeachWriter = {
      open: async (partition, epoch) => (calls.push(`open ${partition} ${epoch}`), true),
      process: (row: Row) => {
        calls.push(`process ${row.value}`);
        return row.value === 1 ? gate : undefined;
      },
      close: (error) => void calls.push(`close ${error}`),
    };
    const query = input.toDF(spark).writeStream.foreach(writer).trigger(Trigger.Continuous(1000)).start();
    input.addData(1, 2);
    for (let i = 0; i < 50 && calls.length < 3; i++) await settle();
    expect(calls).toEqual(['open 0 0', 'process 1']); // row 2 waits for row 1's promise
    release();
    for (let i = 0; i < 50 && calls.length < 3; i++) await settle();
    expect(calls).toEqual(['open 0 0', 'process 1', 'process 2']);
    clock.advance(1000);
    while (query.lastProgress?.batchId !== 0) await query.execution.nextChange();
    expect(calls).toEqual(['open 0 0', 'process 1', 'process 2', 'close null']);
    expect(query.lastProgress!.numInputRows).toBe(2);
    await query.stop();
  });

  it('restarts after the last committed epoch: an uncommitted epoch is read again (at-least-once)', async () => {
    const { spark, clock } = streamingSession();
    const input = intStream();
    const ckpt = tempDir();
    const start = () => input.toDF(spark).writeStream.format('memory').queryName('cr').trigger(Trigger.Continuous(1000)).option('checkpointLocation', ckpt).start();
    let query = start();
    input.addData(1);
    await query.processAllAvailable();
    input.addData(2);
    while (!query.execution.isWaitingForTrigger) await query.execution.nextChange();
    await query.stop(); // epoch 1 held row 2 but was never committed
    expect(fs.readdirSync(path.join(ckpt, 'commits'))).toEqual(['0']);
    query = start();
    clock.advance(1000);
    await query.processAllAvailable();
    expect(await spark.table('cr').collect()).toEqual([{ value: 2 }]);
    expect(query.lastProgress!.batchId).toBe(1);
  });

  it('reads the rate source continuously as the clock moves', async () => {
    const { spark, clock } = streamingSession();
    const query = spark.readStream.format('rate').option('rowsPerSecond', 1).load().select('value')
      .writeStream.format('memory').queryName('crate').trigger(Trigger.Continuous(2000)).start();
    clock.advance(2000);
    await query.processAllAvailable();
    clock.advance(1000);
    await query.processAllAvailable();
    expect(await spark.table('crate').collect()).toEqual([{ value: 0 }, { value: 1 }, { value: 2 }]);
  });

  it('refuses foreachBatch and file sinks, and file sources, naming what is supported', () => {
    const { spark } = streamingSession();
    const df = intStream().toDF(spark);
    const batch = caught(() => df.writeStream.foreachBatch(() => undefined).trigger(Trigger.Continuous(1000)).start());
    expect(batch.message).toMatch(/^Continuous processing does not support the sink ForeachBatchSink: .* Supported sinks: memory, console, foreach\./);
    const files = caught(() => spark.readStream.text(tempDir()).writeStream.format('memory').queryName('x').trigger(Trigger.Continuous(1000)).start());
    expect(files.errorClass).toBe('CONTINUOUS_UNSUPPORTED_CONNECTOR');
  });
});
