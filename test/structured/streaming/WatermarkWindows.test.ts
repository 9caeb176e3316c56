/**
 * window() and session_window() assignment, and withWatermark's argument checks, on batch
 * DataFrames. Cases from Spark's DataFrameTimeWindowingSuite and EventTimeWatermarkSuite
 * ("error on bad column", "error on wrong type", "delay threshold should not be negative.",
 * "EventTime watermark should be ignored in batch query.").
 *
 * Property (fast-check): a row at time t with window w and slide s lands in exactly the windows
 * [start, start + w) that contain t with start = startTime (mod s), and in ceil(w / s) of them
 * when s divides w.
 */
import { fc, it as fcIt } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { AnalysisException, col, count, IllegalArgumentError, sum, window } from '../../../src/index.js';
import { newSession } from '../support.js';

const seconds = (rows: Record<string, unknown>[]): Record<string, unknown>[] =>
  rows.map((r) => {
    const w = r['window'] as { start: number; end: number };
    return { ...r, window: [w.start / 1000, w.end / 1000] };
  });

function events(values: number[]) {
  const spark = newSession();
  return spark.createDataFrame(values.map((v) => ({ v }))).withColumn('eventTime', col('v').cast('timestamp'));
}

describe('window() on a batch DataFrame (DataFrameTimeWindowingSuite)', () => {
  const cases: { id: string; args: [string, string?, string?]; input: number[]; expected: [number, number, number][] }[] = [
    { id: 'tumbling window groupBy statement', args: ['10 seconds'], input: [1, 5, 12, 19, 20], expected: [[0, 10, 2], [10, 20, 2], [20, 30, 1]] },
    { id: 'sliding window grouping', args: ['10 seconds', '5 seconds'], input: [12], expected: [[5, 15, 1], [10, 20, 1]] },
    { id: 'tumbling window with start time', args: ['10 seconds', '10 seconds', '5 seconds'], input: [4, 5, 14, 15], expected: [[-5, 5, 1], [5, 15, 2], [15, 25, 1]] },
    { id: 'sliding window not a multiple of the slide', args: ['10 seconds', '3 seconds'], input: [13], expected: [[6, 16, 1], [9, 19, 1], [12, 22, 1]] },
    { id: 'negative timestamps', args: ['10 seconds'], input: [-1, -10, -11], expected: [[-20, -10, 1], [-10, 0, 2]] },
  ];
  for (const c of cases) {
    it(`${c.id}: windows and counts`, async () => {
      const df = events(c.input).groupBy(window('eventTime', ...c.args)).agg(count('*').alias('n'));
      const rows = seconds(await df.collect()).map((r) => [...(r['window'] as number[]), r['n']] as [number, number, number]);
      expect(rows.sort((a, b) => a[0] - b[0])).toEqual(c.expected);
    });
  }

  it('names the column window, a struct of two timestamps, and keeps an alias', async () => {
    const df = events([1]).groupBy(window('eventTime', '5 seconds'), 'v').count();
    expect(df.dtypes).toEqual([['window', 'struct<start:timestamp,end:timestamp>'], ['v', 'bigint'], ['count', 'bigint']]);
    const aliased = events([1]).groupBy(window('eventTime', '5 seconds').alias('w')).agg(sum('v').alias('s'));
    expect(aliased.columns).toEqual(['w', 's']);
    expect(await aliased.select(col('w').getField('end').cast('long').alias('end'), 's').collect()).toEqual([{ end: 5, s: 1 }]);
  });

  it('drops rows with a null event time', async () => {
    const spark = newSession();
    const df = spark.createDataFrame([{ t: 1 }, { t: null }], 't long').withColumn('eventTime', col('t').cast('timestamp'));
    expect(await df.groupBy(window('eventTime', '10 seconds')).count().collect()).toEqual([{ window: { start: 0, end: 10000 }, count: 1 }]);
  });

  it('refuses a slide longer than the window, a non-positive duration, a large start time and a non-timestamp column', () => {
    const df = events([1]);
    const messageOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(AnalysisException);
        return (e as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(messageOf(() => df.groupBy(window('eventTime', '5 seconds', '10 seconds')).count()))
      .toContain('The slide duration (10000 ms) must be less than or equal to the windowDuration (5000 ms).');
    expect(messageOf(() => df.groupBy(window('eventTime', '0 seconds')).count())).toContain('The window duration (0 ms) must be greater than 0.');
    expect(messageOf(() => df.groupBy(window('eventTime', '10 seconds', '5 seconds', '6 seconds')).count()))
      .toContain('The absolute value of start time (6000 ms) must be less than the slideDuration (5000 ms).');
    expect(messageOf(() => df.groupBy(window('v', '10 seconds')).count())).toContain('requires the "TIMESTAMP" type, however "v" has the type "BIGINT"');
  });

  it('refuses two window expressions in one grouping and a duration that is not an interval', () => {
    const df = events([1]);
    expect(() => df.groupBy(window('eventTime', '10 seconds'), window('eventTime', '5 seconds')).count())
      .toThrow('Multiple time/session window expressions would result in a cartesian product of rows');
    expect(() => window('eventTime', 'ten seconds')).toThrow(IllegalArgumentError);
  });

  fcIt.prop([fc.integer({ min: -100_000, max: 100_000 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: -19, max: 19 })])(
    'assigns a row to exactly the windows that contain it',
    async (t, w, s, st) => {
      fc.pre(s <= w && Math.abs(st) < s);
      const spark = newSession();
      const df = spark.createDataFrame([{ t }]).withColumn('eventTime', col('t').cast('timestamp'));
      const got = (await df.select(window('eventTime', `${w} milliseconds`, `${s} milliseconds`, `${st} milliseconds`)).collect())
        .map((r) => (r['window'] as { start: number }).start / 1000)
        .sort((a, b) => a - b);
      const tMs = t * 1000;
      const expected: number[] = [];
      for (let start = Math.floor((tMs - st - w + 1) / s) * s + st; start <= tMs; start += s) {
        if (start <= tMs && tMs < start + w && (start - st) % s === 0) expected.push(start / 1000);
      }
      expect(got).toEqual(expected);
      if (w % s === 0) expect(got.length).toBe(w / s);
    },
  );
});

describe('withWatermark arguments (EventTimeWatermarkSuite)', () => {
  it('error on bad column', () => {
    expect(() => events([1]).withWatermark('badColumn', '1 minute')).toThrow(/badColumn/);
  });

  it('error on wrong type', () => {
    const e = (() => {
      try {
        events([1]).withWatermark('v', '1 minute');
      } catch (error) {
        return error as AnalysisException;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(AnalysisException);
    expect(e?.errorClass).toBe('EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE');
    expect(e?.message).toContain('`v` has the invalid type "BIGINT"');
  });

  it('delay threshold should not be negative.', () => {
    const df = events([1]);
    for (const delay of ['-1 year', '1 year -13 months', '1 month -40 days', '-10 seconds']) {
      expect(() => df.withWatermark('eventTime', delay)).toThrow(`delay threshold (${delay}) should not be negative.`);
    }
  });

  it('EventTime watermark should be ignored in batch query.', async () => {
    const df = events([1, 2, 3]).withWatermark('eventTime', '1 minute').select('v');
    expect(await df.collect()).toEqual([{ v: 1 }, { v: 2 }, { v: 3 }]);
  });
});
