import { afterEach, describe, expect, it } from 'vitest';
import { col, count, ManualClock, MemoryStream, SparkSession, StructType, Trigger, window } from '../../../src/index.js';
import {
  AddData,
  AdvanceManualClock,
  AssertOnQuery,
  CheckAnswer,
  CheckLastBatch,
  CheckNewAnswer,
  Execute,
  ExpectFailure,
  StartStream,
  StopStream,
  StreamTestFailure,
  testStream,
} from '../../../src/testing.js';

let spark: SparkSession | undefined;
afterEach(() => {
  spark?.stop();
  spark = undefined;
});

function session(): SparkSession {
  spark = SparkSession.builder().master('local[2]').config('spark.sql.shuffle.partitions', 2).clock(new ManualClock(0)).getOrCreate();
  return spark;
}

const intSchema = () => new StructType().add('value', 'int');

describe('testStream', () => {
  it('checks all, new and last-batch answers across batches', async () => {
    const s = session();
    const input = new MemoryStream<number>(intSchema());
    await testStream(input.toDF(s).select(col('value').plus(1).alias('v')), 'append', [
      AddData(input, 1, 2),
      CheckAnswer([2], [3]),
      AddData(input, 3),
      CheckNewAnswer([4]),
      CheckLastBatch({ v: 4 }),
      CheckAnswer([2], [3], [4]),
      CheckNewAnswer(),
    ]);
  });

  it('restarts from the checkpoint: nothing is re-emitted and new data continues', async () => {
    const s = session();
    const input = new MemoryStream<number>(intSchema());
    await testStream(input.toDF(s).where('value % 2 = 0'), 'append', [
      AddData(input, 1, 2, 3, 4),
      CheckAnswer([2], [4]),
      StopStream,
      AddData(input, 5, 6),
      StartStream(),
      CheckNewAnswer([6]),
      CheckAnswer([2], [4], [6]),
      AssertOnQuery((q) => q.lastProgress?.batchId === 1, 'second batch'),
    ]);
  });

  it('runs ProcessingTime triggers only when the manual clock reaches them', async () => {
    const s = session();
    const input = new MemoryStream<number>(intSchema());
    await testStream(input.toDF(s), 'append', [
      StartStream({ trigger: Trigger.ProcessingTime(1000) }),
      AddData(input, 1),
      CheckAnswer(),
      AdvanceManualClock(1000),
      CheckAnswer([1]),
      AddData(input, 2),
      AdvanceManualClock(500),
      CheckNewAnswer(),
      AdvanceManualClock(500),
      CheckNewAnswer([2]),
      Execute((q) => {
        expect(q.recentProgress.map((p) => p.timestamp)).toEqual(['1970-01-01T00:00:01.000Z', '1970-01-01T00:00:02.000Z']);
      }),
    ], { startImmediately: false });
  });

  it('reports the script, expected and actual rows when a check fails', async () => {
    const s = session();
    const input = new MemoryStream<number>(intSchema());
    const failure = await testStream(input.toDF(s), 'append', [AddData(input, 1), CheckAnswer([2])]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StreamTestFailure);
    const message = (failure as Error).message;
    expect(message).toContain('=> CheckAnswer: [2]');
    expect(message).toContain('== Expected (1 rows) ==\n[2]\n== Actual (1 rows) ==\n[1]');
    expect(message).toContain('== Last progress ==\n{\n  "id" : ');
  });

  it('expects the failure of a batch, naming the query, the batch and the cause', async () => {
    const s = session();
    class FailingStream extends MemoryStream<number> {
      override getBatch(start: Parameters<MemoryStream<number>['getBatch']>[0], end: Parameters<MemoryStream<number>['getBatch']>[1]) {
        const rows = super.getBatch(start, end);
        if (rows.flat().some((r) => r.value === 5)) throw new Error('boom on 5');
        return rows;
      }
    }
    const input = new FailingStream(intSchema());
    await testStream(input.toDF(s), 'append', [
      AddData(input, 1),
      CheckAnswer([1]),
      AddData(input, 5),
      ExpectFailure({ messageContains: 'terminated with exception: boom on 5 (in batch 1;', causeName: 'Error' }),
      AssertOnQuery((q) => !q.isActive && /^Query \[id = [0-9a-f-]+, runId = [0-9a-f-]+\] terminated/.test(q.exception()!.message)),
    ]);
  });
});

describe('testStream with event time and continuous triggers', () => {
  it('runs a no-data batch when the watermark closes windows, so append mode emits them without new input', async () => {
    const s = session();
    const input = new MemoryStream<number>(intSchema());
    const counts = input.toDF(s).select(col('value').cast('timestamp').alias('eventTime'))
      .withWatermark('eventTime', '10 seconds').groupBy(window('eventTime', '10 seconds')).agg(count('*').alias('n'))
      .select(col('window.start').cast('long').alias('start'), col('n'));
    await testStream(counts, 'append', [
      AddData(input, 11, 12, 25),
      CheckNewAnswer(),
      AddData(input, 40),
      CheckNewAnswer([10, 2], [20, 1]),
      // Spark runs a no-data batch whenever the watermark moves for a stateful operator: after the
      // first batch (watermark 0 -> 15) and after the second (15 -> 30), which emits both windows.
      AssertOnQuery((q) => q.recentProgress.map((p) => `${p.numInputRows}@${p.eventTime.watermark}`).join(',')
        === '3@1970-01-01T00:00:00.000Z,0@1970-01-01T00:00:15.000Z,1@1970-01-01T00:00:15.000Z,0@1970-01-01T00:00:30.000Z', 'no-data batches'),
    ]);
  });

  it('restores the watermark from the checkpoint on restart, so late rows stay dropped', async () => {
    const s = session();
    const input = new MemoryStream<number>(intSchema());
    const counts = input.toDF(s).select(col('value').cast('timestamp').alias('eventTime'))
      .withWatermark('eventTime', '10 seconds').groupBy(window('eventTime', '10 seconds')).agg(count('*').alias('n'))
      .select(col('window.start').cast('long').alias('start'), col('n'));
    await testStream(counts, 'append', [
      AddData(input, 11, 12, 25),
      CheckNewAnswer(),
      StopStream,
      StartStream(),
      AddData(input, 5),
      AddData(input, 40),
      CheckNewAnswer([10, 2], [20, 1]),
      AssertOnQuery((q) => q.microBatchExecution!.currentWatermarkMs === 30_000, 'watermark 30 s'),
    ]);
  });

  it('checks a continuous query: each check commits the epoch holding the rows', async () => {
    const s = session();
    const input = new MemoryStream<number>(intSchema());
    await testStream(input.toDF(s).where('value != 2'), 'append', [
      StartStream({ trigger: Trigger.Continuous('10 seconds') }),
      AddData(input, 1, 2, 3),
      CheckAnswer([1], [3]),
      AddData(input, 4),
      CheckNewAnswer([4]),
      StopStream,
      AddData(input, 5),
      StartStream({ trigger: Trigger.Continuous('10 seconds') }),
      CheckNewAnswer([5]),
    ], { startImmediately: false });
  });
});
