/**
 * Continuous processing over a source that always has data: the record-at-a-time reader must give
 * the event loop back, so stop(), the epoch commits on the clock, other queries and the driver's own
 * turns still run; and a source or operation continuous mode cannot run is refused at start().
 * Spark: continuous/ContinuousExecution.scala (epochs while tasks run forever) and
 * UnsupportedOperationChecker.checkForContinuous, DataStreamWriter's CONTINUOUS_READ check.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { col, current_timestamp, type ForeachWriter, settle, StructType, Trigger, type Row, type StreamSourceProvider } from '../../../src/index.js';
import { intStream, streamingSession } from './querySupport.js';
import { caught, readText, tempDir } from './support.js';

/**
 * Where the endless source gives up: past this many rows it reports no new data, so a reader that
 * never yields ends its run of reads here instead of hanging the test worker.
 */
const SAFETY_CAP = 200_000;

/** A source whose latestOffset always has one more row (value = its offset - 1), until SAFETY_CAP. */
function endlessProvider(): { provider: StreamSourceProvider; readonly rowsRead: () => number } {
  let rowsRead = 0;
  const schema = new StructType().add('value', 'long', false);
  const provider: StreamSourceProvider = {
    shortName: 'endless',
    sourceSchema: () => schema,
    createSource: () => ({
      schema,
      latestOffset: (start) => Math.min(Number(start ?? 0) + 1, SAFETY_CAP),
      getBatch: (start, end): Row[][] => {
        const rows: Row[] = [];
        for (let v = Number(start ?? 0); v < Number(end); v++) rows.push({ value: v });
        rowsRead += rows.length;
        return [rows];
      },
      commit: () => undefined,
      stop: () => undefined,
      toString: () => 'EndlessSource',
    }),
  };
  return { provider, rowsRead: () => rowsRead };
}

describe('continuous processing over a source that always has data', () => {
  it('gives the driver a turn and stops on stop() long before the source runs dry', async () => {
    const { spark } = streamingSession();
    const endless = endlessProvider();
    const query = spark.readStream.format(endless.provider).load()
      .writeStream.format('memory').queryName('endless').trigger(Trigger.Continuous(1000)).start();
    await settle();
    const readAtFirstTurn = endless.rowsRead();
    await query.stop();
    expect(query.isActive).toBe(false);
    expect(query.exception()).toBeUndefined();
    expect(readAtFirstTurn).toBeGreaterThan(0);
    expect(readAtFirstTurn).toBeLessThan(SAFETY_CAP);
    expect(endless.rowsRead()).toBeLessThan(SAFETY_CAP);
  });

  it('commits an epoch on the clock while the reader is busy, holding exactly the rows its offsets cover', async () => {
    const { spark, clock } = streamingSession();
    const endless = endlessProvider();
    const ckpt = tempDir();
    const query = spark.readStream.format(endless.provider).load().select(col('value').multiply(2).alias('twice'))
      .writeStream.format('memory').queryName('epochs').trigger(Trigger.Continuous(1000)).option('checkpointLocation', ckpt).start();
    await settle();
    clock.advance(1000);
    while (query.lastProgress?.batchId !== 0) await query.execution.nextChange();
    const committed = query.lastProgress!.numInputRows;
    await query.stop();
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(SAFETY_CAP);
    // offsets/0 is "v1", the metadata line, then the source's end offset: the next value to read.
    expect(readText(path.join(ckpt, 'offsets', '0')).split('\n')[2]).toBe(String(committed));
    const twice = (await spark.table('epochs').collect()).map((r) => r['twice']);
    expect(twice).toEqual(Array.from({ length: committed }, (_, v) => 2 * v));
  });

  it('holds the reader back while a foreach writer that answers later has a turn of rows pending', async () => {
    const { spark } = streamingSession();
    const endless = endlessProvider();
    let processed = 0;
    let mostAhead = 0;
    const writer: ForeachWriter = {
      open: () => true,
      // Each row is done one event-loop turn later, as a writer waiting on I/O would be.
      process: () => {
        mostAhead = Math.max(mostAhead, endless.rowsRead() - processed);
        return settle().then(() => void (processed += 1));
      },
      close: () => undefined,
    };
    const query = spark.readStream.format(endless.provider).load().writeStream.foreach(writer).trigger(Trigger.Continuous(1000)).start();
    while (processed < 3000) await settle();
    await query.stop();
    expect(query.exception()).toBeUndefined();
    // The reader reads at most a turn's work (1024 rows, one per read here) past the writer, then waits for it.
    expect(mostAhead).toBeLessThanOrEqual(1024);
    expect(endless.rowsRead()).toBeLessThan(SAFETY_CAP);
  });

  it('lets a micro-batch query of the same session run its batches meanwhile', async () => {
    const { spark } = streamingSession();
    const endless = endlessProvider();
    const continuous = spark.readStream.format(endless.provider).load()
      .writeStream.format('memory').queryName('busy').trigger(Trigger.Continuous(1000)).start();
    while (endless.rowsRead() === 0) await settle();
    const input = intStream();
    const micro = input.toDF(spark).where('value > 1').writeStream.format('memory').queryName('other').start();
    input.addData(1, 2, 3);
    await micro.processAllAvailable();
    expect(await spark.table('other').collect()).toEqual([{ value: 2 }, { value: 3 }]);
    expect(endless.rowsRead()).toBeLessThan(SAFETY_CAP);
    await continuous.stop();
    await micro.stop();
  });
});

