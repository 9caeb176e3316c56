/**
 * Malformed records. The Structured json and csv readers follow Spark's parse modes: PERMISSIVE
 * (nulls, and the raw line in the corrupt-record column when the schema has one), DROPMALFORMED
 * (skipped) and FAILFAST (the job fails naming the record, its file, line and byte offset). In
 * the DStream engine a record the user's parse function rejects fails the task, which is retried
 * and then aborts the job with the record in the message.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisException, IllegalArgumentError, ManualClock, Seconds, SparkContext, SparkException, StreamingContext } from '../../src/index.js';
import { advanceBatches, TestInputDStream } from '../../src/testing.js';
import { EventRecorder } from '../support/recordEvents.js';
import { caught, newSession, tempDir } from './support.js';

function file(name: string, text: string): string {
  const target = path.join(tempDir(), name);
  fs.writeFileSync(target, text);
  return target;
}

const JSON_LINES = '{"id":1,"name":"a"}\n{oops\n{"id":"three","name":"c"}\n[1,2]\n{"id":5,"name":"e"}\n';

describe('json reader parse modes', () => {
  it('PERMISSIVE with _corrupt_record in the schema: nulls, and the raw line for a malformed line or a value that does not fit', async () => {
    const { spark } = newSession();
    const rows = await spark.read.schema('id BIGINT, name STRING, _corrupt_record STRING').json(file('a.json', JSON_LINES)).collect();
    expect(rows).toEqual([
      { id: 1, name: 'a', _corrupt_record: null },
      { id: null, name: null, _corrupt_record: '{oops' },
      { id: null, name: 'c', _corrupt_record: '{"id":"three","name":"c"}' },
      { id: null, name: null, _corrupt_record: '[1,2]' },
      { id: 5, name: 'e', _corrupt_record: null },
    ]);
  });

  it('PERMISSIVE without the column: a malformed line is a row of nulls', async () => {
    const { spark } = newSession();
    const rows = await spark.read.schema('id BIGINT, name STRING').json(file('b.json', JSON_LINES)).collect();
    expect(rows).toEqual([{ id: 1, name: 'a' }, { id: null, name: null }, { id: null, name: 'c' }, { id: null, name: null }, { id: 5, name: 'e' }]);
  });

  it('infers _corrupt_record (in name order) when a line is malformed, as Spark does', async () => {
    const { spark } = newSession();
    const df = spark.read.json(file('c.json', '{"b":1,"a":"x"}\nnot json\n'));
    expect(df.schema.simpleString).toBe('struct<_corrupt_record:string,a:string,b:bigint>');
    expect(await df.collect()).toEqual([{ _corrupt_record: null, a: 'x', b: 1 }, { _corrupt_record: 'not json', a: null, b: null }]);
    expect(spark.read.option('mode', 'DROPMALFORMED').json(file('c2.json', '{"b":1}\nnot json\n')).schema.simpleString).toBe('struct<b:bigint>');
  });

  it('names the column with columnNameOfCorruptRecord, or spark.sql.columnNameOfCorruptRecord', async () => {
    const input = file('d.json', '{"id":1}\n{bad\n');
    const { spark } = newSession();
    expect(await spark.read.schema('id BIGINT, raw STRING').option('columnNameOfCorruptRecord', 'raw').json(input).collect()).toEqual([
      { id: 1, raw: null },
      { id: null, raw: '{bad' },
    ]);
    spark.conf.set('spark.sql.columnNameOfCorruptRecord', 'broken');
    expect(spark.read.json(input).schema.simpleString).toBe('struct<broken:string,id:bigint>');
  });

  it('DROPMALFORMED skips malformed lines and values that do not fit', async () => {
    const { spark } = newSession();
    const rows = await spark.read.schema('id BIGINT, name STRING').option('mode', 'DROPMALFORMED').json(file('e.json', JSON_LINES)).collect();
    expect(rows).toEqual([{ id: 1, name: 'a' }, { id: 5, name: 'e' }]);
  });

  it('FAILFAST fails the job naming the record, its file, line and byte offset, also in a later split', async () => {
    const { spark } = newSession({ 'spark.task.maxFailures': 1 });
    const good = Array.from({ length: 40 }, (_, i) => `{"id":${i}}`);
    const lines = [...good.slice(0, 30), '{"id":"x31"}', ...good.slice(30)];
    const input = file('f.json', lines.join('\n') + '\n');
    const offset = Buffer.byteLength(lines.slice(0, 30).map((l) => `${l}\n`).join(''));
    const df = spark.read.schema('id BIGINT').option('mode', 'FAILFAST').json(input);
    expect(df.rdd.getNumPartitions()).toBe(2);
    const error = await caught(() => df.collect());
    expect(error).toBeInstanceOf(SparkException);
    expect(error.errorClass).toBe('JOB_ABORTED');
    const cause = error.cause as SparkException;
    expect(cause.errorClass).toBe('MALFORMED_RECORD_IN_PARSING');
    expect(cause.message).toBe(
      `[MALFORMED_RECORD_IN_PARSING] Malformed records are detected in record parsing: the JSON record at line 31 (byte offset ${offset}) of ${input}: {"id":"x31"}. `
        + "Parse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE' (or 'DROPMALFORMED' to skip them).",
    );
  });

  it('refuses an unknown mode and a corrupt-record column that is not a string, before reading any data', async () => {
    const { spark } = newSession();
    const events = new EventRecorder(spark.sparkContext);
    const input = file('g.json', '{"id":1}\n');
    const mode = await caught(() => spark.read.schema('id BIGINT').option('mode', 'LENIENT').json(input));
    expect(mode).toBeInstanceOf(IllegalArgumentError);
    expect(mode.message).toBe("The read option mode is 'LENIENT', which is not a parse mode; use one of PERMISSIVE, DROPMALFORMED, FAILFAST.");
    const column = await caught(() => spark.read.schema('id BIGINT, _corrupt_record INT').json(input));
    expect(column).toBeInstanceOf(AnalysisException);
    expect(column.errorClass).toBe('INVALID_CORRUPT_RECORD_COLUMN');
    expect(column.message).toContain('The field for corrupt records must be string type and nullable: the schema\'s column "_corrupt_record" is int.');
    expect(events.of('jobStart')).toEqual([]);
  });
});

describe('csv reader parse modes', () => {
  const CSV = 'id,name\n1,a\n2\nthree,c\n4,d,extra\n5,e\n';
  const schema = 'id INT, name STRING, _corrupt_record STRING';

  it('PERMISSIVE: a line with too few or too many fields, or a value that does not convert, keeps what it can and the raw line', async () => {
    const { spark } = newSession();
    const rows = await spark.read.schema(schema).option('header', true).csv(file('a.csv', CSV)).collect();
    expect(rows).toEqual([
      { id: 1, name: 'a', _corrupt_record: null },
      { id: 2, name: null, _corrupt_record: '2' },
      { id: null, name: 'c', _corrupt_record: 'three,c' },
      { id: 4, name: 'd', _corrupt_record: '4,d,extra' },
      { id: 5, name: 'e', _corrupt_record: null },
    ]);
  });

  it('DROPMALFORMED keeps only well-formed lines', async () => {
    const { spark } = newSession();
    const rows = await spark.read.schema('id INT, name STRING').option('header', true).option('mode', 'DROPMALFORMED').csv(file('b.csv', CSV)).collect();
    expect(rows).toEqual([{ id: 1, name: 'a' }, { id: 5, name: 'e' }]);
  });

  it('FAILFAST names the first malformed record with its line (the header is line 1) and byte offset', async () => {
    const { spark } = newSession({ 'spark.task.maxFailures': 1 });
    const input = file('c.csv', CSV);
    const error = await caught(() => spark.read.schema('id INT, name STRING').option('header', true).option('mode', 'FAILFAST').csv(input).collect());
    expect((error.cause as SparkException).message).toContain(`the CSV record at line 3 (byte offset 12) of ${input}: 2. Parse Mode: FAILFAST.`);
  });
});

/** A parse function as a user writes one: Node's own JSON.parse message does not always quote the input. */
function parseRecord(line: string): { n: number } {
  try {
    return JSON.parse(line) as { n: number };
  } catch (error) {
    throw new SyntaxError(`cannot parse record ${JSON.stringify(line)}: ${(error as Error).message}`);
  }
}

