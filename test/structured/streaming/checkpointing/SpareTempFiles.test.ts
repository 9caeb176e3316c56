import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { col } from '../../../../src/index.js';
import { unansweredSpareRequests } from '../../../../src/testing.js';
import { intStream, streamingSession } from '../querySupport.js';
import { tempDir } from '../support.js';

/** Every file under `dir` whose name starts with `.`, relative to `dir`. */
function hiddenFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => path.basename(f).startsWith('.')).sort();
}

describe('spare temp files of a micro-batch query', () => {
  it('are never listed while the query runs and none is left once it stops', async () => {
    const { spark, clock } = streamingSession();
    const input = intStream();
    const ckpt = tempDir();
    const query = input.toDF(spark).groupBy(col('value').mod(2).alias('parity')).count()
      .writeStream.format('memory').queryName('spares').outputMode('complete').option('checkpointLocation', ckpt).start();
    const unansweredBetweenBatches: number[] = [];
    for (let batch = 0; batch < 6; batch++) {
      input.addData(batch, batch + 1);
      await query.processAllAvailable();
      // Nothing is still being made: a caller may remove an idle query's checkpoint without racing the maker.
      unansweredBetweenBatches.push(unansweredSpareRequests());
      clock.advance(100);
    }
    expect(unansweredBetweenBatches).toEqual([0, 0, 0, 0, 0, 0]);
    // Hidden spares may sit beside the batch files now; the logs and a directory listing by name see the batches only.
    expect(fs.readdirSync(path.join(ckpt, 'offsets')).filter((f) => !f.startsWith('.')).sort()).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(hiddenFiles(ckpt).every((f) => f.endsWith('.spare.tmp'))).toBe(true);
    expect(query.lastProgress?.batchId).toBe(5);
    await query.stop();
    expect(hiddenFiles(ckpt)).toEqual([]);
    expect(fs.readdirSync(path.join(ckpt, 'commits')).sort()).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(await spark.table('spares').orderBy('parity').collect()).toEqual([{ parity: 0, count: 6 }, { parity: 1, count: 6 }]);
  });

  it('left behind by a process that died, are ignored by the restart', async () => {
    const { spark } = streamingSession();
    const input = intStream();
    const ckpt = tempDir();
    const start = () => input.toDF(spark).groupBy(col('value').mod(2).alias('parity')).count()
      .writeStream.format('memory').queryName('restarted').outputMode('complete').option('checkpointLocation', ckpt).start();
    let query = start();
    input.addData(1, 2, 3);
    await query.processAllAvailable();
    await query.stop();
    const strays = ['offsets', 'commits', path.join('state', '0', '0'), path.join('state', '0', '1')]
      .map((dir) => path.join(ckpt, dir, '.0b5e2d4c-stray.spare.tmp'));
    for (const stray of strays) fs.writeFileSync(stray, '');
    input.addData(5, 6);
    query = start();
    await query.processAllAvailable();
    expect(query.lastProgress?.batchId).toBe(1);
    expect(await spark.table('restarted').orderBy('parity').collect()).toEqual([{ parity: 0, count: 2 }, { parity: 1, count: 3 }]);
    await query.stop();
    // A restart does not delete what it did not make: the strays stay hidden, as Spark leaves its temp files.
    expect(hiddenFiles(ckpt)).toEqual(strays.map((f) => path.relative(ckpt, f)).sort());
  });
});
