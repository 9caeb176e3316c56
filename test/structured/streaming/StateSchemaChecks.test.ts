/**
 * Every stateful operator records its state schema on its first batch and refuses a restart whose
 * schema is not compatible (Spark's StateSchemaCompatibilityChecker): dropDuplicates, a
 * stream-stream join (each side's store), mapGroupsWithState and session windows. Each case runs
 * rounds 0-1, stops, restarts the checkpoint with a changed query (refused in round 2's batch with
 * the operator id, the schema file and both schemas; no file already in the checkpoint changes,
 * only offsets/2 is added), then restarts with the original query, which re-runs batch 2 and
 * round 3: every batch's rows and the final watermark equal those of a run never refused.
 * A damaged schema file is refused the same way, naming the file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  coalesce, col, count, type DataFrame, type GroupState, IllegalStateError, lit, ManualClock, max, PartitionedLog, type Row,
  session_window, SparkContext, SparkSession, StreamingQueryException, type StreamingQuery,
} from '../../../src/index.js';
import { caughtAsync, tempDir } from './support.js';
import { changedFiles, snapshotFiles } from '../../support/checkpointFiles.js';

const sessions: SparkSession[] = [];

afterEach(async () => {
  for (const spark of sessions.splice(0)) await stopSession(spark);
});

/** A new driver on a ManualClock: 2 state partitions, no no-data batches (batch ids follow the rounds). */
function newSession(): SparkSession {
  const clock = new ManualClock(0);
  const spark = SparkSession.builder().sparkContext(new SparkContext({ master: 'local[2]', clock }))
    .config('spark.sql.shuffle.partitions', 2).config('spark.sql.streaming.noDataMicroBatches.enabled', 'false').getOrCreate();
  sessions.push(spark);
  return spark;
}

async function stopSession(spark: SparkSession): Promise<void> {
  const index = sessions.indexOf(spark);
  if (index >= 0) sessions.splice(index, 1);
  for (const query of spark.streams.active) await query.stop();
  spark.stop();
  await spark.sparkContext.stop();
}

const ev = (key: string, value: string, seconds: number) => ({ key, value, timestamp: seconds * 1000 });
/** One batch per round: `events` and `clicks` records (event time in seconds). */
const ROUNDS = [
  { events: [ev('a', 'v1', 1), ev('b', 'v2', 2)], clicks: [ev('a', 'c1', 1.5)] },
  { events: [ev('a', 'v3', 4), ev('a', 'v1', 1), ev('b', 'v4', 6)], clicks: [] },
  { events: [ev('a', 'v5', 12), ev('b', 'v6', 3)], clicks: [ev('b', 'c2', 12.5)] },
  { events: [ev('b', 'v7', 20)], clicks: [ev('a', 'c3', 20.5)] },
];

function stream(spark: SparkSession, log: PartitionedLog, topic: string): DataFrame {
  return spark.readStream.format('log').option('log', log).option('subscribe', topic).option('startingOffsets', 'earliest')
    .option('recordIsMessage', true).load().select('key', 'value', 'timestamp').withWatermark('timestamp', '2 seconds');
}

interface Case {
  readonly name: string;
  readonly outputMode: 'append' | 'update';
  /** The query; `changed` changes its state schema. */
  readonly query: (spark: SparkSession, log: PartitionedLog, changed: boolean) => DataFrame;
  /** The schema file the changed query is refused on, relative to the checkpoint. */
  readonly schemaFile: string;
  readonly store?: string;
  readonly provided: readonly [key: string, value: string];
  readonly existing: readonly [key: string, value: string];
  /** Every batch's rows (sorted) over rounds 0-3, by batch id. */
  readonly batches: readonly (readonly [number, Row[]])[];
}

