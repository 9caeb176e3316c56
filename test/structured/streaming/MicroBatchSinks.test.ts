import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { col, count, FileStreamSink, type ForeachWriter, type Row } from '../../../src/index.js';
import { intStream, streamingSession } from './querySupport.js';
import { readText, tempDir } from './support.js';

describe('sinks in running queries', () => {
  it('console prints Spark\'s Batch: N banner and show() table per batch', async () => {
    const { spark } = streamingSession();
    const input = intStream();
    const printed: string[] = [];
    const query = input.toDF(spark).select(col('value'), col('value').multiply(2).alias('double'))
      .writeStream.format('console').consoleOutput({ write: (text) => printed.push(text) }).start();
    input.addData(1, 2);
    await query.processAllAvailable();
    input.addData(3);
    await query.processAllAvailable();
    expect(printed.join('')).toBe([
      '-------------------------------------------',
      'Batch: 0',
      '-------------------------------------------',
      '+-----+------+',
      '|value|double|',
      '+-----+------+',
      '|    1|     2|',
      '|    2|     4|',
      '+-----+------+',
      '',
      '-------------------------------------------',
      'Batch: 1',
      '-------------------------------------------',
      '+-----+------+',
      '|value|double|',
      '+-----+------+',
      '|    3|     6|',
      '+-----+------+',
      '',
      '',
    ].join('\n'));
    expect(query.lastProgress!.sink).toEqual({ description: 'ConsoleSink', numOutputRows: 1 });
  });

  it('console honours numRows and truncate', async () => {
    const { spark } = streamingSession();
    const input = intStream();
    const printed: string[] = [];
    const query = input.toDF(spark).selectExpr('value', "concat('a-long-cell-value-', value, '-of-more-than-twenty') AS text")
      .writeStream.format('console').option('numRows', 1).option('truncate', false).consoleOutput({ write: (text) => printed.push(text) }).start();
    input.addData(1, 2);
    await query.processAllAvailable();
    expect(printed.join('')).toBe([
      '-------------------------------------------',
      'Batch: 0',
      '-------------------------------------------',
      '+-----+---------------------------------------+',
      '|value|text                                   |',
      '+-----+---------------------------------------+',
      '|1    |a-long-cell-value-1-of-more-than-twenty|',
      '+-----+---------------------------------------+',
      'only showing top 1 row',
      '',
      '',
    ].join('\n'));
  });

  it('foreach opens, processes and closes the writer per partition and batch', async () => {
    const { spark } = streamingSession();
    const input = intStream();
    const calls: string[] = [];
    const writer: ForeachWriter = {
      open: (partitionId, epochId) => (calls.push(`open ${partitionId} ${epochId}`), true),
      process: (row: Row) => void calls.push(`process ${JSON.stringify(row)}`),
      close: (error) => void calls.push(`close ${error}`),
    };
    const query = input.toDF(spark).writeStream.foreach(writer).start();
    input.addData(1, 2);
    await query.processAllAvailable();
    expect(calls).toEqual(['open 0 0', 'process {"value":1}', 'process {"value":2}', 'close null']);
  });

  it('foreachBatch hands a batch DataFrame and the batch id; progress reports -1 output rows', async () => {
    const { spark } = streamingSession();
    const input = intStream();
    const seen: [number, number, Row[]][] = [];
    const query = input.toDF(spark).writeStream.foreachBatch(async (batch, batchId) => {
      seen.push([batchId, await batch.count(), await batch.where('value > 1').collect()]);
    }).start();
    input.addData(1, 2, 3);
    await query.processAllAvailable();
    expect(seen).toEqual([[0, 3, [{ value: 2 }, { value: 3 }]]]);
    expect(query.lastProgress!.sink).toEqual({ description: 'ForeachBatchSink', numOutputRows: -1 });
  });

  it('json and csv file sinks write part files committed in _spark_metadata', async () => {
    const { spark } = streamingSession();
    const input = intStream();
    const jsonOut = tempDir();
    const csvOut = tempDir();
    const df = input.toDF(spark).select(col('value'), col('value').cast('string').alias('text'));
    const q1 = df.writeStream.format('json').option('checkpointLocation', tempDir()).start(jsonOut);
    const q2 = df.writeStream.format('csv').option('checkpointLocation', tempDir()).start(csvOut);
    input.addData(1, 2);
    await q1.processAllAvailable();
    await q2.processAllAvailable();
    expect(FileStreamSink.committedFiles(jsonOut).map((f) => readText(fileURLToPath(f))).join('')).toBe('{"value":1,"text":"1"}\n{"value":2,"text":"2"}\n');
    expect(FileStreamSink.committedFiles(csvOut).map((f) => readText(fileURLToPath(f))).join('')).toBe('1,1\n2,2\n');
    expect(fs.readdirSync(path.join(jsonOut, '_spark_metadata'))).toEqual(['0']);
    expect(q1.lastProgress!.sink.description).toBe(`FileSink[${path.resolve(jsonOut)}]`);
  });

  it('memory sink in complete mode holds the whole aggregate after each batch', async () => {
    const { spark } = streamingSession();
    const input = intStream();
    const counts = input.toDF(spark).groupBy(col('value').mod(2).alias('parity')).agg(count('*').alias('n'));
    const query = counts.writeStream.format('memory').queryName('counts').outputMode('complete').option('checkpointLocation', tempDir()).start();
    input.addData(1, 2, 3);
    await query.processAllAvailable();
    input.addData(5);
    await query.processAllAvailable();
    const rows = await spark.table('counts').orderBy('parity').collect();
    expect(rows).toEqual([{ parity: 0, n: 1 }, { parity: 1, n: 3 }]);
    expect(query.lastProgress!.stateOperators.map((s) => [s.operatorName, s.numRowsTotal, s.numRowsUpdated])).toEqual([['stateStoreSave', 2, 1]]);
  });
});
