import { describe, expect, it } from 'vitest';
import { AnalysisException, IllegalArgumentError, Trigger } from '../../../src/index.js';
import { intStream, streamingSession } from './querySupport.js';
import { caught, caughtAsync, tempDir } from './support.js';

describe('streaming query errors', () => {
  it('refuses batch actions on a streaming DataFrame with Spark\'s message', async () => {
    const { spark } = streamingSession();
    const df = intStream().toDF(spark);
    for (const action of [() => df.collect(), () => df.count(), () => df.show()]) {
      const error = await caughtAsync(action);
      expect(error).toBeInstanceOf(AnalysisException);
      expect(error.errorClass).toBe('STREAMING_QUERY_WITHOUT_WRITESTREAM');
      expect(error.message).toMatch(/^Queries with streaming sources must be executed with writeStream\.start\(\)/);
    }
    expect(df.isStreaming).toBe(true);
  });

  it('refuses writeStream on a batch DataFrame', () => {
    const { spark } = streamingSession();
    const error = caught(() => spark.range(3).writeStream);
    expect(error.errorClass).toBe('WRITE_STREAM_NOT_ALLOWED');
    expect(error.message).toMatch(/^'writeStream' can be called only on streaming Dataset\/DataFrame/);
  });

  it('needs a query name for the memory sink and a checkpoint for file sinks', () => {
    const { spark } = streamingSession();
    const df = intStream().toDF(spark);
    expect(caught(() => df.writeStream.format('memory').start()).message).toMatch(/^queryName must be specified for memory sink/);
    const file = caught(() => df.writeStream.format('json').start(tempDir()));
    expect(file.errorClass).toBe('CHECKPOINT_LOCATION_REQUIRED');
    expect(file.message).toMatch(/^checkpointLocation must be specified either through option\("checkpointLocation", \.\.\.\)/);
  });

  it('refuses a second active query with the same name', async () => {
    const { spark } = streamingSession();
    const df = intStream().toDF(spark);
    const first = df.writeStream.format('memory').queryName('same').start();
    const error = caught(() => df.writeStream.format('memory').queryName('same').start());
    expect(error).toBeInstanceOf(IllegalArgumentError);
    expect(error.message).toBe('Cannot start query with name same as a query with that name is already active in this SparkSession. Stop the other query first, or give this one another queryName.');
    await first.stop();
  });

  it('names the known formats for an unknown source or sink', () => {
    const { spark } = streamingSession();
    expect(caught(() => spark.readStream.format('parquet').load('/x')).message).toBe(
      'Data source parquet does not support streamed reading. Available formats: rate, rate-micro-batch, socket, text, json, csv, log, kafka.',
    );
    expect(caught(() => intStream().toDF(spark).writeStream.format('jdbc').start()).message).toBe(
      'Data source jdbc does not support streamed writing. Available formats: memory, console, json, csv, text, foreach, foreachBatch.',
    );
  });

  it('fails at load for a json source without a schema and a rate source with a bad option', () => {
    const { spark } = streamingSession();
    expect(caught(() => spark.readStream.json(tempDir())).message).toMatch(/^Schema must be specified when creating a streaming source DataFrame/);
    expect(caught(() => spark.readStream.format('rate').option('rowsPerSecond', -1).load()).errorClass).toBe('INVALID_OPTION');
  });

  it('refuses continuous processing of a stateful query with Spark\'s message', () => {
    const { spark } = streamingSession();
    const counts = intStream().toDF(spark).groupBy('value').count();
    const error = caught(() => counts.writeStream.format('memory').queryName('c').outputMode('complete').trigger(Trigger.Continuous('1 second')).start());
    expect(error).toBeInstanceOf(AnalysisException);
    expect(error.message).toMatch(/^Continuous processing does not support Aggregate operations\./);
  });

  it('refuses a negative awaitTermination timeout', async () => {
    const { spark } = streamingSession();
    const query = intStream().toDF(spark).writeStream.format('memory').queryName('n').start();
    expect((await caughtAsync(() => query.awaitTermination(-1))).message).toBe('Timeout has to be positive, but was -1 ms.');
    await query.stop();
  });
});

describe('explaining a streaming DataFrame', () => {
  it('shows the source as a StreamingRelation before any query runs', () => {
    const { spark } = streamingSession();
    const text = spark.readStream.format('rate').load().where('value > 1').explain(false, () => undefined);
    expect(text).toBe('== Physical Plan ==\n*(1) Filter (value#1L > 1)\n+- StreamingRelation rate, [timestamp#0, value#1L]\n');
  });
});
