/**
 * Stream-stream joins batch by batch: Spark's StreamingInnerJoinSuite and StreamingOuterJoinSuite
 * cases (case name in the test name). Spark's `MultiAddData(left)(right)` is two AddData steps
 * here; the checks cover both batches, so the answers are the same either way.
 */
import { describe, it } from 'vitest';
import { col, type DataFrame, MemoryStream, type SparkSession, StructType, time_add, window } from '../../../src/index.js';
import { AddData, CheckAnswer, CheckNewAnswer, ExpectFailure, StartStream, StopStream, testStream } from '../../../src/testing.js';
import { newSession } from '../support.js';
import { intStream, stateRowsChecker } from './statefulTestSupport.js';

/** Spark's setupStream: key, `<prefix>Time` (seconds), `<prefix>Value` = key * multiplier, 10-second watermark. */
function setupStream(spark: SparkSession, prefix: string, multiplier: number): [MemoryStream<number>, DataFrame] {
  const input = intStream();
  const df = input.toDF(spark)
    .select(col('value').alias('key'), col('value').cast('timestamp').alias(`${prefix}Time`), col('value').multiply(multiplier).alias(`${prefix}Value`))
    .withWatermark(`${prefix}Time`, '10 seconds');
  return [input, df];
}

/** Spark's setupWindowedJoin: 10-second windows joined on key and window. */
function setupWindowedJoin(spark: SparkSession, joinType: string): [MemoryStream<number>, MemoryStream<number>, DataFrame] {
  const [input1, df1] = setupStream(spark, 'left', 2);
  const [input2, df2] = setupStream(spark, 'right', 3);
  const windowed1 = df1.select(col('key'), window('leftTime', '10 seconds'), col('leftValue'));
  const windowed2 = df2.select(col('key'), window('rightTime', '10 seconds'), col('rightValue'));
  const joined = windowed1.join(windowed2, ['key', 'window'], joinType)
    .select(col('key'), col('window.end').cast('long'), col('leftValue'), col('rightValue'));
  return [input1, input2, joined];
}

/** Key/time pairs, for the time-range joins. */
const pairs = () => new MemoryStream<Record<string, unknown>>(new StructType().add('key', 'int').add('time', 'int'));
const kt = (key: number, time: number) => ({ key, time });

/** Spark's range-join inputs: leftKey/leftTime/leftValue and rightKey/rightTime/rightValue with watermarks. */
function rangeSides(spark: SparkSession, leftDelay = '10 seconds', rightDelay = '10 seconds') {
  const leftInput = pairs();
  const rightInput = pairs();
  const df1 = leftInput.toDF(spark).select(col('key').alias('leftKey'), col('time').cast('timestamp').alias('leftTime'), col('key').multiply(2).alias('leftValue'))
    .withWatermark('leftTime', leftDelay);
  const df2 = rightInput.toDF(spark).select(col('key').alias('rightKey'), col('time').cast('timestamp').alias('rightTime'), col('key').multiply(3).alias('rightValue'))
    .withWatermark('rightTime', rightDelay);
  return { leftInput, rightInput, df1, df2 };
}