const CASES: Case[] = [
  {
    name: 'dropDuplicates',
    outputMode: 'append',
    query: (spark, log, changed) => stream(spark, log, 'events').dropDuplicates(changed ? ['key', 'value', 'timestamp'] : ['key', 'timestamp']).select('key', 'value'),
    schemaFile: 'state/0/_metadata/schema',
    provided: ['struct<key:string,value:string,timestamp:timestamp>', 'struct<__dummy__:void>'],
    existing: ['struct<key:string,timestamp:timestamp>', 'struct<__dummy__:void>'],
    // Round 1's second (a, 1 s) is a duplicate. Round 2's b at 3 s is on time: batch 2 judges late rows by
    // batch 1's watermark (0 s), as Spark 3.5 does.
    batches: [
      [0, [{ key: 'a', value: 'v1' }, { key: 'b', value: 'v2' }]],
      [1, [{ key: 'a', value: 'v3' }, { key: 'b', value: 'v4' }]],
      [2, [{ key: 'a', value: 'v5' }, { key: 'b', value: 'v6' }]],
      [3, [{ key: 'b', value: 'v7' }]],
    ],
  },
  {
    name: 'stream-stream join',
    outputMode: 'append',
    query: (spark, log, changed) => {
      const clicks = stream(spark, log, 'clicks').select(col('key').alias('ck'), col('value').alias('cv'), col('timestamp').alias('ct'));
      const on = changed ? col('key').equalTo(col('ck')).and(col('value').equalTo(col('cv'))) : col('key').equalTo(col('ck'));
      return stream(spark, log, 'events').join(clicks, on).select('key', 'value', 'cv');
    },
    schemaFile: 'state/0/_metadata/left/schema',
    store: 'left',
    // The side's columns the join's output reads (Spark prunes them too): not the timestamp.
    provided: ['struct<field0:string,field1:string>', 'struct<key:string,value:string,matched:boolean>'],
    existing: ['struct<field0:string>', 'struct<key:string,value:string,matched:boolean>'],
    // No time condition: both sides keep every row, so round 3's click c3 meets all of a's events.
    batches: [
      [0, [{ key: 'a', value: 'v1', cv: 'c1' }]],
      [1, [{ key: 'a', value: 'v1', cv: 'c1' }, { key: 'a', value: 'v3', cv: 'c1' }]],
      [2, [{ key: 'a', value: 'v5', cv: 'c1' }, { key: 'b', value: 'v2', cv: 'c2' }, { key: 'b', value: 'v4', cv: 'c2' }, { key: 'b', value: 'v6', cv: 'c2' }]],
      [3, [
        { key: 'a', value: 'v1', cv: 'c3' }, { key: 'a', value: 'v1', cv: 'c3' }, { key: 'a', value: 'v3', cv: 'c3' }, { key: 'a', value: 'v5', cv: 'c3' },
        { key: 'b', value: 'v7', cv: 'c2' },
      ]],
    ],
  },
  {
    name: 'mapGroupsWithState',
    outputMode: 'update',
    query: (spark, log, changed) => {
      const events = stream(spark, log, 'events');
      if (changed) return events.groupBy('key').count();
      return events.groupByKey((r) => r.key as string).mapGroupsWithState(
        (key, rows, state: GroupState<number>) => {
          const n = (state.getOption() ?? 0) + rows.length;
          state.update(n);
          return { key, n };
        },
        'key string, n long',
      );
    },
    schemaFile: 'state/0/_metadata/schema',
    provided: ['struct<key:string>', 'struct<count(1):bigint>'],
    existing: ['struct<key:string>', 'struct<groupState:string,timeoutTimestamp:bigint>'],
    batches: [
      [0, [{ key: 'a', n: 1 }, { key: 'b', n: 1 }]],
      [1, [{ key: 'a', n: 3 }, { key: 'b', n: 2 }]],
      [2, [{ key: 'a', n: 4 }, { key: 'b', n: 3 }]],
      [3, [{ key: 'b', n: 4 }]],
    ],
  },
  {
    name: 'session windows',
    outputMode: 'append',
    query: (spark, log, changed) => {
      const grouped = stream(spark, log, 'events').groupBy(session_window(col('timestamp'), '3 seconds'), col('key'));
      const aggregated = changed ? grouped.agg(count('*').alias('count'), max(col('value')).alias('last')) : grouped.agg(count('*').alias('count'));
      // An aggregate the output does not read is pruned, and with it its state: `last` must be selected.
      return aggregated.select(col('key'), col('session_window.start').cast('long').alias('start'), col('session_window.end').cast('long').alias('end'),
        ...(changed ? ['count', 'last'] : ['count']));
    },
    schemaFile: 'state/0/_metadata/schema',
    provided: ['struct<key:string>', 'struct<session_window:struct<start:timestamp,end:timestamp>,count(1):bigint,max(value):string>'],
    existing: ['struct<key:string>', 'struct<session_window:struct<start:timestamp,end:timestamp>,count(1):bigint>'],
    // a: 1, 4, 1 s merge into [1, 7); b: 2, 6, 3 s into [2, 9); both end before batch 3's watermark (10 s).
    batches: [[0, []], [1, []], [2, []], [3, [{ key: 'a', start: 1, end: 7, count: 3 }, { key: 'b', start: 2, end: 9, count: 3 }]]],
  },
];

interface Run {
  readonly log: PartitionedLog;
  readonly ckpt: string;
  /** Each batch's rows, sorted, by batch id. */
  readonly batches: Map<number, Row[]>;
}

function newRun(): Run {
  const log = PartitionedLog.open();
  log.createTopic('events', 1);
  log.createTopic('clicks', 1);
  return { log, ckpt: tempDir(), batches: new Map() };
}

