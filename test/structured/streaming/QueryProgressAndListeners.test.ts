import { describe, expect, it } from 'vitest';
import { col, count, StreamingQueryListener, type StreamingQueryListenerEvent, window } from '../../../src/index.js';
import { intStream, streamingSession } from './querySupport.js';
import { caughtAsync, tempDir } from './support.js';

class Recorder extends StreamingQueryListener {
  readonly events: StreamingQueryListenerEvent[] = [];
  override onQueryStarted(e: StreamingQueryListenerEvent) { this.events.push(e); }
  override onQueryProgress(e: StreamingQueryListenerEvent) { this.events.push(e); }
  override onQueryIdle(e: StreamingQueryListenerEvent) { this.events.push(e); }
  override onQueryTerminated(e: StreamingQueryListenerEvent) { this.events.push(e); }
}

describe('progress', () => {
  it('reports each batch in Spark\'s StreamingQueryProgress JSON, with phase durations on the clock', async () => {
    const { spark, clock } = streamingSession(10_000);
    const input = intStream();
    const query = input.toDF(spark).writeStream.format('memory').queryName('prog').start();
    input.addData(1, 2);
    await query.processAllAvailable();
    clock.advance(2000);
    input.addData(3);
    await query.processAllAvailable();
    const json = query.lastProgress!.prettyJson.replace(query.id, 'ID').replace(query.runId, 'RUN');
    expect(json).toBe(`{
  "id" : "ID",
  "runId" : "RUN",
  "name" : "prog",
  "timestamp" : "1970-01-01T00:00:12.000Z",
  "batchId" : 1,
  "numInputRows" : 1,
  "inputRowsPerSecond" : 0.5,
  "processedRowsPerSecond" : 1000.0,
  "durationMs" : {
    "addBatch" : 0,
    "commitOffsets" : 0,
    "getBatch" : 0,
    "latestOffset" : 0,
    "queryPlanning" : 0,
    "triggerExecution" : 0,
    "walCommit" : 0
  },
  "stateOperators" : [ ],
  "sources" : [ {
    "description" : "MemoryStream[value]",
    "startOffset" : 0,
    "endOffset" : 1,
    "latestOffset" : 1,
    "numInputRows" : 1,
    "inputRowsPerSecond" : 0.5,
    "processedRowsPerSecond" : 1000.0
  } ],
  "sink" : {
    "description" : "MemorySink",
    "numOutputRows" : 1
  }
}`);
    expect(query.recentProgress.map((p) => p.batchId)).toEqual([0, 1]);
    expect(JSON.parse(query.lastProgress!.json).numInputRows).toBe(1);
  });

  it('reports event-time min, max, avg and the watermark of a watermarked query', async () => {
    const { spark } = streamingSession();
    const input = intStream();
    const events = input.toDF(spark).select(col('value').cast('timestamp').alias('eventTime'));
    const counts = events.withWatermark('eventTime', '10 seconds').groupBy(window('eventTime', '10 seconds')).agg(count('*').alias('n'));
    const query = counts.writeStream.format('memory').queryName('wm').outputMode('append').option('checkpointLocation', tempDir()).start();
    input.addData(15, 25);
    await query.processAllAvailable();
    expect(query.recentProgress[0]!.eventTime).toEqual({
      avg: '1970-01-01T00:00:20.000Z',
      max: '1970-01-01T00:00:25.000Z',
      min: '1970-01-01T00:00:15.000Z',
      watermark: '1970-01-01T00:00:00.000Z',
    });
    input.addData(40);
    await query.processAllAvailable();
    const last = query.recentProgress.find((p) => p.eventTime.max === '1970-01-01T00:00:40.000Z')!;
    expect(last.eventTime.watermark).toBe('1970-01-01T00:00:15.000Z');
  });

  it('shows status and explains the last batch\'s plan', async () => {
    const { spark } = streamingSession();
    const input = intStream();
    const query = input.toDF(spark).where('value > 1').writeStream.format('memory').queryName('ex').start();
    const print = () => undefined;
    expect(query.explain(false, print)).toBe('No physical plan. Waiting for data.');
    input.addData(1, 2);
    await query.processAllAvailable();
    expect(query.explain(false, print)).toBe('== Physical Plan ==\n*(1) Filter (value#0 > 1)\n+- Scan ExistingRDD[value#0]\n');
    expect(query.explain(true, print)).toContain('== Analyzed Logical Plan ==\nvalue: int\nFilter (value#0 > 1)\n+- StreamingBatchRelation [value#0], false');
    expect(query.status).toEqual({ message: 'Waiting for data to arrive', isDataAvailable: false, isTriggerActive: false });
    expect(String(query)).toBe(`Streaming Query ex [id = ${query.id}, runId = ${query.runId}] [state = ACTIVE]`);
  });
});

describe('spark.streams and listeners', () => {
  it('lists active queries, gets one by id, and tells listeners start, progress, idle and termination', async () => {
    const { spark } = streamingSession();
    const recorder = new Recorder();
    spark.streams.addListener(recorder);
    const input = intStream();
    const query = input.toDF(spark).writeStream.format('memory').queryName('l').start();
    expect(spark.streams.active.map((q) => q.name)).toEqual(['l']);
    expect(spark.streams.get(query.id)).toBe(query);
    input.addData(1);
    await query.processAllAvailable();
    await query.processAllAvailable();
    await query.stop();
    expect(spark.streams.active).toEqual([]);
    const types = recorder.events.map((e) => e.type);
    expect(types[0]).toBe('QueryStarted');
    expect(types).toContain('QueryProgress');
    expect(types).toContain('QueryIdle');
    expect(types[types.length - 1]).toBe('QueryTerminated');
    expect(recorder.events[recorder.events.length - 1]).toEqual({ type: 'QueryTerminated', id: query.id, runId: query.runId, exception: null, errorClassOnException: null });
    expect(await spark.streams.awaitAnyTermination()).toBe(true);
  });

  it('tells listeners and awaitTermination the exception of a failed query', async () => {
    const { spark } = streamingSession();
    const recorder = new Recorder();
    spark.streams.addListener(recorder);
    const input = intStream();
    const query = input.toDF(spark).writeStream.foreachBatch(() => {
      throw new Error('sink down');
    }).queryName('f').start();
    input.addData(1);
    const error = await caughtAsync(() => query.awaitTermination());
    expect(error.name).toBe('StreamingQueryException');
    expect(error.message).toBe(`Query f [id = ${query.id}, runId = ${query.runId}] terminated with exception: sink down (in batch 0; restarting the query from its checkpoint runs batch 0 again with the same offsets)`);
    expect(query.exception()).toBe(error);
    const terminated = recorder.events[recorder.events.length - 1]!;
    expect(terminated).toMatchObject({ type: 'QueryTerminated', exception: error.message });
    await expect(spark.streams.awaitAnyTermination()).rejects.toBe(error);
  });

  it('awaitAnyTermination times out on the clock, and resetTerminated forgets ended queries', async () => {
    const { spark, clock } = streamingSession();
    const query = intStream().toDF(spark).writeStream.format('memory').queryName('any').start();
    const waiting = spark.streams.awaitAnyTermination(1000);
    clock.advance(1000);
    expect(await waiting).toBe(false);
    await query.stop();
    expect(await spark.streams.awaitAnyTermination(0)).toBe(true);
    spark.streams.resetTerminated();
    const again = spark.streams.awaitAnyTermination(10);
    clock.advance(10);
    expect(await again).toBe(false);
  });
});
