import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStreamSink, ManualClock, SparkSession, StructType } from '../../src/index.js';

describe('batch reads of a directory written by a streaming file sink', () => {
  let spark: SparkSession | undefined;
  afterEach(async () => spark?.stop());

  it('reads only the files the sink committed in _spark_metadata, not a part file of an unfinished batch', async () => {
    spark = SparkSession.builder().master('local[2]').clock(new ManualClock()).getOrCreate();
    const dir = mkdtempSync(join(tmpdir(), 'sink-read-'));
    const schema = new StructType().add('v', 'string');
    const sink = new FileStreamSink({ path: dir, format: 'json', schema });
    sink.addBatch(0, [[{ v: 'a' }], [{ v: 'b' }]]);
    writeFileSync(join(dir, 'part-00000-uncommitted-c000.json'), '{"v":"ghost"}\n');

    const rows = await spark.read.schema(schema).json(dir).orderBy('v').collect();

    expect(rows).toEqual([{ v: 'a' }, { v: 'b' }]);
  });
});