function start(spark: SparkSession, c: Case, run: Run, changed = false): StreamingQuery {
  return c.query(spark, run.log, changed).writeStream.outputMode(c.outputMode).option('checkpointLocation', run.ckpt)
    .foreachBatch(async (df, batchId) => {
      const rows = await df.collect();
      run.batches.set(batchId, rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)));
    })
    .start();
}

async function runRounds(query: StreamingQuery, run: Run, rounds: readonly number[]): Promise<void> {
  for (const round of rounds) {
    run.log.append('events', 0, ROUNDS[round]!.events);
    if (ROUNDS[round]!.clicks.length > 0) run.log.append('clicks', 0, ROUNDS[round]!.clicks);
    await query.processAllAvailable();
  }
}

/** Rounds 0-3 in one run: the batches and watermark a refused restart must end with. */
async function reference(c: Case): Promise<{ batches: Map<number, Row[]>; watermark: string | undefined }> {
  const run = newRun();
  const spark = newSession();
  const query = start(spark, c, run);
  await runRounds(query, run, [0, 1, 2, 3]);
  const watermark = query.lastProgress?.eventTime['watermark'];
  await stopSession(spark);
  return { batches: run.batches, watermark };
}

/** Rounds 0-1, stopped normally. */
async function firstRun(c: Case): Promise<Run> {
  const run = newRun();
  const spark = newSession();
  await runRounds(start(spark, c, run), run, [0, 1]);
  await stopSession(spark);
  return run;
}

/** The original query again: batch 2 (already in the offset log) and round 3. */
async function cleanRestart(c: Case, run: Run): Promise<string | undefined> {
  const spark = newSession();
  const query = start(spark, c, run);
  await query.processAllAvailable();
  await runRounds(query, run, [3]);
  const watermark = query.lastProgress?.eventTime['watermark'];
  await stopSession(spark);
  return watermark;
}

describe('state schema checks on restart', () => {
  it.each(CASES)('$name: a changed state schema is refused naming the operator, file and both schemas; the original query then resumes', async (c) => {
    const expected = await reference(c);
    const run = await firstRun(c);
    const before = snapshotFiles(run.ckpt);
    const spark = newSession();
    const query = start(spark, c, run, true);
    run.log.append('events', 0, ROUNDS[2]!.events);
    run.log.append('clicks', 0, ROUNDS[2]!.clicks);
    const error = await caughtAsync(() => query.processAllAvailable());
    expect(error).toBeInstanceOf(StreamingQueryException);
    const cause = error.cause as IllegalStateError;
    expect(cause).toBeInstanceOf(IllegalStateError);
    expect(cause.errorClass).toBe('STATE_SCHEMA_NOT_COMPATIBLE');
    expect(cause.message).toBe(
      `[STATE_SCHEMA_NOT_COMPATIBLE] StateSchemaNotCompatible: the state schema of operator 0${c.store ? ` (state store "${c.store}")` : ''} `
        + `does not match the schema stored in ${path.join(run.ckpt, c.schemaFile)}. Field names may differ; the number of fields and their types may not.\n`
        + `- Provided key schema: ${c.provided[0]}\n- Provided value schema: ${c.provided[1]}\n`
        + `- Existing key schema: ${c.existing[0]}\n- Existing value schema: ${c.existing[1]}\n`
        + 'Restore the query\'s previous stateful operations, or start from a new checkpoint location.',
    );
    expect(error.message).toContain(`terminated with exception: ${cause.message} (in batch 2;`);
    expect(changedFiles(run.ckpt, before)).toEqual(['offsets/2']);
    expect([...run.batches.keys()]).toEqual([0, 1]);
    await stopSession(spark);
    const watermark = await cleanRestart(c, run);
    expect([...expected.batches]).toEqual(c.batches);
    expect([...run.batches]).toEqual(c.batches);
    expect(expected.watermark).toBe('1970-01-01T00:00:10.000Z');
    expect(watermark).toBe(expected.watermark);
  });
});

