/**
 * A stream-static broadcast hash join on worker-thread executors: the static table's hash table
 * reaches the executors as one broadcast variable for every batch of a query (and for a second
 * query over the same static table), fused or not, with one or several rows per key, and every
 * batch's rows are exactly those local[2] gives. An executor that replaces a lost one gets the
 * table again with its first task.
 */
import { describe, expect, it, vi } from 'vitest';
import { col, MemoryStream, StructType, type DataFrame, type SparkSession } from '../../../src/index.js';
import { AddData, CheckNewAnswer, StopStream, testStream, type StreamAction } from '../../../src/testing.js';
import { killOnFirstTaskEnd } from '../../support/killExecutor.js';
import { MASTERS, sessionOn } from './support.js';

/** Ads keyed by id; with `repeated`, ad 1 has a second campaign (the probe then loops over a bucket). */
function ads(spark: SparkSession, repeated: boolean): DataFrame {
  const rows: unknown[][] = [
    [0, 'c0'],
    [1, 'c1'],
    [2, 'c2'],
    [null, 'cnull'],
  ];
  if (repeated) rows.push([1, 'c1b']);
  return spark.createDataFrame(rows, 'ad INT, campaign STRING');
}

/** Runs `script` (the join of an ad stream with ads) on each master; returns the broadcasts each created. */
async function joinOnBothMasters(
  options: { wholeStage: boolean; repeated: boolean; joinType: 'inner' | 'left' },
  script: (input: MemoryStream<number>) => StreamAction[],
  queries = 1,
): Promise<number[]> {
  const created: number[] = [];
  for (const master of MASTERS) {
    const spark = sessionOn(master, { 'spark.sql.codegen.wholeStage': options.wholeStage });
    try {
      const broadcast = vi.spyOn(spark.sparkContext, 'broadcast');
      const table = ads(spark, options.repeated);
      for (let q = 0; q < queries; q++) {
        const input = new MemoryStream<number>(new StructType().add('value', 'int'), { numPartitions: 2 });
        const joined = input.toDF(spark).select(col('value').alias('ad')).join(table, 'ad', options.joinType);
        await testStream(joined, 'append', script(input));
      }
      created.push(broadcast.mock.calls.length);
    } finally {
      spark.stop();
    }
  }
  return created;
}

const threeBatches = (input: MemoryStream<number>): StreamAction[] => [
  AddData(input, 0, 1, 5),
  CheckNewAnswer([0, 'c0'], [1, 'c1']),
  AddData(input, 2, 2, 7),
  CheckNewAnswer([2, 'c2'], [2, 'c2']),
  AddData(input, 1, 0),
  CheckNewAnswer([1, 'c1'], [0, 'c0']),
  StopStream,
];

describe.each([true, false])('stream-static broadcast join on local-workers[2] (whole-stage codegen %s)', (wholeStage) => {
  it('joins every batch exactly and broadcasts the table once for all batches', async () => {
    const created = await joinOnBothMasters({ wholeStage, repeated: false, joinType: 'inner' }, threeBatches);
    expect(created).toEqual([0, 1]); // local[2] references the table in place; the workers get one broadcast
  });

  it('repeats a row for every build row of its key, with one broadcast', async () => {
    const created = await joinOnBothMasters({ wholeStage, repeated: true, joinType: 'inner' }, (input) => [
      AddData(input, 1, 2),
      CheckNewAnswer([1, 'c1'], [1, 'c1b'], [2, 'c2']),
      AddData(input, 1, 9),
      CheckNewAnswer([1, 'c1'], [1, 'c1b']),
      StopStream,
    ]);
    expect(created).toEqual([0, 1]);
  });

  it('left outer join keeps unmatched rows with nulls, with one broadcast', async () => {
    const created = await joinOnBothMasters({ wholeStage, repeated: false, joinType: 'left' }, (input) => [
      AddData(input, 0, 5),
      CheckNewAnswer([0, 'c0'], [5, null]),
      AddData(input, 7, 2),
      CheckNewAnswer([7, null], [2, 'c2']),
      StopStream,
    ]);
    expect(created).toEqual([0, 1]);
  });

  it('a second query over the same static table reuses the first one\'s broadcast after the first stopped', async () => {
    const created = await joinOnBothMasters({ wholeStage, repeated: false, joinType: 'inner' }, threeBatches, 2);
    expect(created).toEqual([0, 1]);
  });
});

describe('stream-static broadcast join when an executor is lost', () => {
  it('sends the table to the replacement executor with its first task; every batch is exact', { timeout: 60_000 }, async () => {
    const spark = sessionOn('local-workers[2]');
    try {
      const broadcast = vi.spyOn(spark.sparkContext, 'broadcast');
      const input = new MemoryStream<number>(new StructType().add('value', 'int'), { numPartitions: 2 });
      const query = input.toDF(spark).select(col('value').alias('ad')).join(ads(spark, false), 'ad')
        .writeStream.format('memory').queryName('broadcast_loss').outputMode('append').start();
      const batches = [[0, 1, 5], [2, 1], [0, 2, 9, 1]];
      input.addData(...batches[0]!);
      await query.processAllAvailable(); // both executors now hold the table
      const before = spark.sparkContext.executorIds;
      const killer = killOnFirstTaskEnd(spark.sparkContext);
      input.addData(...batches[1]!);
      await query.processAllAvailable();
      killer.stop();
      const ranOn = new Set<string>();
      const tasks = spark.sparkContext.listenerBus.addListener({ onTaskEnd: (e) => ranOn.add(e.taskInfo.executorId) });
      input.addData(...batches[2]!);
      await query.processAllAvailable();
      tasks.unsubscribe();
      const rows = (await spark.table('broadcast_loss').collect()).map((r) => [r['ad'], r['campaign']]);
      expect(rows.sort((a, b) => String(a).localeCompare(String(b)))).toEqual([
        [0, 'c0'], [0, 'c0'], [1, 'c1'], [1, 'c1'], [1, 'c1'], [2, 'c2'], [2, 'c2'],
      ]);
      expect(spark.sparkContext.executorIds).not.toContain(killer.killed());
      // The last batch ran on the replacement, which had never received the table.
      const replacement = spark.sparkContext.executorIds.filter((id) => !before.includes(id));
      expect(replacement).toHaveLength(1);
      expect(ranOn).toContain(replacement[0]);
      expect(broadcast).toHaveBeenCalledTimes(1);
      await query.stop();
    } finally {
      spark.stop();
    }
  });
});
