/**
 * Task failures injected with `sc.faults.failTask`, in both engines. A task that fails once is
 * retried by the scheduler and the output is unchanged. A task that keeps failing aborts the job
 * after spark.task.maxFailures (4) attempts with Spark's message; the Structured query stops with
 * that error and neither its sink nor its commit log holds any of the batch, so a restart runs it
 * whole; the DStream context reports it to awaitTermination and the batch's text files are not
 * half-written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { col, ManualClock, MemoryStream, Seconds, SparkContext, SparkException, StreamingContext, StreamingQueryException, StructType, namedFunction, type RDD, type SparkSession } from '../../src/index.js';
import { advanceBatches, TestInputDStream } from '../../src/testing.js';
import { EventRecorder } from '../support/recordEvents.js';
import { caught, committedOutput, dataFiles, newSession, stopSession, tempDir } from './support.js';

const ALWAYS = Number.POSITIVE_INFINITY;

function failedAttempts(events: EventRecorder): [number, number][] {
  return events.of('taskEnd').filter((e) => e.reason.kind === 'exception').map((e) => [e.taskInfo.index, e.taskInfo.attemptNumber]);
}

function startDoubling(spark: SparkSession, input: MemoryStream<number>, ckpt: string, out: string) {
  return input.toDF(spark).select((col('value').multiply(2)).alias('doubled')).writeStream.format('json').option('checkpointLocation', ckpt).start(out);
}

describe('Structured: task failures', () => {
  it('retries a task that fails once; the batch output is unchanged', async () => {
    const { spark } = newSession();
    const input = new MemoryStream<number>(new StructType().add('value', 'int'));
    const out = tempDir();
    const query = startDoubling(spark, input, tempDir(), out);
    spark.sparkContext.faults.failTask({ partition: 0, failAttemptsBelow: 1, message: 'flaky disk' });
    const events = new EventRecorder(spark.sparkContext);
    input.addData(1, 2, 3);
    await query.processAllAvailable();
    expect(failedAttempts(events)).toEqual([[0, 0]]);
    expect(events.of('taskEnd').find((e) => e.reason.kind === 'exception')!.reason).toEqual({ kind: 'exception', description: 'Error: flaky disk' });
    expect(committedOutput(out)).toEqual(['{"doubled":2}\n{"doubled":4}\n{"doubled":6}\n']);
    expect(query.exception()).toBeUndefined();
  });

  it('aborts a task that keeps failing with Spark\'s message; the query stops with it, nothing of the batch is written, a restart runs it whole', async () => {
    const ckpt = tempDir();
    const out = tempDir();
    const input = new MemoryStream<number>(new StructType().add('value', 'int'));
    const first = newSession();
    let query = startDoubling(first.spark, input, ckpt, out);
    input.addData(1, 2);
    await query.processAllAvailable();
    first.spark.sparkContext.faults.failTask({ partition: 0, failAttemptsBelow: ALWAYS, message: 'bad sector' });
    const events = new EventRecorder(first.spark.sparkContext);
    input.addData(3, 4);
    const error = await caught(() => query.processAllAvailable());
    expect(error).toBeInstanceOf(StreamingQueryException);
    expect(query.isActive).toBe(false);
    expect(query.exception()).toBe(error);
    const cause = error.cause as SparkException;
    expect(cause).toBeInstanceOf(SparkException);
    expect(cause.errorClass).toBe('JOB_ABORTED');
    const stageId = events.of('taskEnd')[0]!.stageId;
    expect(cause.message).toBe(
      `Job aborted due to stage failure: Task 0 in stage ${stageId}.0 failed 4 times, most recent failure: Lost task 0.3 in stage ${stageId}.0 `
        + `(TID ${events.of('taskEnd').at(-1)!.taskInfo.taskId}) (executor driver): Error: bad sector`,
    );
    expect(failedAttempts(events)).toEqual([[0, 0], [0, 1], [0, 2], [0, 3]]);
    expect(error.message).toContain('(in batch 1;');
    // Nothing half-written: batch 1 is logged as planned but neither in the sink nor committed.
    expect(fs.readdirSync(path.join(ckpt, 'offsets')).sort()).toEqual(['0', '1']);
    expect(fs.readdirSync(path.join(ckpt, 'commits'))).toEqual(['0']);
    expect(fs.readdirSync(path.join(out, '_spark_metadata'))).toEqual(['0']);
    const filesBefore = dataFiles(out);
    await stopSession(first.spark);

    const second = newSession();
    query = startDoubling(second.spark, input, ckpt, out);
    await query.processAllAvailable();
    expect(query.recentProgress.map((p) => [p.batchId, p.numInputRows])).toEqual([[1, 2]]);
    expect(committedOutput(out)).toEqual(['{"doubled":2}\n{"doubled":4}\n', '{"doubled":6}\n{"doubled":8}\n']);
    expect(dataFiles(out).length).toBe(filesBefore.length + 1);
  });
});

describe('DStream: task failures', () => {
  async function withContext(body: (ssc: StreamingContext, sc: SparkContext) => Promise<void>): Promise<void> {
    const sc = new SparkContext({ master: 'local[2]', clock: new ManualClock(0) });
    const ssc = new StreamingContext(sc, Seconds(1));
    try {
      await body(ssc, sc);
    } finally {
      await ssc.stop();
    }
  }

  it('retries a task that fails once; the batch output is unchanged', async () => {
    await withContext(async (ssc, sc) => {
      const output: number[][] = [];
      new TestInputDStream(ssc, [[1, 2, 3, 4]], 2).map((x) => x * 10).foreachRDD(namedFunction('faults.retry.output', async (rdd: RDD<number>) => void output.push(await rdd.collect())));
      sc.faults.failTask({ partition: 1, failAttemptsBelow: 2, message: 'flaky' });
      const events = new EventRecorder(sc);
      ssc.start();
      await advanceBatches(ssc, 1);
      expect(output).toEqual([[10, 20, 30, 40]]);
      expect(failedAttempts(events)).toEqual([[1, 0], [1, 1]]);
    });
  });

  it('aborts a task that keeps failing with Spark\'s message, reports it to awaitTermination, and leaves no part file of that batch', async () => {
    await withContext(async (ssc, sc) => {
      const prefix = path.join(tempDir(), 'out');
      new TestInputDStream(ssc, [['a', 'b'], ['c', 'd']], 2).map((w) => w.toUpperCase()).saveAsTextFiles(prefix, 'txt');
      ssc.start();
      await advanceBatches(ssc, 1);
      sc.faults.failTask({ partition: 1, failAttemptsBelow: ALWAYS, message: 'disk full' });
      const events = new EventRecorder(sc);
      const error = await caught(() => advanceBatches(ssc, 1));
      expect(error).toBeInstanceOf(SparkException);
      expect(error.errorClass).toBe('STREAMING_JOB_FAILED');
      const cause = error.cause as SparkException;
      expect(cause.errorClass).toBe('JOB_ABORTED');
      const stageId = events.of('taskEnd')[0]!.stageId;
      expect(cause.message).toBe(
        `Job aborted due to stage failure: Task 1 in stage ${stageId}.0 failed 4 times, most recent failure: Lost task 1.3 in stage ${stageId}.0 `
          + `(TID ${events.of('taskEnd').at(-1)!.taskInfo.taskId}) (executor driver): Error: disk full`,
      );
      expect(error.message).toMatch(/^Error running job for batch 2000 ms, output operation 0 \(.*\): Job aborted due to stage failure: Task 1 in stage/);
      await expect(ssc.awaitTermination()).rejects.toBe(error);
      expect(fs.readdirSync(`${prefix}-1000.txt`).sort()).toEqual(['_SUCCESS', 'part-00000', 'part-00001']);
      // Partition 0 of batch 2000 was written by its task, but the job never committed: no part file, no _SUCCESS.
      expect(fs.readdirSync(`${prefix}-2000.txt`)).toEqual([]);
    });
  });
});
