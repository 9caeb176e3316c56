/**
 * The file source (Spark's FileStreamSourceSuite): each file read once, in modification-time
 * order, maxFilesPerTrigger, latestFirst, the seen-files log in the checkpoint, restarts, formats.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AnalysisException, IllegalArgumentError } from '../../../../src/shared/errors.js';
import { StructType } from '../../../../src/structured/types/StructType.js';
import { FileStreamSource } from '../../../../src/structured/streaming/sources/FileStreamSource.js';
import { csvParser, parseJsonLines } from '../../../../src/structured/streaming/sources/fileFormats.js';
import { caught, readText, tempDir } from '../support.js';

/** Writes `name` in `dir` with modification time `mtimeSec` (seconds). */
function writeFile(dir: string, name: string, content: string, mtimeSec: number): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  fs.utimesSync(file, mtimeSec, mtimeSec);
  return file;
}

function setUp(): { input: string; metadataPath: string } {
  const root = tempDir();
  const input = path.join(root, 'input');
  fs.mkdirSync(input);
  return { input, metadataPath: path.join(root, 'checkpoint', 'sources', '0') };
}

describe('FileStreamSource', () => {
  it('reads each new file once, oldest first, and logs them in the checkpoint as Spark does', () => {
    const { input, metadataPath } = setUp();
    const source = new FileStreamSource({ path: input, format: 'text', metadataPath });
    expect(source.latestOffset()).toBeUndefined();
    const b = writeFile(input, 'b.txt', 'b1\nb2\n', 2000);
    const a = writeFile(input, 'a.txt', 'a1', 1000);
    writeFile(input, '.hidden', 'x', 500);
    writeFile(input, '_SUCCESS', '', 500);
    expect(source.latestOffset()).toEqual({ logOffset: 0 });
    expect(readText(path.join(metadataPath, '0'))).toBe(
      `v1\n{"path":"${pathToFileURL(a).href}","timestamp":1000000,"batchId":0}\n{"path":"${pathToFileURL(b).href}","timestamp":2000000,"batchId":0}`,
    );
    expect(source.getBatch(undefined, { logOffset: 0 })).toEqual([[{ value: 'a1' }], [{ value: 'b1' }, { value: 'b2' }]]);
    expect(source.latestOffset()).toEqual({ logOffset: 0 });
    writeFile(input, 'c.txt', 'c1\r\nc2', 3000);
    expect(source.latestOffset()).toEqual({ logOffset: 1 });
    expect(source.getBatch({ logOffset: 0 }, { logOffset: 1 })).toEqual([[{ value: 'c1' }, { value: 'c2' }]]);
    expect(source.toString()).toBe(`FileStreamSource[file:${input}]`);
  });

  it('takes at most maxFilesPerTrigger files per offset, newest first with latestFirst', () => {
    const { input, metadataPath } = setUp();
    for (const [name, t] of [['f1', 1], ['f2', 2], ['f3', 3]] as const) writeFile(input, name, name, t);
    const oldestFirst = new FileStreamSource({ path: input, format: 'text', metadataPath, maxFilesPerTrigger: 2 });
    expect(oldestFirst.latestOffset()).toEqual({ logOffset: 0 });
    expect(oldestFirst.getBatch(undefined, { logOffset: 0 })).toEqual([[{ value: 'f1' }], [{ value: 'f2' }]]);
    expect(oldestFirst.latestOffset()).toEqual({ logOffset: 1 });
    expect(oldestFirst.getBatch({ logOffset: 0 }, { logOffset: 1 })).toEqual([[{ value: 'f3' }]]);
    const { metadataPath: other } = setUp();
    const newestFirst = new FileStreamSource({ path: input, format: 'text', metadataPath: other, maxFilesPerTrigger: 2, latestFirst: true });
    newestFirst.latestOffset();
    expect(newestFirst.getBatch(undefined, { logOffset: 0 })).toEqual([[{ value: 'f3' }], [{ value: 'f2' }]]);
  });

  it('restarts from its log: files already logged are not read again, and old batches replay the same files', () => {
    const { input, metadataPath } = setUp();
    writeFile(input, 'a', 'a', 1);
    const first = new FileStreamSource({ path: input, format: 'text', metadataPath });
    expect(first.latestOffset()).toEqual({ logOffset: 0 });
    writeFile(input, 'b', 'b', 2);
    const restarted = new FileStreamSource({ path: input, format: 'text', metadataPath });
    expect(restarted.getBatch(undefined, { logOffset: 0 })).toEqual([[{ value: 'a' }]]);
    expect(restarted.latestOffset()).toEqual({ logOffset: 1 });
    expect(restarted.getBatch({ logOffset: 0 }, { logOffset: 1 })).toEqual([[{ value: 'b' }]]);
  });

  it('with AvailableNow takes only the files present at start', () => {
    const { input, metadataPath } = setUp();
    writeFile(input, 'a', 'a', 1);
    writeFile(input, 'b', 'b', 2);
    const source = new FileStreamSource({ path: input, format: 'text', metadataPath, maxFilesPerTrigger: 1 });
    source.prepareForTriggerAvailableNow();
    writeFile(input, 'late', 'late', 3);
    expect(source.latestOffset()).toEqual({ logOffset: 0 });
    expect(source.latestOffset()).toEqual({ logOffset: 1 });
    expect(source.latestOffset()).toEqual({ logOffset: 1 });
    expect(source.getBatch(undefined, { logOffset: 1 })).toEqual([[{ value: 'a' }], [{ value: 'b' }]]);
  });

  it('reads JSON lines and CSV against the schema, nulls where a value does not fit', () => {
    const { input, metadataPath } = setUp();
    const schema = new StructType().add('name', 'string').add('age', 'long').add('ts', 'timestamp').add('score', 'double');
    writeFile(input, 'p.json', '{"name":"ann","age":30,"ts":"2024-01-02 03:04:05","score":1.5}\n\n{"name":"bob","age":"x","extra":1}\nnot json\n', 1);
    const json = new FileStreamSource({ path: input, format: 'json', schema, metadataPath });
    json.latestOffset();
    expect(json.getBatch(undefined, { logOffset: 0 })).toEqual([[
      { name: 'ann', age: 30, ts: Date.UTC(2024, 0, 2, 3, 4, 5), score: 1.5 },
      { name: 'bob', age: null, ts: null, score: null },
      { name: null, age: null, ts: null, score: null },
    ]]);
    expect(csvParser({ header: true })('name,age,ts,score\n"a, b",7,,2\nc,,2024-01-01,NaN\n"say ""hi""",x\n', schema, 'f.csv')).toEqual([
      { name: 'a, b', age: 7, ts: null, score: 2 },
      { name: 'c', age: null, ts: Date.UTC(2024, 0, 1), score: Number.NaN },
      { name: 'say "hi"', age: null, ts: null, score: null },
    ]);
    expect(parseJsonLines('{"name":{"x":1}}', new StructType().add('name', 'string'), 'f')).toEqual([{ name: '{"x":1}' }]);
  });

  it('fails without a schema for json and csv, with Spark\'s message', () => {
    const { input, metadataPath } = setUp();
    const error = caught(() => new FileStreamSource({ path: input, format: 'json', metadataPath }));
    expect(error).toBeInstanceOf(IllegalArgumentError);
    expect(error.message).toBe(
      'Schema must be specified when creating a streaming source DataFrame. If some files already exist in the directory, then '
        + 'depending on the file format you may be able to create a static DataFrame on that directory with '
        + '\'spark.read.load(directory)\' and infer schema from it.',
    );
  });

  it('refuses a missing directory and a text schema that is not one string column', () => {
    const { input, metadataPath } = setUp();
    const missing = caught(() => new FileStreamSource({ path: path.join(input, 'nope'), format: 'text', metadataPath }));
    expect(missing).toBeInstanceOf(AnalysisException);
    expect(missing.message).toBe(
      `[PATH_NOT_FOUND] Path does not exist: ${pathToFileURL(path.join(input, 'nope')).href}. Create the directory before starting the query; files added to it later are picked up.`,
    );
    const text = caught(() => new FileStreamSource({ path: input, format: 'text', metadataPath, schema: new StructType().add('a', 'int') }));
    expect(text.message).toBe(
      'Text data source supports only a single column of type string, and the schema given has 1 column(s): struct<a:int>. '
        + 'Leave the schema out (the column is called "value"), or use the csv or json format.',
    );
    expect(caught(() => new FileStreamSource({ path: input, format: 'text', metadataPath, maxFilesPerTrigger: 0 })).message).toBe(
      'Invalid value 0 for "maxFilesPerTrigger" of the file source: it must be a positive integer.',
    );
  });
});