describe('continuous processing refuses at start() what it cannot run', () => {
  it('refuses the rate-micro-batch source before reading it, naming the sources it supports', () => {
    const { spark } = streamingSession();
    const error = caught(() => spark.readStream.format('rate-micro-batch').option('rowsPerBatch', 2).load()
      .writeStream.format('memory').queryName('rmb').trigger(Trigger.Continuous('1 second')).start());
    expect(error.name).toBe('AnalysisException');
    expect(error.errorClass).toBe('CONTINUOUS_UNSUPPORTED_CONNECTOR');
    expect(error.message).toBe('Continuous processing does not support the source rate-micro-batch: it has no record-at-a-time path. '
      + 'Supported sources: rate, socket, log (kafka), MemoryStream, user formats. '
      + 'Use a micro-batch trigger for this query.');
    expect(spark.streams.active).toEqual([]);
  });

  it('refuses an aggregation at start(), naming the operator and the fix', () => {
    const { spark } = streamingSession();
    const error = caught(() => intStream().toDF(spark).groupBy('value').count()
      .writeStream.format('memory').queryName('agg').outputMode('complete').trigger(Trigger.Continuous(1000)).start());
    expect(error.name).toBe('AnalysisException');
    expect(error.errorClass).toBe('CONTINUOUS_UNSUPPORTED_OPERATION');
    expect(error.message).toBe('Continuous processing does not support Aggregate operations. Continuous mode runs stateless queries only '
      + '(select, filter, map-like functions); use a micro-batch trigger (Trigger.ProcessingTime) for this query.');
    expect(spark.streams.active).toEqual([]);
  });

  it('refuses current_timestamp(), which a query that never ends in a batch could only fix at its start', () => {
    const { spark } = streamingSession();
    const error = caught(() => intStream().toDF(spark).select(col('value'), current_timestamp().alias('now'))
      .writeStream.format('memory').queryName('now').trigger(Trigger.Continuous(1000)).start());
    expect(error.errorClass).toBe('CONTINUOUS_UNSUPPORTED_OPERATION');
    expect(error.message).toBe('Continuous processing does not support current time operations. Continuous mode runs stateless queries only '
      + '(select, filter, map-like functions); use a micro-batch trigger (Trigger.ProcessingTime) for this query.');
  });

  it('applies the checks of every streaming query first: Complete mode needs an aggregation', () => {
    const { spark } = streamingSession();
    const error = caught(() => intStream().toDF(spark).where('value > 1')
      .writeStream.format('memory').queryName('complete').outputMode('complete').trigger(Trigger.Continuous(1000)).start());
    expect(error.errorClass).toBe('STREAMING_UNSUPPORTED_OPERATION');
    expect(error.message).toBe('[STREAMING_UNSUPPORTED_OPERATION] Complete output mode not supported when there are no streaming aggregations '
      + 'on streaming DataFrames/Datasets; use Append (or Update) output mode, or aggregate the stream');
  });
});
