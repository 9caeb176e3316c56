/**
 * Malformed records in the streaming json and csv file sources: Spark's parse modes, as the batch
 * readers apply them (Spark's FileStreamSourceSuite with JsonSuite / CSVSuite's mode cases).
 * PERMISSIVE keeps a malformed record with nulls (and its raw line in the corrupt-record column
 * when the schema has one); DROPMALFORMED drops it and counts it in the source's progress metrics;
 * FAILFAST stops the query naming the record, its file, line and byte offset, and since nothing
 * of that batch is committed, a restart from the checkpoint fails again on the same file.
 * Every batch is one file, on a ManualClock.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisException, IllegalArgumentError, type Row, type SparkSession, StreamingQueryException, type StreamingQuery } from '../../../src/index.js';
import { streamingSession } from './querySupport.js';
import { caught, caughtAsync, tempDir } from './support.js';

interface Setup {
  readonly input: string;
  readonly ckpt: string;
  /** Rows per batch id, as foreachBatch saw them. */
  readonly batches: Map<number, Row[]>;
}

function setUp(): Setup {
  const root = tempDir();
  const input = path.join(root, 'in');
  fs.mkdirSync(input);
  return { input, ckpt: path.join(root, 'ckpt'), batches: new Map() };
}

/** Starts the file stream of `format` with `options`, collecting each batch. */
function start(spark: SparkSession, s: Setup, format: 'json' | 'csv', schema: string, options: Record<string, string | boolean> = {}): StreamingQuery {
  return spark.readStream.format(format).schema(schema).options(options).load(s.input)
    .writeStream.option('checkpointLocation', s.ckpt)
    .foreachBatch(async (df, batchId) => {
      s.batches.set(batchId, await df.collect());
    })
    .start();
}

/** Writes one file and runs the batch that reads it. */
async function addFile(query: StreamingQuery, s: Setup, name: string, content: string): Promise<void> {
  fs.writeFileSync(path.join(s.input, name), content);
  await query.processAllAvailable();
}

const malformedMetrics = (query: StreamingQuery) => query.lastProgress!.sources[0]!.metrics;

const JSON_A = '{"id":1,"name":"a"}\n{oops\n{"id":"two","name":"b"}\n';
const JSON_B = '{"id":3,"name":"c"}\n[4]\n';