describe('DStream: a record the parse function rejects', () => {
  it('fails the task, which is retried 4 times, then aborts the job with the record in the message', async () => {
    const sc = new SparkContext({ master: 'local[2]', clock: new ManualClock(0) });
    const ssc = new StreamingContext(sc, Seconds(1));
    try {
      new TestInputDStream(ssc, [['{"n":1}', '{"n":2}', '{oops', '{"n":4}']], 2).map(parseRecord).map((r) => r.n).print();
      const events = new EventRecorder(sc);
      ssc.start();
      const error = await caught(() => advanceBatches(ssc, 1));
      expect(error.errorClass).toBe('STREAMING_JOB_FAILED');
      const failures = events.of('taskEnd').filter((e) => e.reason.kind === 'exception');
      expect(failures.map((e) => [e.taskInfo.index, e.taskInfo.attemptNumber])).toEqual([[1, 0], [1, 1], [1, 2], [1, 3]]);
      const cause = error.cause as SparkException;
      expect(cause.errorClass).toBe('JOB_ABORTED');
      const stageId = failures[0]!.stageId;
      expect(cause.message).toBe(
        `Job aborted due to stage failure: Task 1 in stage ${stageId}.0 failed 4 times, most recent failure: Lost task 1.3 in stage ${stageId}.0 `
          + `(TID ${failures[3]!.taskInfo.taskId}) (executor driver): SyntaxError: cannot parse record "{oops": Expected property name or '}' in JSON at position 1 (while processing record: "{oops")`,
      );
      expect(error.message).toContain('Error running job for batch 1000 ms');
    } finally {
      await ssc.stop();
    }
  });
});
