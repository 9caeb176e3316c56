/**
 * MemoryStream (Spark's MemorySourceStressSuite/StreamTest input) and the rate source (Spark's
 * RateStreamProviderSuite): exact offsets and rows per batch, on a ManualClock for the rate source.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IllegalArgumentError, IllegalStateError } from '../../../../src/shared/errors.js';
import { ManualClock } from '../../../../src/shared/util/Clock.js';
import { StructType } from '../../../../src/structured/types/StructType.js';
import { MemoryStream } from '../../../../src/structured/streaming/sources/MemoryStream.js';
import { RateSource, valueAtSecond } from '../../../../src/structured/streaming/sources/RateSource.js';
import { caught, readText, tempDir } from '../support.js';

describe('MemoryStream', () => {
  const schema = new StructType().add('value', 'int');

  it('gives LongOffsets counting addData calls from 0, and rows in (start, end] one partition per call', () => {
    const input = new MemoryStream<number | { value: number }>(schema);
    expect(input.latestOffset()).toBeUndefined();
    expect(input.addData(1, 2, 3)).toBe(0);
    expect(input.addData({ value: 4 })).toBe(1);
    expect(input.addData()).toBe(2);
    expect(input.latestOffset()).toBe(2);
    expect(input.getBatch(undefined, 1)).toEqual([[{ value: 1 }, { value: 2 }, { value: 3 }], [{ value: 4 }]]);
    expect(input.getBatch(0, 2)).toEqual([[{ value: 4 }], []]);
    expect(input.getBatch(2, 2)).toEqual([]);
    expect(input.toString()).toBe('MemoryStream[value]');
    expect(input.schema).toBe(schema);
  });

  it('spreads rows round-robin over numPartitions', () => {
    const input = new MemoryStream<number>(schema, { numPartitions: 2 });
    input.addData(1, 2, 3);
    input.addData(4, 5);
    expect(input.getBatch(undefined, 1)).toEqual([[{ value: 1 }, { value: 3 }, { value: 5 }], [{ value: 2 }, { value: 4 }]]);
  });

  it('drops committed batches and refuses to read them again', () => {
    const input = new MemoryStream<number>(schema);
    input.addData(1);
    input.addData(2);
    input.addData(3);
    input.commit(1);
    expect(input.getBatch(1, 2)).toEqual([[{ value: 3 }]]);
    const error = caught(() => input.getBatch(undefined, 2));
    expect(error).toBeInstanceOf(IllegalStateError);
    expect(error.message).toBe(
      'MemoryStream[value]: cannot return the rows in (-1, 2]: offsets up to 1 were committed and dropped, and the latest '
        + 'offset is 2. Batches must be read in order after commit().',
    );
    expect(caught(() => input.commit(0)).message).toBe('MemoryStream[value]: Offsets committed out of order: 1 followed by 0');
    expect(caught(() => input.getBatch(1, 5)).errorClass).toBe('SOURCE_OFFSET_OUT_OF_RANGE');
    expect(caught(() => input.getBatch(undefined, { logOffset: 1 })).message).toBe(
      'MemoryStream[value] cannot read offset {"logOffset":1}: its offsets are an integer (a LongOffset). The offset log may '
        + 'belong to another query; give this query its own checkpoint location.',
    );
  });
});

describe('RateSource', () => {
  it('computes the rows due with a linear ramp-up, as Spark\'s valueAtSecond', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((s) => valueAtSecond(s, 10, 4))).toEqual([0, 2, 6, 12, 20, 30, 40]);
    expect([0, 1, 2, 3].map((s) => valueAtSecond(s, 10, 0))).toEqual([0, 10, 20, 30]);
    // rowsPerSecond 10 over a ramp of 3: speed grows by 10 / 4 = 2 (integer division) per second.
    expect([1, 2, 3, 4].map((s) => valueAtSecond(s, 10, 3))).toEqual([2, 6, 12, 22]);
  });

  it('offers whole seconds since creation as offsets and nothing before the first second', () => {
    const clock = new ManualClock(5000);
    const source = new RateSource({ rowsPerSecond: 4, clock });
    expect(source.creationTimeMs).toBe(5000);
    expect(source.latestOffset()).toBeUndefined();
    clock.setTime(5999);
    expect(source.latestOffset()).toBeUndefined();
    clock.setTime(6000);
    expect(source.latestOffset()).toBe(1);
    clock.setTime(8500);
    expect(source.latestOffset()).toBe(3);
  });

  it('produces the due values with timestamps spread over the batch\'s seconds, dealt over partitions', () => {
    const clock = new ManualClock(1000);
    const source = new RateSource({ rowsPerSecond: 4, numPartitions: 2, clock });
    expect(source.getBatch(undefined, 1)).toEqual([
      [{ timestamp: 1000, value: 0 }, { timestamp: 1500, value: 2 }],
      [{ timestamp: 1250, value: 1 }, { timestamp: 1750, value: 3 }],
    ]);
    // Two seconds at once: 8 values over 2000 ms, 250 ms apart.
    expect(source.getBatch(1, 3).flat().sort((a, b) => (a.value as number) - (b.value as number))).toEqual(
      [4, 5, 6, 7, 8, 9, 10, 11].map((value, i) => ({ timestamp: 2000 + 250 * i, value })),
    );
    expect(source.getBatch(3, 3)).toEqual([]);
    expect(source.toString()).toBe('RateStreamV2[rowsPerSecond=4, rampUpTimeSeconds=0, numPartitions=2]');
    expect(source.schema.simpleString).toBe('struct<timestamp:timestamp,value:bigint>');
  });

  it('rounds timestamps as Spark does when rows do not divide the interval', () => {
    const source = new RateSource({ rowsPerSecond: 3, clock: new ManualClock(0) });
    expect(source.getBatch(undefined, 1)).toEqual([[{ timestamp: 0, value: 0 }, { timestamp: 333, value: 1 }, { timestamp: 667, value: 2 }]]);
  });

  it('keeps its start time in the checkpoint, so a restart continues the sequence', () => {
    const metadataPath = path.join(tempDir(), 'sources', '0');
    const clock = new ManualClock(10_000);
    const first = new RateSource({ rowsPerSecond: 1, clock, metadataPath });
    expect(readText(path.join(metadataPath, '0'))).toBe('v1\n10000');
    clock.setTime(13_000);
    expect(first.latestOffset()).toBe(3);
    const restarted = new RateSource({ rowsPerSecond: 1, clock, metadataPath });
    expect(restarted.creationTimeMs).toBe(10_000);
    expect(restarted.latestOffset()).toBe(3);
    expect(restarted.getBatch(2, 3)).toEqual([[{ timestamp: 12_000, value: 2 }]]);
  });

  it('refuses invalid options', () => {
    const error = caught(() => new RateSource({ rowsPerSecond: 0, clock: new ManualClock() }));
    expect(error).toBeInstanceOf(IllegalArgumentError);
    expect(error.message).toBe('Invalid value 0 for "rowsPerSecond" of the rate source: it must be positive.');
    expect(caught(() => new RateSource({ rampUpTimeSeconds: -1, clock: new ManualClock() })).message).toContain('it must not be negative');
  });
});
