/**
 * The durations a stateful operator reports in StreamingQueryProgress.stateOperators
 * (allUpdatesTimeMs, allRemovalsTimeMs, commitTimeMs), timed by each task on the query's Clock and
 * summed over partitions, as Spark's StateStoreWriter metrics. A clock that moves 1 ms on each
 * reading makes every timed region exactly 1 ms, so the figures count the regions each task times;
 * on a ManualClock nobody moves they are exactly 0, on an inline master and on worker threads.
 */
import { describe, expect, it } from 'vitest';
import {
  col,
  count,
  type DataFrame,
  GroupStateTimeout,
  ManualClock,
  MemoryStream,
  type Row,
  session_window,
  SparkSession,
  type StateOperatorProgress,
  StructType,
} from '../../../src/index.js';
import { AddData, CheckNewAnswer, Execute, type StreamAction, testStream } from '../../../src/testing.js';

/** A ManualClock whose every reading moves it 1 ms forward, so a region between two readings with none inside lasts 1 ms. */
class SteppingClock extends ManualClock {
  override getTimeMillis(): number {
    const nowMs = super.getTimeMillis();
    this.setTime(nowMs + 1);
    return nowMs;
  }
}

function session(master: string, clock: ManualClock): SparkSession {
  SparkSession.getActiveSession()?.stop();
  return SparkSession.builder().master(master).appName('state-timings').config('spark.sql.shuffle.partitions', 2).clock(clock).getOrCreate();
}

const intStream = () => new MemoryStream<number>(new StructType().add('value', 'int'));

type Timings = Pick<StateOperatorProgress, 'allUpdatesTimeMs' | 'allRemovalsTimeMs' | 'commitTimeMs'>;

/** The last progress's operator `index`: its timings are `perInstance` times its store instances (2, one per shuffle partition). */
function expectTimings(perInstance: [number, number, number], index = 0): StreamAction {
  return Execute((q) => {
    const op = q.lastProgress!.stateOperators[index]!;
    expect(op.numStateStoreInstances).toBe(2);
    const timings: Timings = { allUpdatesTimeMs: op.allUpdatesTimeMs, allRemovalsTimeMs: op.allRemovalsTimeMs, commitTimeMs: op.commitTimeMs };
    expect(timings).toEqual({ allUpdatesTimeMs: 2 * perInstance[0], allRemovalsTimeMs: 2 * perInstance[1], commitTimeMs: 2 * perInstance[2] });
  }, `timings ${perInstance.join(', ')} per store instance`);
}

async function onSteppingClock(build: (spark: SparkSession) => Promise<void>): Promise<void> {
  const spark = session('local[2]', new SteppingClock(0));
  try {
    await build(spark);
  } finally {
    spark.stop();
  }
}

describe('stateOperators timings on a clock that moves on each reading (local[2])', () => {
  it('streaming aggregation, update mode: one update, one eviction and one commit region per task', async () => {
    await onSteppingClock(async (spark) => {
      const input = intStream();
      await testStream(input.toDF(spark).groupBy('value').agg(count('*')), 'update', [
        AddData(input, 1, 2, 3),
        CheckNewAnswer([1, 1], [2, 1], [3, 1]),
        expectTimings([1, 1, 1]),
        AddData(input, 1),
        CheckNewAnswer([1, 2]),
        expectTimings([1, 1, 1]),
      ]);
    });
  });

  it('streaming aggregation, complete mode: no eviction is timed', async () => {
    await onSteppingClock(async (spark) => {
      const input = intStream();
      await testStream(input.toDF(spark).groupBy('value').agg(count('*')), 'complete', [
        AddData(input, 1, 2),
        CheckNewAnswer([1, 1], [2, 1]),
        expectTimings([1, 0, 1]),
      ]);
    });
  });

  it('streaming deduplication: the input loop, the eviction and the commit', async () => {
    await onSteppingClock(async (spark) => {
      const input = intStream();
      await testStream(input.toDF(spark).dropDuplicates(), 'append', [
        AddData(input, 1, 1, 2),
        CheckNewAnswer([1], [2]),
        expectTimings([1, 1, 1]),
      ]);
    });
  });

  it('flatMapGroupsWithState: groups with data are updates, timed-out groups removals (none without a timeout)', async () => {
    await onSteppingClock(async (spark) => {
      for (const timeout of [GroupStateTimeout.NoTimeout(), GroupStateTimeout.EventTimeTimeout()]) {
        const input = intStream();
        const counts = input.toDF(spark).withColumn('eventTime', col('value').cast('timestamp')).withWatermark('eventTime', '10 seconds')
          .groupByKey((r: Row) => r['value'] as number).flatMapGroupsWithState(
            'Update', timeout,
            (key, values, state) => {
              const n = ((state.getOption() as number | undefined) ?? 0) + values.length;
              state.update(n);
              return [{ key, count: n }];
            },
            'key int, count int',
          );
        const removalsPerTask = timeout === GroupStateTimeout.NoTimeout() ? 0 : 1;
        await testStream(counts, 'update', [
          AddData(input, 1, 1, 2),
          CheckNewAnswer([1, 2], [2, 1]),
          expectTimings([1, removalsPerTask, 1]),
        ]);
      }
    });
  });

  it('stream-stream join: both sides and the write-back are updates; removeOld removals; two stores committed per task', async () => {
    await onSteppingClock(async (spark) => {
      const left = intStream();
      const right = intStream();
      const df1 = left.toDF(spark).select(col('value').alias('key'), col('value').multiply(2).alias('leftValue'));
      const df2 = right.toDF(spark).select(col('value').alias('key'), col('value').multiply(3).alias('rightValue'));
      await testStream(df1.join(df2, 'key'), 'append', [
        AddData(left, 1),
        AddData(right, 1),
        CheckNewAnswer([1, 2, 3]),
        expectTimings([3, 1, 2]),
      ]);
    });
  });

  it('session window aggregation, append mode: the merge, the eviction walk and the commit', async () => {
    await onSteppingClock(async (spark) => {
      const input = intStream();
      const sessions: DataFrame = input.toDF(spark).withColumn('eventTime', col('value').cast('timestamp')).withWatermark('eventTime', '10 seconds')
        .withColumn('userId', col('value').multiply(0))
        .groupBy(session_window('eventTime', '5 seconds'), col('userId')).agg(count('*').alias('count'))
        .select(col('session_window').getField('start').cast('long').alias('start'), col('count'));
      await testStream(sessions, 'append', [
        AddData(input, 10, 12),
        CheckNewAnswer(),
        expectTimings([1, 1, 1]),
      ]);
    });
  });
});

