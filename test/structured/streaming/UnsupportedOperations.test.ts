/**
 * Every unsupported-operation rule of a streaming query, by its message: Spark's
 * UnsupportedOperationsSuite (checkForStreaming) as a data table, each case named after the rule,
 * and start() reporting every problem of a query in one AnalysisException.
 */
import { describe, expect, it } from 'vitest';
import {
  AnalysisException,
  col,
  count,
  type DataFrame,
  GroupStateTimeout,
  MemoryStream,
  type Row,
  type SparkSession,
  session_window,
  StructType,
  time_add,
  window,
} from '../../../src/index.js';
import { unsupportedOperations } from '../../../src/testing.js';
import { newSession } from '../support.js';
import { tempDir } from './support.js';

type Mode = 'Append' | 'Update' | 'Complete';

const CHAINED = "Chaining an event-time stateful operator after a stateful operator that emits rows late (aggregation, stream-stream join, [flat]MapGroupsWithState) is not supported by twinstream: it keeps one global watermark, not Spark 3.5's per-operator watermark propagation";

interface Fixture {
  spark: SparkSession;
  /** A stream with value (int) and eventTime (timestamp). */
  stream: () => DataFrame;
  /** The same, with a 10-second watermark on eventTime. */
  watermarked: () => DataFrame;
  batch: () => DataFrame;
}

function fixture(): Fixture {
  const spark = newSession();
  const stream = () => new MemoryStream<number>(new StructType().add('value', 'int')).toDF(spark).withColumn('eventTime', col('value').cast('timestamp'));
  return {
    spark,
    stream,
    watermarked: () => stream().withWatermark('eventTime', '10 seconds'),
    batch: () => spark.createDataFrame([{ id: 1 }]),
  };
}

const keyOf = (r: Row) => r['value'] as number;
const mapGroups = (df: DataFrame) => df.groupByKey(keyOf).mapGroupsWithState((key) => ({ key }), 'key int');
const flatMapGroups = (df: DataFrame, mode: 'Append' | 'Update', timeout = GroupStateTimeout.NoTimeout()) =>
  df.groupByKey(keyOf).flatMapGroupsWithState(mode, timeout, (key) => [{ value: key }], 'value int');
const joinOn = (l: DataFrame, r: DataFrame, how: string) => {
  const right = r.select(col('value').alias('rvalue'), col('eventTime').alias('rtime'));
  return l.join(right, col('value').equalTo(col('rvalue')), how);
};

