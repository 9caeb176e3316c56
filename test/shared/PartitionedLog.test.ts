/**
 * The partitioned log both engines replay, in memory and durable. Durable cases run in a fresh
 * temporary directory and reopen it to check what survives.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OffsetRange } from '../../src/shared/log/OffsetRange.js';
import { PartitionedLog } from '../../src/shared/log/PartitionedLog.js';
import { IllegalArgumentError, IllegalStateError } from '../../src/shared/errors.js';

const tempDirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinstream-log-'));
  tempDirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function caught(action: () => unknown): Error & { errorClass?: string } {
  try {
    action();
  } catch (error) {
    return error as Error & { errorClass?: string };
  }
  throw new Error('expected an error');
}

describe('PartitionedLog in memory', () => {
  it('assigns per-partition offsets from 0 and reads half-open ranges', () => {
    const log = PartitionedLog.open();
    log.createTopic('events', 2);
    expect(log.append('events', 0, ['a', 'b', 'c'])).toEqual({ firstOffset: 0, lastOffset: 2 });
    expect(log.append('events', 1, ['x'])).toEqual({ firstOffset: 0, lastOffset: 0 });
    expect(log.append('events', 0, ['d'])).toEqual({ firstOffset: 3, lastOffset: 3 });
    expect(log.append('events', 1, [])).toEqual({ firstOffset: 1, lastOffset: 0 });
    expect(log.read('events', 0, 1, 3)).toEqual(['b', 'c']);
    expect(log.read('events', 0, 0, 4)).toEqual(['a', 'b', 'c', 'd']);
    expect(log.read('events', 1, 1, 1)).toEqual([]);
    expect(log.readRange(new OffsetRange('events', 0, 2, 4))).toEqual(['c', 'd']);
    expect(log.latestOffsets('events')).toEqual([4, 1]);
    expect(log.earliestOffsets('events')).toEqual([0, 0]);
    expect(log.topics()).toEqual(['events']);
    expect(log.numPartitions('events')).toBe(2);
  });

  it('partitions keyed records as Kafka does: toPositive(murmur2(key)) % n', () => {
    const log = PartitionedLog.open();
    log.createTopic('keyed', 5);
    // murmur2 values from Kafka's UtilsTest: "21" -> -973932308, "foobar" -> -790332482, "abc" -> 479470107.
    // So "21" -> 1173551340 % 5 = 0, "foobar" -> 1357151166 % 5 = 1, "abc" -> 479470107 % 5 = 2.
    expect(log.appendKeyed('keyed', '21', 1)).toEqual({ partition: 0, offset: 0 });
    expect(log.appendKeyed('keyed', 'foobar', 2)).toEqual({ partition: 1, offset: 0 });
    expect(log.appendKeyed('keyed', 'abc', 3)).toEqual({ partition: 2, offset: 0 });
    expect(log.appendKeyed('keyed', 21, 4)).toEqual({ partition: 0, offset: 1 });
    expect(log.latestOffsets('keyed')).toEqual([2, 1, 1, 0, 0]);
    expect(log.read('keyed', 0, 0, 2)).toEqual([1, 4]);
  });

  it('moves the earliest offset up on retention and reports lost offsets', () => {
    const log = PartitionedLog.open();
    log.createTopic('t', 1);
    log.append('t', 0, [0, 1, 2, 3, 4, 5]);
    log.truncateBefore('t', 0, 4);
    log.truncateBefore('t', 0, 2); // below the earliest offset: nothing happens
    expect(log.earliestOffsets('t')).toEqual([4]);
    expect(log.latestOffsets('t')).toEqual([6]);
    expect(log.read('t', 0, 4, 6)).toEqual([4, 5]);
    expect(log.append('t', 0, [6])).toEqual({ firstOffset: 6, lastOffset: 6 });
    const error = caught(() => log.read('t', 0, 1, 5));
    expect(error).toBeInstanceOf(IllegalStateError);
    expect(error.errorClass).toBe('LOG_DATA_LOSS');
    expect(error.message).toBe('Cannot read topic "t" partition 0 from offset 1: the earliest available offset is 4, '
      + 'because retention (truncateBefore) removed the records before it, so offsets 1 to 3 are lost. Read from '
      + 'offset 4 or later; a streaming source with failOnDataLoss=false skips to it.');
    log.truncateBefore('t', 0, 7);
    expect(log.read('t', 0, 7, 7)).toEqual([]);
    expect(caught(() => log.truncateBefore('t', 0, 8)).message).toBe('Offset 8 is beyond the end of topic "t" '
      + 'partition 0, whose latest offset is 7. Offsets up to the latest offset (latestOffsets) are valid; later '
      + 'records have not been appended yet.');
  });

  it('names unknown topics, bad partitions and bad ranges', () => {
    const log = PartitionedLog.open();
    log.createTopic('b', 1);
    log.createTopic('a', 3);
    const unknown = caught(() => log.append('c', 0, [1]));
    expect(unknown).toBeInstanceOf(IllegalArgumentError);
    expect(unknown.errorClass).toBe('LOG_UNKNOWN_TOPIC');
    expect(unknown.message).toBe('Unknown topic "c" in the partitioned log; existing topics: "a", "b". '
      + 'Create it first with createTopic("c", numPartitions).');
    expect(caught(() => log.read('a', 3, 0, 0)).message).toBe('Partition 3 does not exist in topic "a", which has '
      + '3 partition(s): use 0 to 2.');
    expect(caught(() => log.read('a', 0, 2, 1)).message).toBe('Invalid offset range [2, 1) for topic "a" partition 0: '
      + 'the partition must be a non-negative integer and the offsets integers with 0 <= fromOffset <= untilOffset.');
    expect(caught(() => log.read('a', 0, 0, 1)).errorClass).toBe('LOG_OFFSET_BEYOND_END');
    expect(caught(() => log.createTopic('a', 2)).message).toBe('Topic "a" already exists with 3 partition(s). '
      + 'Use it as it is, or choose another name.');
    expect(caught(() => log.createTopic('x/y', 1)).errorClass).toBe('LOG_INVALID_TOPIC_NAME');
    expect(caught(() => log.createTopic('z', 0)).errorClass).toBe('LOG_INVALID_PARTITION_COUNT');
    expect(caught(() => PartitionedLog.open().read('none', 0, 0, 0)).message).toContain('existing topics: (none).');
  });

  it('describes an offset range as Spark does and counts it', () => {
    const range = new OffsetRange('events', 1, 100, 150);
    expect(range.count).toBe(50);
    expect(String(range)).toBe("OffsetRange(topic: 'events', partition: 1, range: [100 -> 150])");
    expect(structuredClone(range)).toEqual({ topic: 'events', partition: 1, fromOffset: 100, untilOffset: 150, count: 50 });
  });
});

describe('PartitionedLog on disk', () => {
  it('restores topics, records and offsets when the directory is reopened', () => {
    const dir = tempDir();
    const log = PartitionedLog.open(dir, { fsync: true });
    log.createTopic('events', 2);
    log.createTopic('empty', 1);
    log.append('events', 0, [{ user: 'a', n: 1 }, { user: 'b', n: 2 }]);
    log.append('events', 1, ['line\nbreak', null, [1, 2]]);
    log.append('events', 0, [{ user: 'c', n: 3 }]);
    log.close();

    const reopened = PartitionedLog.open(dir);
    expect(reopened.topics()).toEqual(['empty', 'events']);
    expect(reopened.numPartitions('events')).toBe(2);
    expect(reopened.latestOffsets('events')).toEqual([3, 3]);
    expect(reopened.latestOffsets('empty')).toEqual([0]);
    expect(reopened.read('events', 0, 0, 3)).toEqual([{ user: 'a', n: 1 }, { user: 'b', n: 2 }, { user: 'c', n: 3 }]);
    expect(reopened.read('events', 1, 0, 3)).toEqual(['line\nbreak', null, [1, 2]]);
    expect(reopened.append('events', 1, ['more'])).toEqual({ firstOffset: 3, lastOffset: 3 });
    reopened.close();
    expect(fs.readFileSync(path.join(dir, 'events', '1', '00000000000000000000.jsonl'), 'utf8'))
      .toBe('"line\\nbreak"\nnull\n[1,2]\n"more"\n');
  });

  it('keeps the earliest offset after retention across a reopen', () => {
    const dir = tempDir();
    const log = PartitionedLog.open(dir);
    log.createTopic('t', 1);
    log.append('t', 0, ['r0', 'r1', 'r2', 'r3']);
    log.truncateBefore('t', 0, 3);
    log.append('t', 0, ['r4']);
    log.close();
    expect(fs.readdirSync(path.join(dir, 't', '0'))).toEqual(['00000000000000000003.jsonl']);

    const reopened = PartitionedLog.open(dir);
    expect(reopened.earliestOffsets('t')).toEqual([3]);
    expect(reopened.latestOffsets('t')).toEqual([5]);
    expect(reopened.read('t', 0, 3, 5)).toEqual(['r3', 'r4']);
    expect(caught(() => reopened.read('t', 0, 0, 5)).errorClass).toBe('LOG_DATA_LOSS');
    reopened.close();
  });

  it('recovers from a truncation interrupted after its rename', () => {
    const dir = tempDir();
    const log = PartitionedLog.open(dir);
    log.createTopic('t', 1);
    log.append('t', 0, ['r0', 'r1', 'r2']);
    log.close();
    // The crash left the old segment and a temporary file next to the renamed new segment.
    const partitionDir = path.join(dir, 't', '0');
    fs.writeFileSync(path.join(partitionDir, '00000000000000000002.jsonl'), '"r2"\n');
    fs.writeFileSync(path.join(partitionDir, '00000000000000000001.jsonl.tmp'), '"r1"\n');

    const reopened = PartitionedLog.open(dir);
    expect(reopened.earliestOffsets('t')).toEqual([2]);
    expect(reopened.read('t', 0, 2, 3)).toEqual(['r2']);
    expect(fs.readdirSync(partitionDir)).toEqual(['00000000000000000002.jsonl']);
    reopened.close();
  });

  it('names the file and line of a corrupt record', () => {
    const dir = tempDir();
    const log = PartitionedLog.open(dir);
    log.createTopic('t', 1);
    log.append('t', 0, [1, 2]);
    log.close();
    const file = path.join(dir, 't', '0', '00000000000000000000.jsonl');
    fs.appendFileSync(file, '{"broken": \n');

    const reopened = PartitionedLog.open(dir);
    const error = caught(() => reopened.read('t', 0, 0, 1));
    expect(error).toBeInstanceOf(IllegalStateError);
    expect(error.errorClass).toBe('LOG_CORRUPT_FILE');
    expect(error.message).toMatch(new RegExp(`^Corrupt record in partitioned log file ${file.replace(/[.\\]/g, '\\$&')} `
      + 'at line 3: .+\\. Every line must be one JSON record\\.'));
    reopened.close();
  });

  it('rejects a batch holding a record that is not JSON, appending none of it', () => {
    const log = PartitionedLog.open(tempDir());
    log.createTopic('t', 1);
    const error = caught(() => log.append('t', 0, [1, undefined, 3]));
    expect(error.errorClass).toBe('LOG_RECORD_NOT_JSON');
    expect(error.message).toBe('Cannot append record 1 of the batch to topic "t" partition 0: a durable log stores '
      + 'records as JSON, and this one is not JSON (JSON.stringify gives nothing for undefined). Append plain '
      + 'objects, arrays, strings, numbers, booleans or null.');
    expect(log.latestOffsets('t')).toEqual([0]);
    log.close();
    expect(caught(() => log.topics()).errorClass).toBe('LOG_CLOSED');
  });
});
