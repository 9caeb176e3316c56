/**
 * Checkpoints a Structured query must refuse: a truncated offset, commit, state delta or state
 * snapshot file, a missing metadata file, a stateful query whose state schema changed, and two
 * queries started on one checkpoint. Each is refused with an error naming the file or the
 * conflict; no file already in the checkpoint changes; and once the damage is repaired (the file
 * restored, the original query, the other run stopped) a clean restart keeps the watermark and
 * the state: its output equals that of a run that was never refused.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisException, col, count, IllegalStateError, max, PartitionedLog, StreamingQueryException, window, type SparkSession, type StreamingQuery } from '../../src/index.js';
import { caught, committedOutput, newSession, stopSession, tempDir } from './support.js';
import { changedFiles, snapshotFiles } from '../support/checkpointFiles.js';

const CONF = { 'spark.sql.streaming.stateStore.minDeltasForSnapshot': 1 };
/** Rounds of `{key, value, timestamp}`; one batch each. 5 s windows, 2 s watermark delay. */
const ROUNDS = [
  [{ key: 'a', value: '1', timestamp: 1000 }, { key: 'b', value: '2', timestamp: 2000 }],
  [{ key: 'a', value: '3', timestamp: 4000 }, { key: 'b', value: '4', timestamp: 6000 }],
  [{ key: 'a', value: '5', timestamp: 9000 }],
  [{ key: 'b', value: '6', timestamp: 11_000 }, { key: 'a', value: '7', timestamp: 8000 }],
  [{ key: 'a', value: '8', timestamp: 19_000 }],
];

interface Setup {
  readonly log: PartitionedLog;
  readonly ckpt: string;
  readonly out: string;
}

function startQuery(spark: SparkSession, { log, ckpt, out }: Setup, changedState = false): StreamingQuery {
  const grouped = spark.readStream.format('log').option('log', log).option('subscribe', 'events').option('startingOffsets', 'earliest')
    .option('recordIsMessage', true).load()
    .withWatermark('timestamp', '2 seconds')
    .groupBy(window(col('timestamp'), '5 seconds'), col('key'));
  const aggregated = changedState ? grouped.agg(count('*').alias('count'), max(col('value')).alias('last')) : grouped.count();
  return aggregated.writeStream.format('json').outputMode('append').option('checkpointLocation', ckpt).start(out);
}

async function runRounds(query: StreamingQuery, log: PartitionedLog, rounds: number[]): Promise<void> {
  for (const round of rounds) {
    log.append('events', 0, ROUNDS[round]!);
    await query.processAllAvailable();
  }
}

/** Rounds 0-2 in a first run that stops normally. */
async function firstRun(): Promise<Setup> {
  const log = PartitionedLog.open();
  log.createTopic('events', 1);
  const setup = { log, ckpt: tempDir(), out: tempDir() };
  const { spark } = newSession(CONF);
  await runRounds(startQuery(spark, setup), log, [0, 1, 2]);
  await stopSession(spark);
  return setup;
}

/** Rounds 3-4 in a clean restart; its output and final watermark. */
async function cleanRestart(setup: Setup, rounds = [3, 4]): Promise<{ output: string[]; watermark: string | undefined }> {
  const { spark } = newSession(CONF);
  const query = startQuery(spark, setup);
  await runRounds(query, setup.log, rounds);
  const watermark = query.lastProgress?.eventTime['watermark'];
  await stopSession(spark);
  return { output: committedOutput(setup.out), watermark };
}

function truncate(file: string): string {
  const original = fs.readFileSync(file, 'latin1');
  fs.writeFileSync(file, original.slice(0, Math.floor(original.length / 2)), 'latin1');
  return original;
}

const reference = async () => cleanRestart(await firstRun());

