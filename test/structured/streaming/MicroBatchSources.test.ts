import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { col, PartitionedLog, Trigger } from '../../../src/index.js';
import { streamingSession } from './querySupport.js';
import { tempDir } from './support.js';

describe('sources in running queries', () => {
  it('rate: rowsPerSecond rows per clock second over numPartitions, with event timestamps', async () => {
    const { spark, clock } = streamingSession();
    const query = spark.readStream.format('rate').option('rowsPerSecond', 2).option('numPartitions', 2).load()
      .writeStream.format('memory').queryName('rate').start();
    await query.processAllAvailable();
    expect(query.lastProgress).toBeNull();
    clock.advance(1000);
    await query.processAllAvailable();
    clock.advance(1000);
    await query.processAllAvailable();
    expect(await spark.table('rate').collect()).toEqual([
      { timestamp: 0, value: 0 },
      { timestamp: 500, value: 1 },
      { timestamp: 1000, value: 2 },
      { timestamp: 1500, value: 3 },
    ]);
    expect(query.recentProgress.map((p) => [p.batchId, p.numInputRows, p.sources[0]!.endOffset])).toEqual([[0, 2, '1'], [1, 2, '2']]);
    expect(query.lastProgress!.inputRowsPerSecond).toBe(2);
  });

  it('socket: lines from a TCP server, one row each', async () => {
    const { spark } = streamingSession();
    const server = net.createServer((socket) => socket.end('hello\nworld\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const query = spark.readStream.format('socket').option('host', '127.0.0.1').option('port', port).load()
        .writeStream.format('memory').queryName('sock').start();
      while (query.execution.sources.length === 0) await query.execution.nextChange();
      await (query.execution.sources[0] as unknown as { whenReceived(n: number): Promise<void> }).whenReceived(2);
      await query.processAllAvailable();
      expect(await spark.table('sock').collect()).toEqual([{ value: 'hello' }, { value: 'world' }]);
      await query.stop();
    } finally {
      server.close();
    }
  });

  it('json files: each new file of the watched directory is read once, also across a restart', async () => {
    const { spark } = streamingSession();
    const dir = tempDir();
    const ckpt = tempDir();
    const start = () => spark.readStream.schema('name STRING, age INT').json(dir)
      .where(col('age').gt(20)).writeStream.format('memory').queryName('people').option('checkpointLocation', ckpt).start();
    let query = start();
    fs.writeFileSync(path.join(dir, '1.json'), '{"name":"a","age":30}\n{"name":"b","age":10}\n');
    await query.processAllAvailable();
    expect(await spark.table('people').collect()).toEqual([{ name: 'a', age: 30 }]);
    await query.stop();
    fs.writeFileSync(path.join(dir, '2.json'), '{"name":"c","age":40}\n');
    query = start();
    await query.processAllAvailable();
    expect(await spark.table('people').collect()).toEqual([{ name: 'c', age: 40 }]);
    expect(fs.readdirSync(path.join(ckpt, 'sources', '0')).sort()).toEqual(['0', '1']);
  });

  it('csv files with a header and maxFilesPerTrigger 1: one file per batch', async () => {
    const { spark } = streamingSession();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.csv'), 'k,v\nx,1\n');
    fs.writeFileSync(path.join(dir, 'b.csv'), 'k,v\ny,2\n');
    const query = spark.readStream.schema('k STRING, v INT').option('header', true).option('maxFilesPerTrigger', 1).csv(dir)
      .writeStream.format('memory').queryName('csv').start();
    await query.processAllAvailable();
    expect(query.recentProgress.map((p) => p.numInputRows)).toEqual([1, 1]);
    expect(await spark.table('csv').collect()).toEqual([{ k: 'x', v: 1 }, { k: 'y', v: 2 }]);
  });

  it('the partitioned log with Kafka options: startingOffsets, maxOffsetsPerTrigger', async () => {
    const { spark } = streamingSession();
    const log = PartitionedLog.open();
    log.createTopic('events', 2);
    log.append('events', 0, ['a0', 'a1', 'a2']);
    log.append('events', 1, ['b0']);
    const query = spark.readStream.format('kafka').option('log', log).option('subscribe', 'events')
      .option('startingOffsets', '{"events":{"0":1,"1":-2}}').option('maxOffsetsPerTrigger', 2).load()
      .select('value', 'partition', 'offset').writeStream.format('memory').queryName('log').trigger(Trigger.AvailableNow()).start();
    await query.awaitTermination();
    expect(query.recentProgress.map((p) => [p.numInputRows, p.sources[0]!.endOffset])).toEqual([
      [2, '{"events":{"0":2,"1":1}}'],
      [1, '{"events":{"0":3,"1":1}}'],
    ]);
    expect((await spark.table('log').collect()).map((r) => r.value)).toEqual(['a1', 'b0', 'a2']);
  });

  it('the partitioned log fails the query on data loss unless failOnDataLoss is false', async () => {
    const { spark } = streamingSession();
    const log = PartitionedLog.open();
    log.createTopic('t', 1);
    log.append('t', 0, ['x0', 'x1', 'x2']);
    const read = (failOnDataLoss: boolean, name: string) => spark.readStream.format('log').option('log', log).option('subscribe', 't')
      .option('startingOffsets', 'earliest').option('failOnDataLoss', failOnDataLoss).load().select('value')
      .writeStream.format('memory').queryName(name).option('checkpointLocation', tempDir());
    const strict = read(true, 'strict').start();
    const lenient = read(false, 'lenient').start();
    await strict.processAllAvailable();
    await lenient.processAllAvailable();
    log.append('t', 0, ['x3', 'x4']);
    log.truncateBefore('t', 0, 4);
    await expect(strict.processAllAvailable()).rejects.toThrow(/Some data may have been lost/);
    expect((strict.exception()!.cause as { errorClass: string }).errorClass).toBe('KAFKA_DATA_LOSS');
    await lenient.processAllAvailable();
    expect(await spark.table('lenient').collect()).toEqual([{ value: 'x0' }, { value: 'x1' }, { value: 'x2' }, { value: 'x4' }]);
  });
});