describe('json file stream parse modes', () => {
  it('PERMISSIVE (default): nulls for what does not fit, the raw line in _corrupt_record', async () => {
    const { spark } = streamingSession();
    const s = setUp();
    const query = start(spark, s, 'json', 'id BIGINT, name STRING, _corrupt_record STRING');
    await addFile(query, s, 'a.json', JSON_A);
    expect(malformedMetrics(query)).toEqual({ numMalformedRecords: '2', numMalformedRecordsDropped: '0' });
    await addFile(query, s, 'b.json', JSON_B);
    expect([...s.batches]).toEqual([
      [0, [
        { id: 1, name: 'a', _corrupt_record: null },
        { id: null, name: null, _corrupt_record: '{oops' },
        { id: null, name: 'b', _corrupt_record: '{"id":"two","name":"b"}' },
      ]],
      [1, [{ id: 3, name: 'c', _corrupt_record: null }, { id: null, name: null, _corrupt_record: '[4]' }]],
    ]);
    expect(malformedMetrics(query)).toEqual({ numMalformedRecords: '1', numMalformedRecordsDropped: '0' });
  });

  it('PERMISSIVE without the column keeps the record as nulls, as Spark does; columnNameOfCorruptRecord names another column', async () => {
    const { spark } = streamingSession();
    const plain = setUp();
    const query = start(spark, plain, 'json', 'id BIGINT, name STRING');
    await addFile(query, plain, 'a.json', JSON_A);
    expect(plain.batches.get(0)).toEqual([{ id: 1, name: 'a' }, { id: null, name: null }, { id: null, name: 'b' }]);
    await query.stop();
    const named = setUp();
    spark.conf.set('spark.sql.columnNameOfCorruptRecord', 'ignored');
    const raw = start(spark, named, 'json', 'id BIGINT, raw STRING', { columnNameOfCorruptRecord: 'raw' });
    await addFile(raw, named, 'b.json', JSON_B);
    expect(named.batches.get(0)).toEqual([{ id: 3, raw: null }, { id: null, raw: '[4]' }]);
  });

  it('DROPMALFORMED drops malformed records and counts them in the source metrics of their batch', async () => {
    const { spark } = streamingSession();
    const s = setUp();
    const query = start(spark, s, 'json', 'id BIGINT, name STRING', { mode: 'DROPMALFORMED' });
    await addFile(query, s, 'a.json', JSON_A);
    expect(malformedMetrics(query)).toEqual({ numMalformedRecords: '2', numMalformedRecordsDropped: '2' });
    await addFile(query, s, 'b.json', '{"id":3,"name":"c"}\n');
    expect(malformedMetrics(query)).toEqual({ numMalformedRecords: '0', numMalformedRecordsDropped: '0' });
    expect([...s.batches]).toEqual([[0, [{ id: 1, name: 'a' }]], [1, [{ id: 3, name: 'c' }]]]);
    expect(query.lastProgress!.json).toContain('"metrics":{"numMalformedRecords":"0","numMalformedRecordsDropped":"0"}');
  });

  it('FAILFAST stops the query naming the record, file, line and offset; a restart fails again on the same file, DROPMALFORMED then gets past it', async () => {
    const { spark } = streamingSession();
    const s = setUp();
    const options = { mode: 'FAILFAST' };
    const query = start(spark, s, 'json', 'id BIGINT, name STRING', options);
    await addFile(query, s, 'a.json', '{"id":1,"name":"a"}\n');
    const bad = path.join(s.input, 'b.json');
    const expectedCause = `[MALFORMED_RECORD_IN_PARSING] Malformed records are detected in record parsing: the JSON record at line 2 (byte offset 20) of ${bad}: {"id":"x"}. `
      + "Parse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE' (or 'DROPMALFORMED' to skip them).";
    const error = await caughtAsync(() => addFile(query, s, 'b.json', '{"id":2,"name":"b"}\n{"id":"x"}\n{"id":4}\n'));
    expect(error).toBeInstanceOf(StreamingQueryException);
    expect(error.message).toBe(
      `Query [id = ${query.id}, runId = ${query.runId}] terminated with exception: ${expectedCause} (in batch 1; restarting the query from its checkpoint runs batch 1 again with the same offsets)`,
    );
    expect((error.cause as Error & { errorClass: string }).errorClass).toBe('MALFORMED_RECORD_IN_PARSING');
    expect(query.exception()).toBe(error);
    expect([...s.batches.keys()]).toEqual([0]);
    expect(fs.readdirSync(path.join(s.ckpt, 'commits')).sort()).toEqual(['0']);
    expect(fs.readdirSync(path.join(s.ckpt, 'offsets')).sort()).toEqual(['0', '1']);

    const again = start(spark, s, 'json', 'id BIGINT, name STRING', options);
    const second = await caughtAsync(() => again.processAllAvailable());
    expect(second.message).toBe(
      `Query [id = ${query.id}, runId = ${again.runId}] terminated with exception: ${expectedCause} (in batch 1; restarting the query from its checkpoint runs batch 1 again with the same offsets)`,
    );
    expect(fs.readdirSync(path.join(s.ckpt, 'commits')).sort()).toEqual(['0']);

    const lenient = start(spark, s, 'json', 'id BIGINT, name STRING', { mode: 'DROPMALFORMED' });
    await lenient.processAllAvailable();
    expect([...s.batches]).toEqual([[0, [{ id: 1, name: 'a' }]], [1, [{ id: 2, name: 'b' }, { id: 4, name: null }]]]);
  });

  it('FAILFAST counts the byte offset in UTF-8 bytes and \\r\\n line ends', async () => {
    const { spark } = streamingSession();
    const s = setUp();
    const query = start(spark, s, 'json', 'name STRING', { mode: 'FAILFAST' });
    const error = await caughtAsync(() => addFile(query, s, 'c.json', '{"name":"é"}\r\n\r\n{bad\r\n'));
    expect((error.cause as Error).message).toContain(`the JSON record at line 3 (byte offset 17) of ${path.join(s.input, 'c.json')}: {bad. Parse Mode: FAILFAST.`);
  });

  it('refuses an unknown mode and a corrupt-record column that is not a nullable string at load()', () => {
    const { spark } = streamingSession();
    const s = setUp();
    const mode = caught(() => spark.readStream.schema('id BIGINT').option('mode', 'lenient').json(s.input));
    expect(mode).toBeInstanceOf(IllegalArgumentError);
    expect(mode.errorClass).toBe('INVALID_PARSE_MODE');
    expect(mode.message).toBe("The read option mode is 'lenient', which is not a parse mode; use one of PERMISSIVE, DROPMALFORMED, FAILFAST.");
    const column = caught(() => spark.readStream.schema('id BIGINT, _corrupt_record INT').csv(s.input));
    expect(column).toBeInstanceOf(AnalysisException);
    expect(column.message).toBe(
      'The field for corrupt records must be string type and nullable: the schema\'s column "_corrupt_record" is int. '
        + 'Declare it as a nullable STRING, or name another column with the option columnNameOfCorruptRecord.',
    );
    expect(fs.readdirSync(s.input)).toEqual([]);
  });
});