describe('a damaged checkpoint', () => {
  it('the first run leaves offsets 0-2, deltas, a snapshot and the state schema; a restart continues', async () => {
    const setup = await firstRun();
    expect(fs.readdirSync(path.join(setup.ckpt, 'offsets')).sort()).toEqual(['0', '1', '2']);
    expect(fs.readdirSync(path.join(setup.ckpt, 'state', '0', '0')).sort()).toEqual(['1.delta', '2.delta', '2.snapshot', '3.delta']);
    expect(fs.readdirSync(path.join(setup.ckpt, 'state', '0', '_metadata'))).toEqual(['schema']);
    const { output, watermark } = await cleanRestart(setup);
    expect(watermark).toBe('1970-01-01T00:00:09.000Z');
    expect(output.join('')).toContain('"key":"a","count":2');
  });

  it.each([
    ['offsets/2', 'The offset log file'],
    ['commits/2', 'The commit log file'],
  ])('a truncated %s is refused at start naming the file; nothing changes; restored, the restart keeps watermark and state', async (name, logName) => {
    const expected = await reference();
    const setup = await firstRun();
    const file = path.join(setup.ckpt, name);
    const original = truncate(file);
    const before = snapshotFiles(setup.ckpt);
    const { spark } = newSession(CONF);
    const error = await caught(() => startQuery(spark, setup));
    expect(error).toBeInstanceOf(IllegalStateError);
    expect(error.errorClass).toBe('CHECKPOINT_FILE_DAMAGED');
    expect(error.message).toContain(`${logName} ${file} is damaged`);
    expect(spark.streams.active).toEqual([]);
    expect(changedFiles(setup.ckpt, before)).toEqual([]);
    await stopSession(spark);
    fs.writeFileSync(file, original, 'latin1');
    expect(await cleanRestart(setup)).toEqual(expected);
  });

  it.each([['3.delta'], ['2.snapshot']])('a truncated state file %s fails the first batch naming the file; only that batch\'s offsets are added; restored, the restart keeps watermark and state', async (name) => {
    const expected = await reference();
    const setup = await firstRun();
    // Version 3 is rebuilt from snapshot 2 plus delta 3, in both state partitions: damage partition 1's.
    const file = path.join(setup.ckpt, 'state', '0', '1', name);
    const original = truncate(file);
    const before = snapshotFiles(setup.ckpt);
    const { spark } = newSession(CONF);
    const query = startQuery(spark, setup);
    setup.log.append('events', 0, ROUNDS[3]!);
    const error = await caught(() => query.processAllAvailable());
    expect(error).toBeInstanceOf(StreamingQueryException);
    expect(error.message).toContain(`[CANNOT_LOAD_STATE_STORE] The state file ${file} is damaged`);
    // Only new files: the batch's offsets, and partition 0's version 4, committed by its task before
    // partition 1's failed the job (state stores commit per task, as in Spark); the re-run rewrites it.
    expect(changedFiles(setup.ckpt, before)).toEqual(['offsets/3', 'state/0/0/4.delta', 'state/0/0/4.snapshot']);
    await stopSession(spark);
    fs.writeFileSync(file, original, 'latin1');
    // Round 3 is already in the log: the restart re-runs batch 3 as logged, then round 4.
    expect(await cleanRestart(setup, [4])).toEqual(expected);
  });

  it('a missing metadata file is refused at start naming it; restored, the restart keeps watermark and state', async () => {
    const expected = await reference();
    const setup = await firstRun();
    const file = path.join(setup.ckpt, 'metadata');
    const original = fs.readFileSync(file, 'utf8');
    fs.rmSync(file);
    const before = snapshotFiles(setup.ckpt);
    const { spark } = newSession(CONF);
    const error = await caught(() => startQuery(spark, setup));
    expect(error).toBeInstanceOf(IllegalStateError);
    expect(error.errorClass).toBe('CHECKPOINT_METADATA_MISSING');
    expect(error.message).toContain(`The checkpoint metadata file ${file} is missing, but ${path.join(setup.ckpt, 'offsets')} holds batches`);
    expect(changedFiles(setup.ckpt, before)).toEqual([]);
    expect(fs.existsSync(file)).toBe(false);
    await stopSession(spark);
    fs.writeFileSync(file, original);
    expect(await cleanRestart(setup)).toEqual(expected);
  });

  it('a query whose state schema changed is refused naming the schema file; the original query then resumes', async () => {
    const expected = await reference();
    const setup = await firstRun();
    const before = snapshotFiles(setup.ckpt);
    const { spark } = newSession(CONF);
    const query = startQuery(spark, setup, true);
    setup.log.append('events', 0, ROUNDS[3]!);
    const error = await caught(() => query.processAllAvailable());
    expect(error).toBeInstanceOf(StreamingQueryException);
    // Checked on the driver when the batch is planned, before any task opens a state store.
    const cause = error.cause as IllegalStateError;
    expect(cause.errorClass).toBe('STATE_SCHEMA_NOT_COMPATIBLE');
    expect(cause.message).toContain('- Provided value schema: struct<count(1):bigint,max(value):string>');
    expect(cause.message).toContain('- Existing value schema: struct<count(1):bigint>');
    expect(error.message).toContain(`the state schema of operator 0 does not match the schema stored in ${path.join(setup.ckpt, 'state', '0', '_metadata', 'schema')}`);
    expect(changedFiles(setup.ckpt, before)).toEqual(['offsets/3']);
    await stopSession(spark);
    expect(await cleanRestart(setup, [4])).toEqual(expected);
  });

  it('a second query started on a running query\'s checkpoint is refused naming the other run; the first runs on undisturbed', async () => {
    const expected = await reference();
    const setup = await firstRun();
    const first = newSession(CONF);
    const running = startQuery(first.spark, setup);
    const before = snapshotFiles(setup.ckpt);
    const second = newSession(CONF);
    const error = await caught(() => startQuery(second.spark, setup));
    expect(error.errorClass).toBe('CONCURRENT_QUERY');
    expect(error.message).toContain(`Cannot start a query on checkpoint ${setup.ckpt}: another run (runId ${running.runId}) is already active on it`);
    expect(second.spark.streams.active).toEqual([]);
    expect(changedFiles(setup.ckpt, before)).toEqual([]);
    await stopSession(second.spark);
    await runRounds(running, setup.log, [3, 4]);
    const watermark = running.lastProgress?.eventTime['watermark'];
    await stopSession(first.spark);
    expect({ output: committedOutput(setup.out), watermark }).toEqual(expected);
  });

  it('refuses a stateful checkpoint restarted as another query with other sources (AnalysisException)', async () => {
    const setup = await firstRun();
    const { spark } = newSession(CONF);
    const error = await caught(() => spark.readStream.format('rate').load().writeStream.format('memory').queryName('other').option('checkpointLocation', setup.ckpt).start());
    expect(error).toBeInstanceOf(AnalysisException);
    expect(error.errorClass).toBe('CHECKPOINT_OF_ANOTHER_QUERY');
  });
});
