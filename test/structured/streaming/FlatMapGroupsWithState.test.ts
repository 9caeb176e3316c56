/**
 * Arbitrary state with [map|flatMap]GroupsWithState, batch by batch: Spark's
 * FlatMapGroupsWithStateSuite cases (case name in the test name), GroupState's rules (GroupStateSuite)
 * and processing-time timeouts on the ManualClock with a ProcessingTime trigger.
 */
import { describe, expect, it } from 'vitest';
import { col, count, type GroupState, GroupStateTimeout, MemoryStream, type Row, StructType, Trigger } from '../../../src/index.js';
import { AddData, AdvanceManualClock, AssertOnQuery, CheckNewAnswer, StartStream, StopStream, testStream, unsupportedOperations } from '../../../src/testing.js';
import { newSession } from '../support.js';
import { stateRowsChecker } from './statefulTestSupport.js';

const stringStream = () => new MemoryStream<string>(new StructType().add('value', 'string'));
const keyOf = (r: Row) => r['value'] as string;

describe('FlatMapGroupsWithStateSuite', () => {
  it('flatMapGroupsWithState - streaming: running count up to 2, then the state is removed', async () => {
    const spark = newSession();
    const input = stringStream();
    const result = input.toDF(spark).groupByKey(keyOf).flatMapGroupsWithState(
      'Update', GroupStateTimeout.NoTimeout(),
      (key, values, state: GroupState<{ count: number }>) => {
        expect(state.getCurrentProcessingTimeMs()).toBeGreaterThanOrEqual(0);
        expect(() => state.getCurrentWatermarkMs()).toThrow('Cannot get event time watermark timestamp without setting watermark');
        const n = (state.getOption()?.count ?? 0) + values.length;
        if (n === 3) {
          state.remove();
          return [];
        }
        state.update({ count: n });
        return [{ key, count: String(n) }];
      },
      'key string, count string',
    );
    const rows = stateRowsChecker();
    await testStream(result, 'update', [
      AddData(input, 'a'),
      CheckNewAnswer(['a', '1']),
      rows([1], [1]),
      AddData(input, 'a', 'b'),
      CheckNewAnswer(['a', '2'], ['b', '1']),
      rows([2], [2]),
      StopStream,
      StartStream(),
      AddData(input, 'a', 'b'), // a reaches 3: removed, nothing returned for it
      CheckNewAnswer(['b', '2']),
      rows([1], [1]),
      StopStream,
      StartStream(),
      AddData(input, 'a', 'c'), // a starts again from nothing
      CheckNewAnswer(['a', '1'], ['c', '1']),
      rows([3], [2]),
    ]);
  });

  it('flatMapGroupsWithState - streaming + aggregation', async () => {
    const spark = newSession();
    const input = stringStream();
    const result = input.toDF(spark).groupByKey(keyOf).flatMapGroupsWithState(
      'Append', GroupStateTimeout.NoTimeout(),
      (key, values, state: GroupState<number>) => {
        const n = (state.getOption() ?? 0) + values.length;
        if (n === 3) {
          state.remove();
          return [{ key, count: '-1' }];
        }
        state.update(n);
        return [{ key, count: String(n) }];
      },
      'key string, count string',
    ).groupBy('key').agg(count('*').alias('n'));
    await testStream(result, 'complete', [
      AddData(input, 'a'),
      CheckNewAnswer(['a', 1]),
      AddData(input, 'a', 'b'),
      CheckNewAnswer(['a', 2], ['b', 1]),
      StopStream,
      StartStream(),
      AddData(input, 'a', 'b'),
      CheckNewAnswer(['a', 3], ['b', 2]),
      StopStream,
      StartStream(),
      AddData(input, 'a', 'c'),
      CheckNewAnswer(['a', 4], ['b', 2], ['c', 1]),
    ]);
  });

  it('mapGroupsWithState - streaming', async () => {
    const spark = newSession();
    const input = stringStream();
    const result = input.toDF(spark).groupByKey(keyOf).mapGroupsWithState(
      (key, values, state: GroupState<number>) => {
        const n = (state.getOption() ?? 0) + values.length;
        if (n === 3) {
          state.remove();
          return { key, count: '-1' };
        }
        state.update(n);
        return { key, count: String(n) };
      },
      'key string, count string',
    );
    const rows = stateRowsChecker();
    await testStream(result, 'update', [
      AddData(input, 'a'),
      CheckNewAnswer(['a', '1']),
      rows([1], [1]),
      AddData(input, 'a', 'b'),
      CheckNewAnswer(['a', '2'], ['b', '1']),
      rows([2], [2]),
      StopStream,
      StartStream(),
      AddData(input, 'a', 'b'),
      CheckNewAnswer(['a', '-1'], ['b', '2']),
      rows([1], [1]), // a removed (numRowsRemoved), b updated
      StopStream,
      StartStream(),
      AddData(input, 'a', 'c'),
      CheckNewAnswer(['a', '1'], ['c', '1']),
      rows([3], [2]),
    ]);
  });

  it('flatMapGroupsWithState - streaming with processing time timeout', async () => {
    const spark = newSession();
    const input = stringStream();
    const result = input.toDF(spark).groupByKey(keyOf).flatMapGroupsWithState(
      'Update', GroupStateTimeout.ProcessingTimeTimeout(),
      (key, values, state: GroupState<number>) => {
        if (state.hasTimedOut) {
          state.remove();
          return [{ key, count: '-1' }];
        }
        const n = (state.getOption() ?? 0) + values.length;
        state.update(n);
        state.setTimeoutDuration('10 seconds');
        return [{ key, count: String(n) }];
      },
      'key string, count string',
    );
    const trigger = Trigger.ProcessingTime('1 second');
    const rows = stateRowsChecker();
    await testStream(result, 'update', [
      StartStream({ trigger }),
      AddData(input, 'a'),
      AdvanceManualClock(1000),
      CheckNewAnswer(['a', '1']), // a times out after 1 + 10 = 11 s
      rows([1], [1]),
      AddData(input, 'b'),
      AdvanceManualClock(1000),
      CheckNewAnswer(['b', '1']), // b times out after 12 s
      rows([2], [1]),
      AddData(input, 'b'),
      AdvanceManualClock(10_000), // batch at 12 s: a (11 s) has timed out
      CheckNewAnswer(['a', '-1'], ['b', '2']),
      rows([1], [1]),
      StopStream,
      StartStream({ trigger }),
      AddData(input, 'c'),
      AdvanceManualClock(11_000), // batch at 23 s: b (22 s) times out
      CheckNewAnswer(['b', '-1'], ['c', '1']),
      rows([1], [1]),
      AdvanceManualClock(12_000), // 35 s: c (33 s) times out in a batch without data
      AssertOnQuery((q) => q.lastProgress?.timestamp === '1970-01-01T00:00:35.000Z', 'last batch at 35 s'),
      CheckNewAnswer(['c', '-1']),
      rows([0], [0]),
    ], { startImmediately: false });
  });

  it('flatMapGroupsWithState - streaming with event time timeout + watermark', async () => {
    const spark = newSession();
    const input = new MemoryStream<Record<string, unknown>>(new StructType().add('key', 'string').add('t', 'int'));
    const result = input.toDF(spark)
      .select(col('key'), col('t').cast('timestamp').alias('eventTime'))
      .withWatermark('eventTime', '10 seconds')
      .groupByKey((r) => r['key'] as string)
      .flatMapGroupsWithState('Update', GroupStateTimeout.EventTimeTimeout(),
        (key, values, state: GroupState<number>) => {
          expect(state.getCurrentWatermarkMs()).toBeGreaterThanOrEqual(0);
          if (state.hasTimedOut) {
            state.remove();
            return [{ key, maxEventTime: -1 }];
          }
          const maxSec = Math.max(...values.map((v) => (v['eventTime'] as number) / 1000), state.getOption() ?? 0);
          state.update(maxSec);
          state.setTimeoutTimestamp((maxSec + 5) * 1000);
          return [{ key, maxEventTime: maxSec }];
        },
        'key string, maxEventTime int');
    await testStream(result, 'update', [
      AddData(input, { key: 'a', t: 11 }, { key: 'a', t: 13 }, { key: 'a', t: 15 }),
      CheckNewAnswer(['a', 15]), // a times out at 20; watermark 5
      AddData(input, { key: 'a', t: 4 }), // older than the watermark: filtered
      CheckNewAnswer(),
      AddData(input, { key: 'a', t: 10 }),
      CheckNewAnswer(['a', 15]),
      AddData(input, { key: 'b', t: 31 }), // watermark 21 > 20: a times out in the no-data batch
      CheckNewAnswer(['a', -1], ['b', 31]),
    ]);
  });

  it('mapGroupsWithState - batch: a fresh state per group, nothing kept', async () => {
    const spark = newSession();
    const df = spark.createDataFrame([{ value: 'a' }, { value: 'a' }, { value: 'b' }]).groupByKey(keyOf).mapGroupsWithState(
      (key, values, state: GroupState<number>) => {
        if (state.exists) throw new Error('state.exists should be false');
        return { key, n: values.length };
      },
      'key string, n long',
    );
    expect((await df.collect()).sort((x, y) => String(x['key']).localeCompare(String(y['key'])))).toEqual([{ key: 'a', n: 2 }, { key: 'b', n: 1 }]);
  });
});