const CSV_A = 'id,name\n1,a\n2\nthree,c\n';
const CSV_B = 'id,name\n4,d,extra\n5,e\n';

describe('csv file stream parse modes', () => {
  it('PERMISSIVE: too few or too many fields, or a value that does not convert, keep what they can and the raw line', async () => {
    const { spark } = streamingSession();
    const s = setUp();
    const query = start(spark, s, 'csv', 'id INT, name STRING, _corrupt_record STRING', { header: true });
    await addFile(query, s, 'a.csv', CSV_A);
    await addFile(query, s, 'b.csv', CSV_B);
    expect([...s.batches]).toEqual([
      [0, [{ id: 1, name: 'a', _corrupt_record: null }, { id: 2, name: null, _corrupt_record: '2' }, { id: null, name: 'c', _corrupt_record: 'three,c' }]],
      [1, [{ id: 4, name: 'd', _corrupt_record: '4,d,extra' }, { id: 5, name: 'e', _corrupt_record: null }]],
    ]);
    expect(malformedMetrics(query)).toEqual({ numMalformedRecords: '1', numMalformedRecordsDropped: '0' });
  });

  it('DROPMALFORMED keeps only well-formed lines and counts the dropped ones per batch', async () => {
    const { spark } = streamingSession();
    const s = setUp();
    const query = start(spark, s, 'csv', 'id INT, name STRING', { header: true, mode: 'DROPMALFORMED' });
    await addFile(query, s, 'a.csv', CSV_A);
    expect(malformedMetrics(query)).toEqual({ numMalformedRecords: '2', numMalformedRecordsDropped: '2' });
    await addFile(query, s, 'b.csv', CSV_B);
    expect(malformedMetrics(query)).toEqual({ numMalformedRecords: '1', numMalformedRecordsDropped: '1' });
    expect([...s.batches]).toEqual([[0, [{ id: 1, name: 'a' }]], [1, [{ id: 5, name: 'e' }]]]);
  });

  it('FAILFAST names the first malformed line (the header is line 1) and fails again on restart', async () => {
    const { spark } = streamingSession();
    const s = setUp();
    const query = start(spark, s, 'csv', 'id INT, name STRING', { header: true, mode: 'FAILFAST' });
    const bad = path.join(s.input, 'a.csv');
    const cause = `[MALFORMED_RECORD_IN_PARSING] Malformed records are detected in record parsing: the CSV record at line 3 (byte offset 12) of ${bad}: 2. `
      + "Parse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE' (or 'DROPMALFORMED' to skip them).";
    const error = await caughtAsync(() => addFile(query, s, 'a.csv', CSV_A));
    expect(error).toBeInstanceOf(StreamingQueryException);
    expect(error.message).toBe(
      `Query [id = ${query.id}, runId = ${query.runId}] terminated with exception: ${cause} (in batch 0; restarting the query from its checkpoint runs batch 0 again with the same offsets)`,
    );
    expect(fs.existsSync(path.join(s.ckpt, 'commits', '0'))).toBe(false);
    const again = start(spark, s, 'csv', 'id INT, name STRING', { header: true, mode: 'FAILFAST' });
    expect((await caughtAsync(() => again.processAllAvailable())).message).toContain(`terminated with exception: ${cause} (in batch 0;`);
    expect(s.batches.size).toBe(0);
  });
});
