/**
 * A driver crash right after each step of the micro-batch protocol, in turn (the
 * spark.sql.streaming.testing.crashAfter seam): after the offset log write, after reading the
 * batch, after the state store commit, after the sink write, after the commit log write. The
 * restarted query runs the same batch id over the same offset range from the state version of the
 * last committed batch, the file sink skips a batch it already holds, and the final output equals
 * a crash-free run byte for byte.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { col, PartitionedLog, StreamingQueryException, window, type SparkSession, type StreamingQuery, type StreamingQueryProgress } from '../../src/index.js';
import { CRASH_AFTER_KEY, MICRO_BATCH_STEPS, type MicroBatchStep } from '../../src/testing.js';
import { caught, committedOutput, dataFiles, newSession, stopSession, tempDir } from './support.js';

/** Four rounds of input; each becomes one micro-batch. Event times in ms; 5 s windows, 2 s watermark delay. */
const ROUNDS = [
  [{ key: 'a', value: '1', timestamp: 1000 }, { key: 'b', value: '2', timestamp: 2500 }, { key: 'a', value: '3', timestamp: 4000 }],
  [{ key: 'a', value: '4', timestamp: 6000 }, { key: 'b', value: '5', timestamp: 8000 }, { key: 'c', value: '6', timestamp: 3000 }],
  [{ key: 'c', value: '7', timestamp: 12_000 }, { key: 'a', value: '8', timestamp: 9000 }],
  [{ key: 'b', value: '9', timestamp: 21_000 }],
];

function appendRound(log: PartitionedLog, round: number): void {
  ROUNDS[round]!.forEach((record, i) => log.append('events', i % 2, [record]));
}

function startQuery(spark: SparkSession, log: PartitionedLog, ckpt: string, out: string): StreamingQuery {
  return spark.readStream
    .format('log')
    .option('log', log)
    .option('subscribe', 'events')
    .option('startingOffsets', 'earliest')
    .option('recordIsMessage', true)
    .load()
    .withWatermark('timestamp', '2 seconds')
    .groupBy(window(col('timestamp'), '5 seconds'), col('key'))
    .count()
    .writeStream.format('json')
    .outputMode('append')
    .option('checkpointLocation', ckpt)
    .start(out);
}

/** What must be identical between a batch and its re-run: id, offset range, input rows, state rows. */
function batchSummary(p: StreamingQueryProgress) {
  const state = p.stateOperators[0];
  return {
    batchId: p.batchId,
    startOffset: p.sources[0]!.startOffset,
    endOffset: p.sources[0]!.endOffset,
    numInputRows: p.numInputRows,
    numRowsTotal: state?.numRowsTotal,
    numRowsUpdated: state?.numRowsUpdated,
    watermark: p.eventTime['watermark'],
  };
}

function newLog(): PartitionedLog {
  const log = PartitionedLog.open();
  log.createTopic('events', 2);
  return log;
}

/** The crash-free run: every round, one batch each. */
async function referenceRun(): Promise<{ output: string[]; batches: ReturnType<typeof batchSummary>[]; numFiles: number }> {
  const log = newLog();
  const out = tempDir();
  const { spark } = newSession();
  const query = startQuery(spark, log, tempDir(), out);
  for (let round = 0; round < ROUNDS.length; round++) {
    appendRound(log, round);
    await query.processAllAvailable();
  }
  const batches = query.recentProgress.map(batchSummary);
  await stopSession(spark);
  return { output: committedOutput(out), batches, numFiles: dataFiles(out).length };
}

describe('a crash after each step of the micro-batch protocol', () => {
  it('runs one batch per round in the crash-free reference', async () => {
    const reference = await referenceRun();
    expect(reference.batches.map((b) => [b.batchId, b.startOffset, b.endOffset, b.numInputRows])).toEqual([
      [0, null, '{"events":{"0":2,"1":1}}', 3],
      [1, '{"events":{"0":2,"1":1}}', '{"events":{"0":4,"1":2}}', 3],
      [2, '{"events":{"0":4,"1":2}}', '{"events":{"0":5,"1":3}}', 2],
      [3, '{"events":{"0":5,"1":3}}', '{"events":{"0":6,"1":3}}', 1],
    ]);
    const w = (startS: number) => ({ start: `1970-01-01T00:00:0${startS}.000Z`, end: `1970-01-01T00:00:${String(startS + 5).padStart(2, '0')}.000Z` });
    // Window [0, 5) closes in batch 2 (watermark 8000 - 2000); [5, 10) in batch 3 (12000 - 2000); c at 3000 was late but above the watermark.
    expect(reference.output.map((batch) => batch.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l)))).toEqual([
      [],
      [],
      [{ window: w(0), key: 'b', count: 1 }, { window: w(0), key: 'a', count: 2 }, { window: w(0), key: 'c', count: 1 }],
      [{ window: w(5), key: 'b', count: 1 }, { window: w(5), key: 'a', count: 2 }],
    ]);
  });

  it.each(MICRO_BATCH_STEPS.map((step) => [step]))('after %s of batch 1: the restart resumes exactly and the output equals the crash-free run', async (step: MicroBatchStep) => {
    const reference = await referenceRun();
    const log = newLog();
    const ckpt = tempDir();
    const out = tempDir();

    const first = newSession({ [CRASH_AFTER_KEY]: `${step}:1` });
    let query = startQuery(first.spark, log, ckpt, out);
    appendRound(log, 0);
    await query.processAllAvailable();
    appendRound(log, 1);
    const error = await caught(() => query.processAllAvailable());
    expect(error).toBeInstanceOf(StreamingQueryException);
    expect((error.cause as { errorClass?: string }).errorClass).toBe('SIMULATED_CRASH');
    expect(error.message).toContain(`Simulated driver crash after step ${step} of batch 1`);
    await stopSession(first.spark);

    // What the dead driver left on disk, step by step.
    const afterStep = (s: MicroBatchStep) => MICRO_BATCH_STEPS.indexOf(step) >= MICRO_BATCH_STEPS.indexOf(s);
    expect(fs.existsSync(path.join(ckpt, 'offsets', '1'))).toBe(true);
    expect(fs.existsSync(path.join(ckpt, 'commits', '1'))).toBe(afterStep('commitLogWrite'));
    expect(fs.existsSync(path.join(out, '_spark_metadata', '1'))).toBe(afterStep('sinkWrite'));
    expect(fs.existsSync(path.join(ckpt, 'state', '0', '0', '2.delta'))).toBe(afterStep('stateCommit'));
    const sinkLogBefore = afterStep('sinkWrite') ? fs.readFileSync(path.join(out, '_spark_metadata', '1'), 'utf8') : undefined;

    const second = newSession();
    query = startQuery(second.spark, log, ckpt, out);
    await query.processAllAvailable();
    for (let round = 2; round < ROUNDS.length; round++) {
      appendRound(log, round);
      await query.processAllAvailable();
    }
    const rerun = query.recentProgress.map(batchSummary);
    await stopSession(second.spark);

    // The same batch id, offset range, watermark and state rows as the crash-free batch 1 (none re-run after its commit).
    const resumedFrom = afterStep('commitLogWrite') ? 2 : 1;
    expect(rerun).toEqual(reference.batches.slice(resumedFrom));
    if (sinkLogBefore !== undefined) expect(fs.readFileSync(path.join(out, '_spark_metadata', '1'), 'utf8')).toBe(sinkLogBefore);
    // A re-run the sink already held wrote no file; a re-run before the sink write wrote each file once.
    expect(dataFiles(out)).toHaveLength(reference.numFiles);
    expect(committedOutput(out)).toEqual(reference.output);
  });
});
