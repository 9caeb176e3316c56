import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { col, StructType } from '../../src/index.js';
import { newSession } from './support.js';

function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'structured-read-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('json', () => {
  it('infers a schema: fields sorted, long widened to double, nested structs and arrays, all-null as string', async () => {
    const spark = newSession();
    const path = tempFile('a.json', '{"name":"x","age":1,"s":{"b":1.5,"a":true},"n":null}\n{"name":"y","age":2.5,"arr":[1,2]}\n');
    const df = spark.read.json(path);
    expect(df.schema.treeString()).toBe(
      'root\n' +
        ' |-- age: double (nullable = true)\n' +
        ' |-- arr: array (nullable = true)\n' +
        ' |    |-- element: long (containsNull = true)\n' +
        ' |-- n: string (nullable = true)\n' +
        ' |-- name: string (nullable = true)\n' +
        ' |-- s: struct (nullable = true)\n' +
        ' |    |-- a: boolean (nullable = true)\n' +
        ' |    |-- b: double (nullable = true)\n',
    );
    expect(await df.collect()).toEqual([
      { age: 1, arr: null, n: null, name: 'x', s: { a: true, b: 1.5 } },
      { age: 2.5, arr: [1, 2], n: null, name: 'y', s: null },
    ]);
  });

  it('reads with a given schema: missing fields are null, timestamps parse from strings', async () => {
    const spark = newSession();
    const path = tempFile('b.json', '{"id":1,"at":"2024-01-01 00:00:10"}\n{"id":2}\n');
    const df = spark.read.schema('id BIGINT, at TIMESTAMP, extra STRING').json(path);
    expect(await df.collect()).toEqual([
      { id: 1, at: Date.UTC(2024, 0, 1, 0, 0, 10), extra: null },
      { id: 2, at: null, extra: null },
    ]);
  });

  it('turns a malformed line into nulls in PERMISSIVE mode and drops it in DROPMALFORMED mode', async () => {
    const spark = newSession();
    const path = tempFile('c.json', '{"id":1}\nnot json\n{"id":3}\n');
    const schema = new StructType().add('id', 'long');
    expect(await spark.read.schema(schema).json(path).collect()).toEqual([{ id: 1 }, { id: null }, { id: 3 }]);
    expect(await spark.read.schema(schema).option('mode', 'DROPMALFORMED').json(path).collect()).toEqual([{ id: 1 }, { id: 3 }]);
  });

  it('fails the job on a malformed line in FAILFAST mode, naming the record', async () => {
    const spark = newSession({ conf: { 'spark.task.maxFailures': 1 } });
    const path = tempFile('d.json', '{"id":1}\n{oops\n');
    const df = spark.read.schema('id BIGINT').option('mode', 'FAILFAST').json(path);
    await expect(df.collect()).rejects.toThrow('{oops');
  });

  it('reads every visible file of a directory and filters and aggregates them', async () => {
    const spark = newSession();
    const dir = mkdtempSync(join(tmpdir(), 'structured-dir-'));
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'part-00000'), '{"k":"a","v":1}\n{"k":"b","v":2}\n');
    writeFileSync(join(dir, 'out', 'part-00001'), '{"k":"a","v":3}\n');
    writeFileSync(join(dir, 'out', '_SUCCESS'), '');
    const df = spark.read.json(join(dir, 'out'));
    expect(await df.where(col('v').gt(1)).groupBy('k').count().orderBy('k').collect()).toEqual([
      { k: 'a', count: 1 },
      { k: 'b', count: 1 },
    ]);
  });
});

describe('csv', () => {
  it('reads a header and infers int, double, boolean, timestamp and string columns', async () => {
    const spark = newSession();
    const path = tempFile('a.csv', 'name,n,x,flag,when\n"y,z",1,2.5,true,2024-01-01 00:00:00\nw,2,3,false,\n');
    const df = spark.read.option('header', true).option('inferSchema', true).csv(path);
    expect(df.dtypes).toEqual([
      ['name', 'string'],
      ['n', 'int'],
      ['x', 'double'],
      ['flag', 'boolean'],
      ['when', 'timestamp'],
    ]);
    expect(await df.collect()).toEqual([
      { name: 'y,z', n: 1, x: 2.5, flag: true, when: Date.UTC(2024, 0, 1) },
      { name: 'w', n: 2, x: 3, flag: false, when: null },
    ]);
  });

  it('reads every column as a string without inferSchema, and names columns _c0.. without a header', async () => {
    const spark = newSession();
    const path = tempFile('b.csv', 'a;1\nb;"q""uote"\n');
    const df = spark.read.option('sep', ';').csv(path);
    expect(df.dtypes).toEqual([
      ['_c0', 'string'],
      ['_c1', 'string'],
    ]);
    expect(await df.collect()).toEqual([
      { _c0: 'a', _c1: '1' },
      { _c0: 'b', _c1: 'q"uote' },
    ]);
  });

  it('reads with a given schema, turning the nullValue and unparsable numbers into null', async () => {
    const spark = newSession();
    const path = tempFile('c.csv', 'id,score\n1,NA\n2,x\n3,7\n');
    const df = spark.read.schema('id INT, score DOUBLE').options({ header: 'true', nullValue: 'NA' }).csv(path);
    expect(await df.collect()).toEqual([
      { id: 1, score: null },
      { id: 2, score: null },
      { id: 3, score: 7 },
    ]);
  });
});

describe('text', () => {
  it('reads each line into a string column named value', async () => {
    const spark = newSession();
    const path = tempFile('a.txt', 'hello world\n\nbye\n');
    const df = spark.read.text(path);
    expect(df.columns).toEqual(['value']);
    expect(await df.collect()).toEqual([{ value: 'hello world' }, { value: '' }, { value: 'bye' }]);
    expect(df.explain(false, () => {})).toBe('== Physical Plan ==\nFileScan text [value#0] ReadSchema: struct<value:string>\n');
  });
});

describe('reader errors', () => {
  it('fails on a path that does not exist', () => {
    const spark = newSession();
    expect(() => spark.read.json('/no/such/file.json')).toThrow('[PATH_NOT_FOUND] Path does not exist: /no/such/file.json. Check the path, or write the file first.');
  });

  it('cannot infer a schema from an empty file', () => {
    const spark = newSession();
    const path = tempFile('empty.json', '');
    expect(() => spark.read.json(path)).toThrow(`[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for JSON at ${path}: it has no records. It must be specified manually with .schema(...).`);
  });

  it('rejects an unknown format', () => {
    const spark = newSession();
    expect(() => spark.read.format('parquet')).toThrow("Unsupported data source 'parquet'; use 'json', 'csv' or 'text'.");
  });
});
