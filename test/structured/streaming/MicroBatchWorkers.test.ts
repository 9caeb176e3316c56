import { afterEach, describe, expect, it } from 'vitest';
import { col, count, IllegalArgumentError, ManualClock, MemoryStream, SparkSession, StructType } from '../../../src/index.js';
import { caught, tempDir } from './support.js';

let spark: SparkSession | undefined;
afterEach(async () => {
  for (const q of spark?.streams.active ?? []) await q.stop();
  spark?.stop();
  spark = undefined;
});

function session(master: string): SparkSession {
  spark = SparkSession.builder().master(master).config('spark.sql.shuffle.partitions', 2).clock(new ManualClock(0)).getOrCreate();
  return spark;
}

describe('micro-batches across masters', () => {
  it('gives the same answers with 1 and 3 source partitions on local, local[2] and local-workers[2]', async () => {
    const answers: unknown[] = [];
    for (const [master, numPartitions] of [['local', 1], ['local[2]', 3], ['local-workers[2]', 3]] as const) {
      const s = session(master);
      const input = new MemoryStream<number>(new StructType().add('value', 'int'), { numPartitions });
      const q1 = input.toDF(s).where('value > 1').select(col('value').multiply(3).alias('t')).writeStream.format('memory').queryName('w1').start();
      const q2 = input.toDF(s).groupBy(col('value').mod(2).alias('p')).agg(count('*').alias('n'))
        .writeStream.format('memory').queryName('w2').outputMode('complete').option('checkpointLocation', tempDir()).start();
      input.addData(1, 2, 3, 4);
      await q1.processAllAvailable();
      await q2.processAllAvailable();
      answers.push([await s.table('w1').orderBy('t').collect(), await s.table('w2').orderBy('p').collect()]);
      s.stop();
      spark = undefined;
    }
    expect(answers[0]).toEqual([[{ t: 6 }, { t: 9 }, { t: 12 }], [{ p: 0, n: 2 }, { p: 1, n: 2 }]]);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('refuses a stream-stream join on worker executors at start, before any batch', () => {
    const s = session('local-workers[2]');
    const left = new MemoryStream<number>(new StructType().add('value', 'int')).toDF(s);
    const right = new MemoryStream<number>(new StructType().add('value', 'int')).toDF(s);
    const error = caught(() => left.join(right, 'value').writeStream.format('memory').queryName('w').start());
    expect(error).toBeInstanceOf(IllegalArgumentError);
    expect(error.errorClass).toBe('UNSUPPORTED_MASTER_FOR_DATAFRAMES');
    expect(error.message).toContain("cannot run on master 'local-workers[2]': the operator stream-stream join keeps state");
  });
});
