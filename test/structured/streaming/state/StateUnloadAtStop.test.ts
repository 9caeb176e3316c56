/**
 * A stopped query's state stores leave this thread's memory: their loaded versions are dropped at
 * stop() and a restart reads the state back from the checkpoint's files.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { col, count, type Row } from '../../../../src/index.js';
import { loadedStateStoreProviders } from '../../../../src/testing.js';
import { intStream, streamingSession } from '../querySupport.js';
import { tempDir } from '../support.js';

describe('state stores of a stopped query', () => {
  it('are unloaded at stop(), and a restart continues from the files with the same counts', async () => {
    const { spark } = streamingSession();
    const input = intStream();
    const ckpt = tempDir();
    const stateDir = `${path.resolve(ckpt)}/state`;
    const start = (name: string) => input.toDF(spark).groupBy(col('value').mod(2).alias('parity')).agg(count('*').alias('n'))
      .writeStream.format('memory').queryName(name).outputMode('complete').option('checkpointLocation', ckpt).start();
    const rowsOf = async (name: string) => ((await spark.table(name).collect()) as Row[]).map((r) => [r['parity'], r['n']]).sort();

    const first = start('counts1');
    input.addData(1, 2, 3);
    await first.processAllAvailable();
    expect(loadedStateStoreProviders(stateDir)).toBe(2);
    await first.stop();
    expect(loadedStateStoreProviders(stateDir)).toBe(0);

    const second = start('counts2');
    input.addData(5, 6);
    await second.processAllAvailable();
    expect(await rowsOf('counts2')).toEqual([[0, 2], [1, 3]]);
    await second.stop();
    expect(loadedStateStoreProviders(stateDir)).toBe(0);
  });
});
