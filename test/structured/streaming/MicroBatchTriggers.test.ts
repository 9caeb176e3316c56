import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Trigger } from '../../../src/index.js';
import { intStream, streamingSession } from './querySupport.js';
import { tempDir } from './support.js';

describe('triggers', () => {
  it('default trigger: runs the next batch as soon as there is new data, and none without', async () => {
    const { spark } = streamingSession();
    const input = intStream();
    const query = input.toDF(spark).writeStream.format('memory').queryName('d').start();
    await query.processAllAvailable();
    expect(query.lastProgress).toBeNull();
    input.addData(1);
    input.addData(2);
    await query.processAllAvailable();
    expect(query.recentProgress.map((p) => [p.batchId, p.numInputRows])).toEqual([[0, 2]]);
    await query.processAllAvailable();
    expect(query.recentProgress).toHaveLength(1);
  });

  it('ProcessingTime: one batch per interval on the clock, with the data that arrived meanwhile', async () => {
    const { spark, clock } = streamingSession();
    const input = intStream();
    const query = input.toDF(spark).writeStream.format('memory').queryName('pt').trigger(Trigger.ProcessingTime('1 second')).start();
    input.addData(1);
    await waitForClock(query, clock);
    expect(query.lastProgress?.batchId).toBe(0); // the first trigger runs at once, at time 0
    input.addData(2);
    input.addData(3);
    clock.advance(999);
    await waitForClock(query, clock);
    expect(await spark.table('pt').collect()).toEqual([{ value: 1 }]);
    clock.advance(1);
    while (query.lastProgress?.batchId !== 1) await query.execution.nextChange();
    expect(query.recentProgress.map((p) => [p.batchId, p.numInputRows, p.timestamp])).toEqual([
      [0, 1, '1970-01-01T00:00:00.000Z'],
      [1, 2, '1970-01-01T00:00:01.000Z'],
    ]);
  });

  it('Once: one batch with everything available, then the query stops by itself', async () => {
    const { spark } = streamingSession();
    const input = intStream();
    input.addData(1, 2);
    input.addData(3);
    const query = input.toDF(spark).writeStream.format('memory').queryName('once').trigger(Trigger.Once()).start();
    expect(await query.awaitTermination()).toBe(true);
    expect(query.isActive).toBe(false);
    expect(query.recentProgress.map((p) => [p.batchId, p.numInputRows])).toEqual([[0, 3]]);
    expect(await spark.table('once').count()).toBe(3);
  });

  it('AvailableNow: what is there at start, in as many batches as maxFilesPerTrigger allows, then stop', async () => {
    const { spark } = streamingSession();
    const dir = tempDir();
    for (const name of ['a', 'b', 'c']) fs.writeFileSync(path.join(dir, `${name}.txt`), `${name}1\n${name}2\n`);
    const query = spark.readStream.option('maxFilesPerTrigger', 2).text(dir)
      .writeStream.format('memory').queryName('an').trigger(Trigger.AvailableNow()).option('checkpointLocation', tempDir()).start();
    await query.awaitTermination();
    expect(query.recentProgress.map((p) => [p.batchId, p.numInputRows])).toEqual([[0, 4], [1, 2]]);
    expect((await spark.table('an').collect()).map((r) => r.value).sort()).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'c2']);
  });

  it('awaitTermination with a timeout resolves false on the clock while the query runs', async () => {
    const { spark, clock } = streamingSession();
    const query = intStream().toDF(spark).writeStream.format('memory').queryName('t').start();
    const waiting = query.awaitTermination(5000);
    clock.advance(5000);
    expect(await waiting).toBe(false);
    await query.stop();
    expect(await query.awaitTermination(1)).toBe(true);
  });
});

/** Waits until the query is blocked on the clock for its next trigger. */
async function waitForClock(query: { execution: { isWaitingForTrigger: boolean; nextChange(): Promise<void> } }, _clock: unknown): Promise<void> {
  while (!query.execution.isWaitingForTrigger) await query.execution.nextChange();
}