const cases: { rule: string; mode: Mode; build: (f: Fixture) => DataFrame; messages: string[] }[] = [
  {
    rule: 'Queries without streaming sources',
    mode: 'Append',
    build: (f) => f.batch(),
    messages: ['Queries without streaming sources cannot be executed with writeStream.start()'],
  },
  {
    rule: 'Multiple mapGroupsWithStates',
    mode: 'Update',
    build: (f) => mapGroups(mapGroups(f.stream()).withColumnRenamed('key', 'value')),
    messages: ['Multiple mapGroupsWithStates are not supported on a streaming DataFrames/Datasets'],
  },
  {
    rule: 'Mixing mapGroupsWithStates and flatMapGroupsWithStates',
    mode: 'Update',
    build: (f) => mapGroups(flatMapGroups(f.stream(), 'Update')),
    messages: ['Mixing mapGroupsWithStates and flatMapGroupsWithStates are not supported on a streaming DataFrames/Datasets'],
  },
  {
    rule: 'Multiple flatMapGroupsWithStates not all in append mode',
    mode: 'Append',
    build: (f) => flatMapGroups(flatMapGroups(f.stream(), 'Update'), 'Append'),
    messages: [
      'Multiple flatMapGroupsWithStates are not supported when they are not all in append mode or the output mode is not append on a streaming DataFrames/Datasets',
      'flatMapGroupsWithState in update mode is not supported with Append output mode on a streaming DataFrame/Dataset',
    ],
  },
  {
    rule: 'Append output mode with an aggregation without watermark',
    mode: 'Append',
    build: (f) => f.stream().groupBy('value').agg(count('*')),
    messages: ['Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark'],
  },
  {
    rule: 'Append output mode with a watermark that is not on the grouping key',
    mode: 'Append',
    build: (f) => f.watermarked().groupBy('value').agg(count('*')),
    messages: ['Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark'],
  },
  {
    rule: 'Update output mode with a session window',
    mode: 'Update',
    build: (f) => f.watermarked().groupBy(session_window('eventTime', '5 seconds'), 'value').agg(count('*')),
    messages: ['Update output mode not supported for session window on streaming DataFrames/DataSets'],
  },
  {
    rule: 'Complete output mode without aggregation',
    mode: 'Complete',
    build: (f) => f.stream().select('value'),
    messages: ['Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets'],
  },
  {
    rule: 'mapGroupsWithState outside Update output mode',
    mode: 'Append',
    build: (f) => mapGroups(f.stream()),
    messages: ['mapGroupsWithState is not supported with Append output mode on a streaming DataFrame/Dataset'],
  },
  {
    rule: 'flatMapGroupsWithState in update mode with another output mode',
    mode: 'Append',
    build: (f) => flatMapGroups(f.stream(), 'Update'),
    messages: ['flatMapGroupsWithState in update mode is not supported with Append output mode on a streaming DataFrame/Dataset'],
  },
  {
    rule: 'flatMapGroupsWithState in append mode with another output mode',
    mode: 'Update',
    build: (f) => flatMapGroups(f.stream(), 'Append'),
    messages: ['flatMapGroupsWithState in append mode is not supported with Update output mode on a streaming DataFrame/Dataset'],
  },
  {
    rule: 'flatMapGroupsWithState in update mode with an aggregation',
    mode: 'Complete',
    build: (f) => flatMapGroups(f.stream(), 'Update').groupBy('value').agg(count('*')),
    messages: ['flatMapGroupsWithState in update mode is not supported with aggregation on a streaming DataFrame/Dataset'],
  },
  {
    rule: 'Event-time timeout without watermark',
    mode: 'Append',
    build: (f) => flatMapGroups(f.stream(), 'Append', GroupStateTimeout.EventTimeTimeout()),
    messages: ["Watermark must be specified in the query using '[Dataset/DataFrame].withWatermark()' for using event-time timeout in a [map|flatMap]GroupsWithState. Event-time timeout not supported without watermark."],
  },
  {
    rule: 'Stream-stream join outside Append output mode',
    mode: 'Update',
    build: (f) => joinOn(f.stream(), f.stream(), 'inner'),
    messages: ['Join between two streaming DataFrames/Datasets is not supported in Update output mode, only in Append output mode'],
  },
  {
    rule: 'FullOuter join of a stream with a static DataFrame on the right',
    mode: 'Append',
    build: (f) => f.stream().join(f.batch(), col('value').equalTo(col('id')), 'full_outer'),
    messages: ['FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on the right is not supported'],
  },
  {
    rule: 'FullOuter join of a static DataFrame with a stream on the right',
    mode: 'Append',
    build: (f) => f.batch().join(f.stream(), col('value').equalTo(col('id')), 'full_outer'),
    messages: ['FullOuter joins with streaming DataFrames/Datasets on the right and a static DataFrame/Dataset on the left is not supported'],
  },
  {
    rule: 'LeftAnti join with a stream on the right',
    mode: 'Append',
    build: (f) => f.batch().join(f.stream(), col('value').equalTo(col('id')), 'left_anti'),
    messages: ['LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported'],
  },
  {
    rule: 'LeftOuter join of a static DataFrame with a stream on the right',
    mode: 'Append',
    build: (f) => f.batch().join(f.stream(), col('value').equalTo(col('id')), 'left_outer'),
    messages: ['LeftOuter join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported'],
  },
  {
    rule: 'LeftSemi join of a static DataFrame with a stream on the right',
    mode: 'Append',
    build: (f) => f.batch().join(f.stream(), col('value').equalTo(col('id')), 'left_semi'),
    messages: ['LeftSemi join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported'],
  },
  {
    rule: 'RightOuter join of a stream with a static DataFrame on the right',
    mode: 'Append',
    build: (f) => f.stream().join(f.batch(), col('value').equalTo(col('id')), 'right_outer'),
    messages: ['RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not supported'],
  },
  ...(['left_outer', 'right_outer', 'full_outer'] as const).map((how) => ({
    rule: `Stream-stream ${how} join without watermark`,
    mode: 'Append' as Mode,
    build: (f: Fixture) => joinOn(f.stream(), f.stream(), how),
    messages: [`Stream-stream ${{ left_outer: 'LeftOuter', right_outer: 'RightOuter', full_outer: 'FullOuter' }[how]} join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition`],
  })),
  {
    rule: 'dropDuplicatesWithinWatermark without watermark',
    mode: 'Append',
    build: (f) => f.stream().dropDuplicatesWithinWatermark(['value']),
    messages: ['dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark'],
  },
  {
    rule: 'Union of a stream and a static DataFrame',
    mode: 'Append',
    build: (f) => f.stream().select('value').union(f.batch()),
    messages: ['Union between streaming and batch DataFrames/Datasets is not supported'],
  },
  {
    rule: 'Limit in Update output mode',
    mode: 'Update',
    build: (f) => f.stream().groupBy('value').agg(count('*')).limit(3),
    messages: ['Limits are not supported on streaming DataFrames/Datasets in Update output mode'],
  },
  {
    rule: 'Sorting without an aggregation in Complete output mode',
    mode: 'Append',
    build: (f) => f.stream().orderBy('value'),
    messages: ['Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode'],
  },
  {
    rule: 'Stateful operator after an aggregation in Update output mode (global watermark correctness)',
    mode: 'Update',
    build: (f) => f.watermarked().groupBy(window('eventTime', '5 seconds'), 'value').agg(count('*').alias('n')).dropDuplicates(['window']),
    messages: ["Detected pattern of possible 'correctness' issue due to global watermark. The query contains stateful operation which can emit rows older than the current watermark plus allowed late record delay, which are \"late rows\" in downstream stateful operations and these rows can be discarded. Please refer the programming guide doc for more details. If you understand the possible risk of correctness issue and still need to run the query, you can disable this check by setting the config `spark.sql.streaming.statefulOperator.checkCorrectness.enabled` to false.",
      CHAINED],
  },
  {
    rule: 'Differs from Spark: chained event-time stateful operators in Append mode (one global watermark)',
    mode: 'Append',
    build: (f) => f.watermarked().groupBy(window('eventTime', '5 seconds').alias('w')).agg(count('*').alias('n')).dropDuplicates(['w']),
    messages: [CHAINED],
  },
];

