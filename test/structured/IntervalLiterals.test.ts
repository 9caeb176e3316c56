import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, SparkSession, StructType, expr } from '../../src/index.js';

describe('INTERVAL literals in SQL expressions', () => {
  let spark: SparkSession | undefined;
  afterEach(async () => spark?.stop());

  const times = () => {
    spark = SparkSession.builder().master('local').clock(new ManualClock()).getOrCreate();
    return spark.createDataFrame([{ t: 10_000 }], new StructType().add('t', 'timestamp'));
  };

  it('adds and subtracts INTERVAL n unit and INTERVAL \'n unit\' to a timestamp', async () => {
    const rows = await times()
      .selectExpr("t + interval 10 seconds AS later", "t - INTERVAL '1 minute' AS earlier", 't + interval 2 hours - interval 1 hour AS hour')
      .collect();
    expect(rows).toEqual([{ later: 20_000, earlier: -50_000, hour: 3_610_000 }]);
  });

  it('writes a time-range condition the way Spark\'s join guide does', async () => {
    const rows = await times().where(expr('t <= t + interval 1 hour AND t >= t - interval 1 hour')).count();
    expect(rows).toBe(1);
  });

  it('names the problem when INTERVAL is not followed by a length', () => {
    expect(() => times().selectExpr('t + interval seconds')).toThrow(/a number or a quoted interval after INTERVAL/);
  });
});