describe.each(['local[2]', 'local-workers[2]'])('stateOperators timings on a ManualClock nobody moves (%s)', (master) => {
  it('are exactly 0, and the row counts are those of the batch', async () => {
    const spark = session(master, new ManualClock(0));
    try {
      const input = intStream();
      const counts = input.toDF(spark).withColumn('eventTime', col('value').cast('timestamp')).withWatermark('eventTime', '10 seconds')
        .groupBy(col('eventTime')).agg(count('*').alias('count')).select(col('eventTime').cast('long').alias('t'), col('count'));
      const expectOperator = (expected: Partial<StateOperatorProgress>) => Execute((q) => {
        const withData = q.recentProgress.filter((p) => p.numInputRows > 0).at(-1)!;
        const op = withData.stateOperators[0]!;
        expect({
          operatorName: op.operatorName, numRowsTotal: op.numRowsTotal, numRowsUpdated: op.numRowsUpdated, numRowsRemoved: op.numRowsRemoved,
          numRowsDroppedByWatermark: op.numRowsDroppedByWatermark, numShufflePartitions: op.numShufflePartitions, numStateStoreInstances: op.numStateStoreInstances,
          allUpdatesTimeMs: op.allUpdatesTimeMs, allRemovalsTimeMs: op.allRemovalsTimeMs, commitTimeMs: op.commitTimeMs,
        }).toEqual(expected);
      });
      const zero = { allUpdatesTimeMs: 0, allRemovalsTimeMs: 0, commitTimeMs: 0 };
      await testStream(counts, 'update', [
        AddData(input, 10, 11, 11),
        CheckNewAnswer([10, 1], [11, 2]),
        expectOperator({ operatorName: 'stateStoreSave', numRowsTotal: 2, numRowsUpdated: 2, numRowsRemoved: 0, numRowsDroppedByWatermark: 0, numShufflePartitions: 2, numStateStoreInstances: 2, ...zero }),
        AddData(input, 30), // watermark 20 for the next batch
        CheckNewAnswer([30, 1]),
        Execute((q) => {
          // The batch without data the new watermark runs evicts 10 and 11.
          const last = q.lastProgress!;
          const op = last.stateOperators[0]!;
          expect([last.numInputRows, op.numRowsTotal, op.numRowsUpdated, op.numRowsRemoved, op.allUpdatesTimeMs, op.allRemovalsTimeMs, op.commitTimeMs]).toEqual([0, 1, 0, 2, 0, 0, 0]);
        }),
        AddData(input, 31, 5), // 5 is late; 10 and 11 left state in the batch without data at watermark 20
        CheckNewAnswer([31, 1]),
        expectOperator({ operatorName: 'stateStoreSave', numRowsTotal: 2, numRowsUpdated: 1, numRowsRemoved: 0, numRowsDroppedByWatermark: 1, numShufflePartitions: 2, numStateStoreInstances: 2, ...zero }),
      ]);
    } finally {
      spark.stop();
    }
  });
});