describe('StreamingInnerJoinSuite', () => {
  it('stream stream inner join on non-time column', async () => {
    const spark = newSession();
    const input1 = intStream();
    const input2 = intStream();
    const df1 = input1.toDF(spark).select(col('value').alias('key'), col('value').multiply(2).alias('leftValue'));
    const df2 = input2.toDF(spark).select(col('value').alias('key'), col('value').multiply(3).alias('rightValue'));
    await testStream(df1.join(df2, 'key'), 'append', [
      AddData(input1, 1),
      CheckAnswer(),
      AddData(input2, 1, 10),
      CheckNewAnswer([1, 2, 3]),
      AddData(input1, 10),
      CheckNewAnswer([10, 20, 30]),
      AddData(input2, 1),
      CheckNewAnswer([1, 2, 3]),
      StopStream,
      StartStream(),
      AddData(input1, 1), // both 1s of input2 are still in state
      CheckNewAnswer([1, 2, 3], [1, 2, 3]),
      StopStream,
      StartStream(),
      AddData(input1, 100),
      AddData(input2, 100),
      CheckNewAnswer([100, 200, 300]),
    ]);
  });

  it('stream stream inner join on windows - without watermark', async () => {
    const spark = newSession();
    const input1 = intStream();
    const input2 = intStream();
    const side = (input: MemoryStream<number>, name: string, m: number) => input.toDF(spark)
      .select(col('value').alias('key'), col('value').cast('timestamp').alias('timestamp'), col('value').multiply(m).alias(name))
      .select(col('key'), window('timestamp', '10 seconds'), col(name));
    const joined = side(input1, 'leftValue', 2).join(side(input2, 'rightValue', 3), ['key', 'window'])
      .select(col('key'), col('window.end').cast('long'), col('leftValue'), col('rightValue'));
    await testStream(joined, 'append', [
      AddData(input1, 1),
      CheckNewAnswer(),
      AddData(input2, 1),
      CheckNewAnswer([1, 10, 2, 3]),
      StopStream,
      StartStream(),
      AddData(input1, 25),
      CheckNewAnswer(),
      StopStream,
      StartStream(),
      AddData(input2, 25),
      CheckNewAnswer([25, 30, 50, 75]),
      AddData(input1, 1),
      CheckNewAnswer([1, 10, 2, 3]), // no watermark: state for 1 is still there
      StopStream,
      StartStream(),
      AddData(input1, 5),
      CheckNewAnswer(),
      AddData(input2, 5),
      CheckNewAnswer([5, 10, 10, 15]),
    ]);
  });

  it('stream stream inner join on windows - with watermark', async () => {
    const spark = newSession();
    const input1 = intStream();
    const input2 = intStream();
    const df1 = input1.toDF(spark)
      .select(col('value').alias('key'), col('value').cast('timestamp').alias('timestamp'), col('value').multiply(2).alias('leftValue'))
      .withWatermark('timestamp', '10 seconds')
      .select(col('key'), window('timestamp', '10 seconds'), col('leftValue'));
    const df2 = input2.toDF(spark)
      .select(col('value').alias('key'), col('value').cast('timestamp').alias('timestamp'), col('value').multiply(3).alias('rightValue'))
      .select(col('key'), window('timestamp', '10 seconds'), col('rightValue'));
    const joined = df1.join(df2, ['key', 'window']).select(col('key'), col('window.end').cast('long'), col('leftValue'), col('rightValue'));
    const rows = stateRowsChecker();
    await testStream(joined, 'append', [
      AddData(input1, 1),
      CheckAnswer(),
      rows([1], [1]),
      AddData(input2, 1),
      CheckAnswer([1, 10, 2, 3]),
      rows([2], [1]),
      StopStream,
      StartStream(),
      AddData(input1, 25),
      CheckNewAnswer(), // watermark 15: the no-data batch removes both rows of window [0, 10)
      rows([1], [1]),
      AddData(input2, 25),
      CheckNewAnswer([25, 30, 50, 75]),
      rows([2], [1]),
      StopStream,
      StartStream(),
      AddData(input2, 1),
      CheckNewAnswer(), // not joined, and not stored: 1 is below the state key watermark 15
      rows([2], [0]),
      AddData(input1, 5),
      CheckNewAnswer(),
      rows([2], [0], [1]),
    ]);
  });

  it('stream stream inner join with time range - with watermark - one side condition', async () => {
    const spark = newSession();
    const { leftInput, rightInput, df1, df2 } = rangeSides(spark);
    const joined = df1.join(df2, col('leftKey').equalTo(col('rightKey')).and(col('leftTime').lt(time_add('rightTime', '-5 seconds'))))
      .select(col('leftKey'), col('leftTime').cast('int'), col('rightTime').cast('int'));
    const rows = stateRowsChecker();
    await testStream(joined, 'append', [
      AddData(leftInput, kt(1, 5)),
      CheckAnswer(),
      AddData(rightInput, kt(1, 11)),
      CheckNewAnswer([1, 5, 11]),
      AddData(rightInput, kt(1, 10)),
      CheckNewAnswer(), // 5 is not < 10 - 5
      rows([3], [3]),
      AddData(leftInput, kt(1, 3), kt(1, 30)),
      CheckNewAnswer([1, 3, 10], [1, 3, 11]),
      rows([5], [2]),
      AddData(rightInput, kt(0, 30)),
      CheckNewAnswer(),
      // watermark 20: right state needs rightTime > 25, so (1, 11) and (1, 10) leave
      rows([4], [1]),
      AddData(rightInput, kt(1, 20), kt(1, 21), kt(1, 28)), // 20 is late; 21 joins but is not kept
      CheckNewAnswer([1, 3, 21], [1, 5, 21], [1, 3, 28], [1, 5, 28]),
      rows([5], [1], [1]),
      AddData(leftInput, kt(1, 20), kt(1, 21)),
      CheckNewAnswer([1, 21, 28]),
      rows([6], [1], [1]),
    ]);
  });

  it('stream stream inner join with time range - with watermark - two side conditions', async () => {
    const spark = newSession();
    const { leftInput, rightInput, df1, df2 } = rangeSides(spark, '20 seconds', '30 seconds');
    // leftTime BETWEEN rightTime - 10 seconds AND rightTime + 5 seconds
    const condition = col('leftKey').equalTo(col('rightKey'))
      .and(col('leftTime').geq(time_add('rightTime', '-10 seconds')))
      .and(col('leftTime').leq(time_add('rightTime', '5 seconds')));
    const joined = df1.join(df2, condition).select(col('leftKey'), col('leftTime').cast('int'), col('rightTime').cast('int'));
    const rows = stateRowsChecker();
    await testStream(joined, 'append', [
      AddData(leftInput, kt(1, 20)),
      CheckAnswer(),
      AddData(rightInput, kt(1, 14), kt(1, 15), kt(1, 25), kt(1, 26), kt(1, 30), kt(1, 31)),
      CheckNewAnswer([1, 20, 15], [1, 20, 25], [1, 20, 26], [1, 20, 30]),
      rows([7], [7]),
      AddData(rightInput, kt(1, 60)),
      CheckNewAnswer(),
      AddData(leftInput, kt(1, 49), kt(1, 50), kt(1, 65), kt(1, 66)),
      CheckNewAnswer([1, 50, 60], [1, 65, 60]),
      rows([10], [5]), // watermark min(46, 30) = 30: right drops 14 and 15
      AddData(leftInput, kt(1, 30), kt(1, 31)), // 30 is late
      CheckNewAnswer([1, 31, 26], [1, 31, 30], [1, 31, 31]),
      rows([11], [1], [1]),
      AddData(rightInput, kt(1, 80)),
      CheckNewAnswer(),
      rows([6], [1]), // watermark 46: left drops < 36, right drops < 41
      AddData(rightInput, kt(1, 46), kt(1, 50)), // 46 is late
      CheckNewAnswer([1, 49, 50], [1, 50, 50]),
      rows([7], [1], [1]),
    ]);
  });

  it('stream stream inner join without equality predicate: the query fails with Spark\'s message', async () => {
    const spark = newSession();
    const input1 = intStream();
    const input2 = intStream();
    const df1 = input1.toDF(spark).select(col('value').alias('leftKey'));
    const df2 = input2.toDF(spark).select(col('value').alias('rightKey'));
    await testStream(df1.join(df2, col('leftKey').lt(col('rightKey'))), 'append', [
      AddData(input1, 1),
      ExpectFailure({ messageContains: 'Stream-stream join without equality predicate is not supported' }),
    ]);
  });

  it('join between three streams', async () => {
    const spark = newSession();
    const [input1, input2, input3] = [intStream(), intStream(), intStream()];
    const df1 = input1.toDF(spark).select(col('value').alias('leftKey'), col('value').multiply(2).alias('leftValue'));
    const df2 = input2.toDF(spark).select(col('value').alias('middleKey'), col('value').multiply(3).alias('middleValue'));
    const df3 = input3.toDF(spark).select(col('value').alias('rightKey'), col('value').multiply(5).alias('rightValue'));
    const joined = df1.join(df2, col('leftKey').equalTo(col('middleKey'))).join(df3, col('rightKey').equalTo(col('middleKey')));
    await testStream(joined, 'append', [
      AddData(input1, 1, 5),
      AddData(input2, 1, 5, 10),
      AddData(input3, 5, 10),
      CheckNewAnswer([5, 10, 5, 15, 5, 25]),
    ]);
  });
});