describe('GroupState rules (GroupStateSuite)', () => {
  const run = async (timeout: GroupStateTimeout, body: (state: GroupState<number>) => void): Promise<void> => {
    const spark = newSession();
    const df = spark.createDataFrame([{ value: 'a' }]).groupByKey(keyOf).mapGroupsWithState((key, _values, state: GroupState<number>) => {
      body(state);
      return { key };
    }, 'key string', timeout);
    await df.collect();
  };

  it('get, getOption, update, remove and exists', async () => {
    await run(GroupStateTimeout.NoTimeout(), (state) => {
      expect(state.exists).toBe(false);
      expect(state.getOption()).toBeUndefined();
      expect(() => state.get()).toThrow('State is either not defined or has already been removed');
      state.update(5);
      expect([state.exists, state.get(), state.getOption()]).toEqual([true, 5, 5]);
      expect(() => state.update(null as unknown as number)).toThrow("'null' is not a valid state value");
      state.remove();
      expect(state.exists).toBe(false);
      expect(state.hasTimedOut).toBe(false);
    });
  });

  it('timeouts need their configuration and valid values', async () => {
    await run(GroupStateTimeout.NoTimeout(), (state) => {
      expect(() => state.setTimeoutDuration(1000)).toThrow('Cannot set timeout duration without enabling processing time timeout');
      expect(() => state.setTimeoutTimestamp(1000)).toThrow('Cannot set timeout timestamp without enabling event time timeout');
    });
    await run(GroupStateTimeout.ProcessingTimeTimeout(), (state) => {
      expect(() => state.setTimeoutDuration(-1000)).toThrow('Timeout duration must be positive');
      expect(() => state.setTimeoutDuration('-1 seconds')).toThrow('Provided duration (-1 seconds) is negative');
      state.setTimeoutDuration('1 second');
    });
    await run(GroupStateTimeout.EventTimeTimeout(), (state) => {
      expect(() => state.setTimeoutTimestamp(-1)).toThrow('Timeout timestamp must be positive');
      state.setTimeoutTimestamp(new Date(5000), '1 second');
    });
  });

  it('a user function error names the key and keeps the cause', async () => {
    const spark = newSession();
    const df = spark.createDataFrame([{ value: 'a' }]).groupByKey(keyOf).mapGroupsWithState(() => {
      throw new TypeError('boom');
    }, 'key string');
    await expect(df.collect()).rejects.toThrow(/FLATMAPGROUPSWITHSTATE_USER_FUNCTION_ERROR|boom/);
  });
});

describe('[map|flatMap]GroupsWithState output mode rules', () => {
  it('mapGroupsWithState needs Update mode; flatMapGroupsWithState needs its own mode; event-time timeout needs a watermark', () => {
    const spark = newSession();
    const df = stringStream().toDF(spark);
    const mapped = df.groupByKey(keyOf).mapGroupsWithState((key) => ({ key }), 'key string');
    expect(unsupportedOperations(mapped.analyzed, 'Append').map((p) => p.message)).toEqual([
      'mapGroupsWithState is not supported with Append output mode on a streaming DataFrame/Dataset',
    ]);
    const flat = df.groupByKey(keyOf).flatMapGroupsWithState('Update', GroupStateTimeout.EventTimeTimeout(), (key) => [{ key }], 'key string');
    expect(unsupportedOperations(flat.analyzed, 'Append').map((p) => p.message)).toEqual([
      'flatMapGroupsWithState in update mode is not supported with Append output mode on a streaming DataFrame/Dataset',
      "Watermark must be specified in the query using '[Dataset/DataFrame].withWatermark()' for using event-time timeout in a "
        + '[map|flatMap]GroupsWithState. Event-time timeout not supported without watermark.',
    ]);
  });
});
