/**
 * The sinks (Spark's MemorySinkSuite, ConsoleWriteSupportSuite, FileStreamSinkSuite,
 * ForeachBatchSinkSuite, ForeachWriterSuite): exact contents, exactly-once skips of re-run batches.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StructType } from '../../../../src/structured/types/StructType.js';
import { ConsoleSink } from '../../../../src/structured/streaming/sinks/ConsoleSink.js';
import { FileStreamSink } from '../../../../src/structured/streaming/sinks/FileStreamSink.js';
import { ForeachBatchSink } from '../../../../src/structured/streaming/sinks/ForeachBatchSink.js';
import { type ForeachWriter, ForeachWriterSink } from '../../../../src/structured/streaming/sinks/ForeachWriter.js';
import { formatTable } from '../../../../src/structured/streaming/sinks/formatTable.js';
import { MemorySink } from '../../../../src/structured/streaming/sinks/MemorySink.js';
import { csvParser } from '../../../../src/structured/streaming/sources/fileFormats.js';
import type { Row } from '../../../../src/structured/streaming/sources/Source.js';
import { caughtAsync, readText, tempDir } from '../support.js';

const schema = new StructType().add('word', 'string').add('count', 'long');

describe('MemorySink', () => {
  it('appends batches in Append mode and skips a batch id it already has', () => {
    const sink = new MemorySink({ schema, outputMode: 'Append', queryName: 'counts' });
    expect(sink.latestBatchId).toBeUndefined();
    sink.addBatch(0, [[{ word: 'a', count: 1 }], [{ word: 'b', count: 1 }]]);
    sink.addBatch(1, [[{ word: 'c', count: 2 }]]);
    sink.addBatch(1, [[{ word: 'REPLAYED', count: 9 }]]);
    sink.addBatch(0, [[{ word: 'OLD', count: 9 }]]);
    expect(sink.allData).toEqual([{ word: 'a', count: 1 }, { word: 'b', count: 1 }, { word: 'c', count: 2 }]);
    expect(sink.latestBatchId).toBe(1);
    expect(sink.latestBatchData()).toEqual([{ word: 'c', count: 2 }]);
    expect(sink.dataSinceBatch(0)).toEqual([{ word: 'c', count: 2 }]);
    expect(sink.queryName).toBe('counts');
    expect(String(sink)).toBe('MemorySink');
    sink.clear();
    expect(sink.allData).toEqual([]);
  });

  it('replaces the table with each batch in Complete mode', () => {
    const sink = new MemorySink({ schema, outputMode: 'Complete' });
    sink.addBatch(0, [[{ word: 'a', count: 1 }]]);
    sink.addBatch(1, [[{ word: 'a', count: 2 }], [{ word: 'b', count: 1 }]]);
    expect(sink.allData).toEqual([{ word: 'a', count: 2 }, { word: 'b', count: 1 }]);
    expect(sink.latestBatchId).toBe(1);
  });
});

describe('ConsoleSink', () => {
  it('prints Spark\'s banner and the show() table of each batch', () => {
    let out = '';
    const sink = new ConsoleSink({ schema, output: { write: (s: string) => (out += s) } });
    sink.addBatch(0, [[{ word: 'hello', count: 3 }], [{ word: null, count: 10 }]]);
    sink.addBatch(1, []);
    expect(out).toBe(
      '-------------------------------------------\nBatch: 0\n-------------------------------------------\n'
        + '+-----+-----+\n| word|count|\n+-----+-----+\n|hello|    3|\n| null|   10|\n+-----+-----+\n\n'
        + '-------------------------------------------\nBatch: 1\n-------------------------------------------\n'
        + '+----+-----+\n|word|count|\n+----+-----+\n+----+-----+\n\n',
    );
    expect(String(sink)).toBe('ConsoleSink');
  });

  it('shows numRows rows with a footer, cuts long cells unless truncate is off, and accepts another formatter', () => {
    const rows = [{ word: 'a'.repeat(25), count: 1 }, { word: 'b', count: 2 }];
    expect(formatTable(rows, schema, 1, true)).toBe(
      '+--------------------+-----+\n|                word|count|\n+--------------------+-----+\n'
        + '|aaaaaaaaaaaaaaaaa...|    1|\n+--------------------+-----+\nonly showing top 1 row\n',
    );
    expect(formatTable(rows, schema, 20, false)).toBe(
      '+-------------------------+-----+\n|word                     |count|\n+-------------------------+-----+\n'
        + '|aaaaaaaaaaaaaaaaaaaaaaaaa|1    |\n|b                        |2    |\n+-------------------------+-----+\n',
    );
    let out = '';
    const sink = new ConsoleSink({
      schema,
      numRows: 5,
      truncate: false,
      output: { write: (s: string) => (out += s) },
      formatTable: (r, s, n, t) => `${r.length} rows of ${s.fieldNames.join('/')}, ${n}, ${t}\n`,
    });
    sink.addBatch(7, [rows]);
    expect(out.split('\n').slice(3).join('\n')).toBe('2 rows of word/count, 5, false\n\n');
  });
});

describe('FileStreamSink', () => {
  it('writes one file per non-empty partition and commits them in _spark_metadata/<batchId>', () => {
    const out = path.join(tempDir(), 'out');
    const tsSchema = new StructType().add('word', 'string').add('avg', 'double').add('at', 'timestamp');
    const jobIds = ['job-0', 'job-1'];
    const sink = new FileStreamSink({ path: out, format: 'json', schema: tsSchema, newJobId: () => jobIds.shift()! });
    sink.addBatch(0, [[{ word: 'a', avg: 1, at: 0 }, { word: null, avg: 2.5, at: 1500 }], [], [{ word: 'c"q', avg: 1e7, at: null }]]);
    const file0 = path.join(out, 'part-00000-job-0-c000.json');
    const file2 = path.join(out, 'part-00002-job-0-c000.json');
    expect(readText(file0)).toBe('{"word":"a","avg":1.0,"at":"1970-01-01T00:00:00.000Z"}\n{"avg":2.5,"at":"1970-01-01T00:00:01.500Z"}\n');
    expect(readText(file2)).toBe('{"word":"c\\"q","avg":1.0E7}\n');
    const status = (file: string): string => {
      const stat = fs.statSync(file);
      return `{"path":"${pathToFileURL(file).href}","size":${stat.size},"isDir":false,"modificationTime":${Math.floor(stat.mtimeMs)},`
        + '"blockReplication":1,"blockSize":33554432,"action":"add"}';
    };
    expect(readText(path.join(out, '_spark_metadata', '0'))).toBe(`v1\n${status(file0)}\n${status(file2)}`);
    sink.addBatch(1, [[]]);
    expect(readText(path.join(out, '_spark_metadata', '1'))).toBe('v1');
    expect(FileStreamSink.committedFiles(out)).toEqual([pathToFileURL(file0).href, pathToFileURL(file2).href]);
    expect(String(sink)).toBe(`FileSink[${out}]`);
  });

  it('skips a batch already in its log when the engine runs it again, even after a restart', () => {
    const out = path.join(tempDir(), 'out');
    new FileStreamSink({ path: out, format: 'csv', schema, newJobId: () => 'first' }).addBatch(0, [[{ word: 'a', count: 1 }]]);
    const restarted = new FileStreamSink({ path: out, format: 'csv', schema, newJobId: () => 'second' });
    restarted.addBatch(0, [[{ word: 'a', count: 1 }]]);
    expect(fs.readdirSync(out).sort()).toEqual(['_spark_metadata', 'part-00000-first-c000.csv']);
    restarted.addBatch(1, [[{ word: 'b', count: 2 }]]);
    expect(FileStreamSink.committedFiles(out).map((f) => path.basename(f))).toEqual(['part-00000-first-c000.csv', 'part-00000-second-c000.csv']);
  });

  it('writes CSV as Spark does and reads back through the file source\'s CSV parser', () => {
    const out = path.join(tempDir(), 'out');
    const sink = new FileStreamSink({ path: out, format: 'csv', schema, csv: { header: true }, newJobId: () => 'j' });
    const rows: Row[] = [{ word: 'a,b', count: 1 }, { word: 'say "hi"', count: null }, { word: '', count: 3 }];
    sink.addBatch(0, [rows]);
    const text = readText(path.join(out, 'part-00000-j-c000.csv'));
    expect(text).toBe('word,count\n"a,b",1\n"say \\"hi\\"",\n"",3\n');
    expect(csvParser({ header: true })(text, schema, 'f')).toEqual(rows);
  });

  it('writes text for a single string column and refuses other formats', () => {
    const out = path.join(tempDir(), 'out');
    new FileStreamSink({ path: out, format: 'text', schema: new StructType().add('value', 'string'), newJobId: () => 'j' })
      .addBatch(0, [[{ value: 'line 1' }, { value: 'line 2' }]]);
    expect(readText(path.join(out, 'part-00000-j-c000.txt'))).toBe('line 1\nline 2\n');
    expect(() => new FileStreamSink({ path: out, format: 'parquet' as never, schema })).toThrow(
      'The file sink cannot write format "parquet": use "json", "csv" or "text".',
    );
  });
});

describe('ForeachBatchSink', () => {
  it('hands each batch\'s rows and id to the function, or what toData makes of them', async () => {
    const seen: [unknown, number][] = [];
    await new ForeachBatchSink<Row[]>((rows, batchId) => void seen.push([rows, batchId])).addBatch(3, [[{ n: 1 }], [{ n: 2 }]]);
    await new ForeachBatchSink<number>((count, batchId) => void seen.push([count, batchId]), (parts) => parts.length).addBatch(4, [[], []]);
    expect(seen).toEqual([[[{ n: 1 }, { n: 2 }], 3], [2, 4]]);
  });
});

describe('ForeachWriterSink', () => {
  function recordingWriter(options: { openResult?: (p: number) => boolean; failOn?: unknown } = {}): { writer: ForeachWriter<Row>; calls: string[] } {
    const calls: string[] = [];
    return {
      calls,
      writer: {
        open: (partitionId, epochId) => {
          calls.push(`open(${partitionId}, ${epochId})`);
          return options.openResult?.(partitionId) ?? true;
        },
        process: async (row) => {
          if (row.n === options.failOn) throw new Error(`cannot write ${String(row.n)}`);
          calls.push(`process(${String(row.n)})`);
        },
        close: (error) => void calls.push(`close(${error ? error.message : 'null'})`),
      },
    };
  }

  it('opens, processes and closes each partition with the batch id as epoch; close runs even when open says no', async () => {
    const { writer, calls } = recordingWriter({ openResult: (p) => p !== 1 });
    await new ForeachWriterSink(writer).addBatch(5, [[{ n: 1 }, { n: 2 }], [{ n: 3 }], []]);
    expect(calls).toEqual(['open(0, 5)', 'process(1)', 'process(2)', 'close(null)', 'open(1, 5)', 'close(null)', 'open(2, 5)', 'close(null)']);
  });

  it('closes with the error when process throws, and fails the batch with it', async () => {
    const { writer, calls } = recordingWriter({ failOn: 2 });
    const error = await caughtAsync(() => new ForeachWriterSink(writer).addBatch(0, [[{ n: 1 }, { n: 2 }, { n: 3 }], [{ n: 4 }]]));
    expect(error.message).toBe('cannot write 2');
    expect(calls).toEqual(['open(0, 0)', 'process(1)', 'close(cannot write 2)']);
  });
});