describe('UnsupportedOperationsSuite: checkForStreaming', () => {
  for (const c of cases) {
    it(`${c.rule} (${c.mode})`, () => {
      const f = fixture();
      expect(unsupportedOperations(c.build(f).analyzed, c.mode).map((p) => p.message)).toEqual(c.messages);
    });
  }

  it('allowed: windowed aggregation with watermark in Append, sort after aggregation in Complete, joins with watermarks and ranges', () => {
    const f = fixture();
    const ok = (df: DataFrame, mode: Mode) => expect(unsupportedOperations(df.analyzed, mode)).toEqual([]);
    ok(f.watermarked().groupBy(window('eventTime', '5 seconds')).agg(count('*')), 'Append');
    ok(f.stream().groupBy('value').agg(count('*').alias('n')).orderBy('n'), 'Complete');
    const right = f.watermarked().select(col('value').alias('rvalue'), col('eventTime').alias('rtime'));
    const range = col('value').equalTo(col('rvalue')).and(col('eventTime').geq(col('rtime'))).and(col('eventTime').leq(time_add('rtime', '5 seconds')));
    ok(f.watermarked().join(right, range, 'left_outer'), 'Append');
    ok(f.stream().join(f.batch(), col('value').equalTo(col('id')), 'left_outer'), 'Append');
  });
});

describe('start() reports every problem at once', () => {
  it('throws one AnalysisException with STREAMING_UNSUPPORTED_OPERATION listing each message and its fix', () => {
    const f = fixture();
    const df = f.stream().groupBy('value').agg(count('*').alias('n')).orderBy('n').limit(2);
    let error: unknown;
    try {
      df.writeStream.format('memory').queryName('bad').outputMode('update').option('checkpointLocation', tempDir()).start();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AnalysisException);
    const e = error as AnalysisException;
    expect(e.errorClass).toBe('STREAMING_UNSUPPORTED_OPERATION');
    expect(e.message).toBe(
      '[STREAMING_UNSUPPORTED_OPERATION] 2 problems:\n'
        + '1. Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode; '
        + 'sort after an aggregation in Complete output mode, or sort each batch in foreachBatch\n'
        + '2. Limits are not supported on streaming DataFrames/Datasets in Update output mode; use Append or Complete output mode, or drop the limit',
    );
  });

  it('append without watermark fails at start with the how-to-fix sentence', () => {
    const f = fixture();
    const df = f.stream().groupBy('value').agg(count('*'));
    expect(() => df.writeStream.format('memory').queryName('agg').outputMode('append').option('checkpointLocation', tempDir()).start())
      .toThrow('Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark; group by a watermarked event-time column or window');
  });
});