describe('nullability (Spark\'s equalsIgnoreNameAndCompatibleNullability)', () => {
  const dedupKey = (nullable: boolean): Case => ({
    ...CASES[0]!,
    query: (spark, log) => stream(spark, log, 'events').select(nullable ? col('key') : coalesce(col('key'), lit('?')).alias('key'), col('value'), col('timestamp'))
      .dropDuplicates(['key', 'timestamp']).select('key', 'value'),
  });

  it('refuses a key column stored as not null that became nullable, showing the nullability', async () => {
    const run = await firstRun(dedupKey(false));
    const before = snapshotFiles(run.ckpt);
    const spark = newSession();
    const query = start(spark, dedupKey(true), run);
    run.log.append('events', 0, ROUNDS[2]!.events);
    const cause = (await caughtAsync(() => query.processAllAvailable())).cause as IllegalStateError;
    expect(cause.message).toBe(
      `[STATE_SCHEMA_NOT_COMPATIBLE] StateSchemaNotCompatible: the state schema of operator 0 does not match the schema stored in ${path.join(run.ckpt, 'state/0/_metadata/schema')}. `
        + 'Field names may differ; the number of fields and their types may not, and a field stored as not null may not become nullable '
        + '(state written from now on could hold nulls where the stored schema promises none).\n'
        + '- Provided key schema: struct<key:string,timestamp:timestamp>\n- Provided value schema: struct<__dummy__:void>\n'
        + '- Existing key schema: struct<key:string not null,timestamp:timestamp>\n- Existing value schema: struct<__dummy__:void>\n'
        + 'Restore the query\'s previous stateful operations, or start from a new checkpoint location.',
    );
    expect(changedFiles(run.ckpt, before)).toEqual(['offsets/2']);
  });

  it('accepts a nullable key column that became not null, and keeps the stored schema', async () => {
    const run = await firstRun(dedupKey(true));
    const schemaFile = path.join(run.ckpt, 'state/0/_metadata/schema');
    const stored = fs.readFileSync(schemaFile, 'utf8');
    const spark = newSession();
    const query = start(spark, dedupKey(false), run);
    await runRounds(query, run, [2, 3]);
    expect([...run.batches]).toEqual(CASES[0]!.batches);
    expect(fs.readFileSync(schemaFile, 'utf8')).toBe(stored);
  });
});

describe('a damaged state schema file', () => {
  const join = CASES[1]!;
  const cutValueLine = (text: string) => text.slice(0, text.length - 20);
  /** What JSON.parse says about the cut value line, as the reader reports it. */
  const parseError = (text: string) => {
    try {
      JSON.parse(cutValueLine(text).split('\n')[2]!);
    } catch (error) {
      return (error as Error).message;
    }
    return 'none';
  };
  const DAMAGE: [string, (text: string) => string, (original: string) => string][] = [
    ['truncated after the key schema', (text) => text.split('\n').slice(0, 2).join('\n'), () => 'it should be three lines: v1, the key schema and the value schema'],
    ['cut inside the value schema', cutValueLine, (original) => `a schema line cannot be read (${parseError(original)})`],
    ['empty', () => '', () => 'it should be three lines: v1, the key schema and the value schema'],
    ['not a schema', (text) => text.replace(/"type":"struct"/, '"type":"map"'), () => 'a schema line cannot be read (not a struct schema)'],
  ];

  it.each(DAMAGE)('%s: the first batch fails naming the file; only its offsets are added; restored, the original query resumes', async (_, damage, reason) => {
    const run = await firstRun(join);
    const file = path.join(run.ckpt, 'state/0/_metadata/left/schema');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, damage(original));
    const before = snapshotFiles(run.ckpt);
    const spark = newSession();
    const query = start(spark, join, run);
    run.log.append('events', 0, ROUNDS[2]!.events);
    run.log.append('clicks', 0, ROUNDS[2]!.clicks);
    const error = await caughtAsync(() => query.processAllAvailable());
    expect(error).toBeInstanceOf(StreamingQueryException);
    const cause = error.cause as IllegalStateError;
    expect(cause.errorClass).toBe('CANNOT_LOAD_STATE_STORE');
    expect(cause.message).toBe(
      `[CANNOT_LOAD_STATE_STORE] The state file ${file} is damaged: ${reason(original)}. `
        + 'Restore it from a backup or delete the checkpoint directory to start over (losing the query\'s progress).',
    );
    expect(changedFiles(run.ckpt, before)).toEqual(['offsets/2']);
    await stopSession(spark);
    fs.writeFileSync(file, original);
    expect(await cleanRestart(join, run)).toBe('1970-01-01T00:00:10.000Z');
    expect([...run.batches]).toEqual(join.batches);
  });
});

describe('the recorded schemas', () => {
  it('a join records one schema file per side, in Spark\'s StructType JSON', async () => {
    const run = await firstRun(CASES[1]!);
    const field = (name: string, type: string, nullable = true) => `{"name":"${name}","type":"${type}","nullable":${nullable},"metadata":{}}`;
    const struct = (...fields: string[]) => `{"type":"struct","fields":[${fields.join(',')}]}`;
    expect(fs.readFileSync(path.join(run.ckpt, 'state/0/_metadata/left/schema'), 'utf8')).toBe(
      ['v1', struct(field('field0', 'string')), struct(field('key', 'string'), field('value', 'string'), field('matched', 'boolean', false))].join('\n'),
    );
    expect(fs.readFileSync(path.join(run.ckpt, 'state/0/_metadata/right/schema'), 'utf8')).toBe(
      ['v1', struct(field('field0', 'string')), struct(field('ck', 'string'), field('cv', 'string'), field('matched', 'boolean', false))].join('\n'),
    );
    expect(fs.existsSync(path.join(run.ckpt, 'state/0/_metadata/schema'))).toBe(false);
  });
});