describe('StreamingOuterJoinSuite', () => {
  const earlyExclusion = [
    { name: 'left outer early state exclusion on left', type: 'left_outer', cond: 'left', first: [[3, 10, 6, '9'], [1, 10, 2, null], [2, 10, 4, null]], leftData: [1, 2, 3], rightData: [3, 4, 5], afterWatermark: [] },
    { name: 'left outer early state exclusion on right', type: 'left_outer', cond: 'right', first: [[3, 10, 6, '9']], leftData: [3, 4, 5], rightData: [1, 2, 3], afterWatermark: [[4, 10, 8, null], [5, 10, 10, null]] },
    { name: 'right outer early state exclusion on left', type: 'right_outer', cond: 'left', first: [[3, 10, 6, '9']], leftData: [1, 2, 3], rightData: [3, 4, 5], afterWatermark: [[4, 10, null, '12'], [5, 10, null, '15']] },
    { name: 'right outer early state exclusion on right', type: 'right_outer', cond: 'right', first: [[3, 10, 6, '9'], [1, 10, null, '3'], [2, 10, null, '6']], leftData: [3, 4, 5], rightData: [1, 2, 3], afterWatermark: [] },
  ];
  for (const c of earlyExclusion) {
    it(c.name, async () => {
      const spark = newSession();
      const [leftInput, df1] = setupStream(spark, 'left', 2);
      const [rightInput, df2] = setupStream(spark, 'right', 3);
      const left = df1.select(col('key'), window('leftTime', '10 seconds'), col('leftValue'));
      const right = df2.select(col('key'), window('rightTime', '10 seconds'), col('rightValue').cast('string').alias('rightValue'));
      const extra = c.cond === 'left' ? col('leftValue').gt(4) : col('rightValue').cast('int').gt(7);
      const cond = left.col('key').equalTo(right.col('key')).and(left.col('window').equalTo(right.col('window'))).and(extra);
      const keySide = c.type === 'left_outer' ? left : right;
      const joined = left.join(right, cond, c.type)
        .select(keySide.col('key'), keySide.col('window').getField('end').cast('long'), col('leftValue'), col('rightValue'));
      const rows = stateRowsChecker();
      await testStream(joined, 'append', [
        AddData(leftInput, ...c.leftData),
        AddData(rightInput, ...c.rightData),
        CheckNewAnswer(...c.first),
        rows([4], [4]),
        AddData(leftInput, 20),
        AddData(rightInput, 21), // watermark 10: the no-data batch emits unmatched rows of [0, 10)
        CheckNewAnswer(...c.afterWatermark),
        AddData(rightInput, 20),
        CheckNewAnswer([20, 30, 40, '60']),
      ]);
    });
  }

  for (const [type, unmatched] of [['left_outer', [[1, 10, 2, null], [2, 10, 4, null]]], ['right_outer', [[6, 10, null, 18], [7, 10, null, 21]]]] as const) {
    it(`windowed ${type.replace('_', ' ')} join`, async () => {
      const spark = newSession();
      const [leftInput, rightInput, joined] = setupWindowedJoin(spark, type);
      const rows = stateRowsChecker();
      await testStream(joined, 'append', [
        AddData(leftInput, 1, 2, 3, 4, 5),
        AddData(rightInput, 3, 4, 5, 6, 7),
        CheckNewAnswer([3, 10, 6, 9], [4, 10, 8, 12], [5, 10, 10, 15]),
        AddData(leftInput, 21),
        AddData(rightInput, 22), // watermark 11
        CheckNewAnswer(...unmatched),
        rows([2], [12]),
        AddData(leftInput, 22),
        CheckNewAnswer([22, 30, 44, 66]),
        rows([3], [1]),
      ]);
    });
  }

  it('windowed full outer join: unmatched rows of both sides once the watermark passes', async () => {
    const spark = newSession();
    const [leftInput, rightInput, joined] = setupWindowedJoin(spark, 'full_outer');
    await testStream(joined, 'append', [
      AddData(leftInput, 1, 2, 3, 4, 5),
      AddData(rightInput, 3, 4, 5, 6, 7),
      CheckNewAnswer([3, 10, 6, 9], [4, 10, 8, 12], [5, 10, 10, 15]),
      AddData(leftInput, 21),
      AddData(rightInput, 22),
      CheckNewAnswer([1, 10, 2, null], [2, 10, 4, null], [6, 10, null, 18], [7, 10, null, 21]),
      AddData(leftInput, 22),
      CheckNewAnswer([22, 30, 44, 66]),
      AddData(leftInput, 40),
      AddData(rightInput, 41), // watermark 30: window [20, 30) leaves; only left 21 never matched
      CheckNewAnswer([21, 30, 42, null]),
    ]);
  });

  for (const [type, outer] of [['left_outer', [3, null, 5, null]], ['right_outer', [null, 2, null, 5]]] as const) {
    it(`${type.replace('_', ' ')} with watermark range condition`, async () => {
      const spark = newSession();
      const { leftInput, rightInput, df1, df2 } = rangeSides(spark);
      const condition = col('leftKey').equalTo(col('rightKey'))
        .and(col('leftTime').geq(time_add('rightTime', '-5 seconds')))
        .and(col('leftTime').leq(time_add('rightTime', '5 seconds')));
      const joined = df1.join(df2, condition, type)
        .select(col('leftKey'), col('rightKey'), col('leftTime').cast('int'), col('rightTime').cast('int'));
      const rows = stateRowsChecker();
      await testStream(joined, 'append', [
        AddData(leftInput, kt(1, 5), kt(3, 5)),
        CheckAnswer(),
        AddData(rightInput, kt(1, 10), kt(2, 5)),
        CheckNewAnswer([1, 1, 5, 10]),
        AddData(rightInput, kt(1, 11)),
        CheckNewAnswer(),
        rows([5], [5]),
        AddData(leftInput, kt(1, 7), kt(1, 30)),
        CheckNewAnswer([1, 1, 7, 10], [1, 1, 7, 11]),
        rows([7], [2]),
        AddData(rightInput, kt(0, 30)), // watermark 20: the no-data batch computes the nulls
        CheckNewAnswer(outer),
        rows([2], [1]),
      ]);
    });
  }

  it('left outer join with non-key condition violated', async () => {
    const spark = newSession();
    const [leftInput, simpleLeft] = setupStream(spark, 'left', 2);
    const [rightInput, simpleRight] = setupStream(spark, 'right', 3);
    const left = simpleLeft.select(col('key'), window('leftTime', '10 seconds'), col('leftValue'));
    const right = simpleRight.select(col('key'), window('rightTime', '10 seconds'), col('rightValue'));
    const cond = left.col('key').equalTo(right.col('key')).and(left.col('window').equalTo(right.col('window')))
      .and(col('leftValue').gt(10)).and(col('rightValue').lt(300).or(col('rightValue').gt(1000)));
    const joined = left.join(right, cond, 'left_outer')
      .select(left.col('key'), left.col('window').getField('end').cast('long'), col('leftValue'), col('rightValue'));
    const rows = stateRowsChecker();
    await testStream(joined, 'append', [
      AddData(leftInput, 1, 2, 3),
      AddData(rightInput, 1, 2, 3),
      CheckNewAnswer([1, 10, 2, null], [2, 10, 4, null], [3, 10, 6, null]),
      rows([3], [3]),
      AddData(leftInput, 20),
      AddData(rightInput, 21),
      CheckNewAnswer(),
      rows([2], [2]),
      AddData(rightInput, 20),
      CheckNewAnswer([20, 30, 40, 60]),
      rows([3], [1]),
      AddData(leftInput, 40, 41),
      AddData(rightInput, 40, 41),
      CheckNewAnswer([40, 50, 80, 120], [41, 50, 82, 123]),
      rows([4], [4]),
      AddData(leftInput, 70),
      AddData(rightInput, 71),
      CheckNewAnswer(),
      rows([2], [2]),
      AddData(rightInput, 70),
      CheckNewAnswer([70, 80, 140, 210]),
      rows([3], [1]),
      AddData(leftInput, 101, 102, 103),
      AddData(rightInput, 101, 102, 103), // right rows fail rightValue < 300 || > 1000: never stored
      CheckNewAnswer(),
      // Spark's (older) case reads total = 6 before its no-data batch ran; here the no-data batch at
      // watermark 93 has already removed window [70, 80), leaving the three left rows.
      rows([3], [3]),
      AddData(leftInput, 1000),
      AddData(rightInput, 1001),
      CheckNewAnswer([101, 110, 202, null], [102, 110, 204, null], [103, 110, 206, null]),
      rows([2], [2]),
    ]);
  });
});
