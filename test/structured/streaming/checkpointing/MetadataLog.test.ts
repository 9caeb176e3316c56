/**
 * The per-batch metadata log (Spark's HDFSMetadataLogSuite): one file per batch id, written once
 * and atomically, read back exactly, damaged files refused with the file named.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IllegalArgumentError, IllegalStateError } from '../../../../src/shared/errors.js';
import { CheckpointFileManager } from '../../../../src/structured/streaming/checkpointing/CheckpointFileManager.js';
import { MetadataLog } from '../../../../src/structured/streaming/checkpointing/MetadataLog.js';
import { jsonLinesSerializer, jsonSerializer } from '../../../../src/structured/streaming/checkpointing/versionedText.js';
import { caught, readText, tempDir } from '../support.js';

function newLog(dir = tempDir()): MetadataLog<{ n: number }> {
  return new MetadataLog(path.join(dir, 'log'), jsonSerializer<{ n: number }>(), { logName: 'test log' });
}

describe('MetadataLog', () => {
  it('writes one versioned file per batch id and reads it back', () => {
    const log = newLog();
    expect(log.add(0, { n: 10 })).toBe(true);
    expect(log.add(1, { n: 11 })).toBe(true);
    expect(readText(log.batchFile(0))).toBe('v1\n{"n":10}');
    expect(log.get(0)).toEqual({ n: 10 });
    expect(log.get(1)).toEqual({ n: 11 });
    expect(log.get(2)).toBeUndefined();
    expect(fs.readdirSync(log.dir).sort()).toEqual(['0', '1']);
  });

  it('never overwrites a batch: a second add returns false and keeps the first content', () => {
    const log = newLog();
    expect(log.add(3, { n: 1 })).toBe(true);
    expect(log.add(3, { n: 2 })).toBe(false);
    expect(readText(log.batchFile(3))).toBe('v1\n{"n":1}');
    expect(fs.readdirSync(log.dir)).toEqual(['3']);
  });

  it('returns the latest batch and its metadata', () => {
    const log = newLog();
    expect(log.getLatest()).toBeUndefined();
    expect(log.getLatestBatchId()).toBeUndefined();
    log.add(0, { n: 0 });
    log.add(2, { n: 2 });
    log.add(10, { n: 10 });
    expect(log.listBatches()).toEqual([0, 2, 10]);
    expect(log.getLatest()).toEqual({ batchId: 10, metadata: { n: 10 } });
  });

  it('returns ranges inclusive of both ends and refuses a range with a hole', () => {
    const log = newLog();
    for (let i = 0; i < 5; i++) log.add(i, { n: i * 10 });
    expect(log.getRange(1, 3)).toEqual([
      { batchId: 1, metadata: { n: 10 } },
      { batchId: 2, metadata: { n: 20 } },
      { batchId: 3, metadata: { n: 30 } },
    ]);
    expect(log.getRange(undefined, 1).map((e) => e.batchId)).toEqual([0, 1]);
    expect(log.getRange(3).map((e) => e.batchId)).toEqual([3, 4]);
    fs.rmSync(log.batchFile(2));
    const error = caught(() => log.getRange(1, 3));
    expect(error).toBeInstanceOf(IllegalStateError);
    expect(error.errorClass).toBe('CHECKPOINT_LOG_GAP');
    expect(error.message).toContain(`The test log in ${log.dir} is missing batch id 2`);
    expect(caught(() => log.getRange(3, 6)).message).toContain('missing batch ids 5, 6');
  });

  it('purges the batches below a threshold', () => {
    const log = newLog();
    for (let i = 0; i < 5; i++) log.add(i, { n: i });
    log.purge(3);
    expect(log.listBatches()).toEqual([3, 4]);
    expect(log.get(1)).toBeUndefined();
  });

  it('purges batch after batch as a query does once it has minBatchesToRetain, and finds a batch added below the threshold', () => {
    const log = newLog();
    for (let i = 0; i < 5; i++) log.add(i, { n: i });
    log.purge(2);
    log.add(5, { n: 5 });
    log.purge(3);
    log.add(6, { n: 6 });
    log.purge(5);
    expect(log.listBatches()).toEqual([5, 6]);
    log.add(1, { n: 1 });
    log.purge(6);
    expect(log.listBatches()).toEqual([6]);
  });

  it('ignores hidden temp files and names that are not batch ids', () => {
    const log = newLog();
    log.add(0, { n: 0 });
    fs.writeFileSync(path.join(log.dir, '.1.abc.tmp'), 'v1\n{"n":');
    fs.writeFileSync(path.join(log.dir, 'notes.txt'), 'hello');
    expect(log.listBatches()).toEqual([0]);
    expect(log.getLatest()).toEqual({ batchId: 0, metadata: { n: 0 } });
  });

  it('refuses a negative or fractional batch id', () => {
    const log = newLog();
    const error = caught(() => log.add(-1, { n: 0 }));
    expect(error).toBeInstanceOf(IllegalArgumentError);
    expect(error.message).toBe('Invalid batch id -1 for the test log: batch ids are non-negative integers (0, 1, 2, ...).');
    expect(caught(() => log.get(1.5)).errorClass).toBe('CHECKPOINT_INVALID_BATCH_ID');
  });

  it('writes lists of entries one JSON line each, and an empty list as the version line alone', () => {
    const log = new MetadataLog<{ path: string }[]>(path.join(tempDir(), 'files'), jsonLinesSerializer());
    log.add(0, [{ path: 'a' }, { path: 'b' }]);
    log.add(1, []);
    expect(readText(log.batchFile(0))).toBe('v1\n{"path":"a"}\n{"path":"b"}');
    expect(readText(log.batchFile(1))).toBe('v1');
    expect(log.get(0)).toEqual([{ path: 'a' }, { path: 'b' }]);
    expect(log.get(1)).toEqual([]);
  });
});

describe('MetadataLog damaged files', () => {
  const restart = 'Restore it from a backup or delete the checkpoint directory to start over (losing the query\'s progress).';

  function damaged(content: string): Error & { errorClass?: string } {
    const log = newLog();
    fs.mkdirSync(log.dir, { recursive: true });
    fs.writeFileSync(log.batchFile(3), content);
    return caught(() => log.get(3));
  }

  it('refuses a truncated file, naming the file and the line', () => {
    const error = damaged('v1\n{"n":');
    expect(error).toBeInstanceOf(IllegalStateError);
    expect(error.errorClass).toBe('CHECKPOINT_FILE_DAMAGED');
    expect(error.message).toMatch(/^The test log file .*\/log\/3 is damaged: line 2 is not JSON \(.*\): "\{\\"n\\":"\. /);
    expect(error.message.endsWith(restart)).toBe(true);
  });

  it('refuses an empty file and a file without a version line', () => {
    expect(damaged('').message).toContain('is damaged: it is empty. ');
    expect(damaged('{"n":1}').message).toContain('is damaged: its first line should be a version such as v1, but it is "{\\"n\\":1}". ');
  });

  it('refuses a version it does not know (v99) and says a newer version wrote it', () => {
    const error = damaged('v99\n{"n":1}');
    expect(error.errorClass).toBe('CHECKPOINT_FILE_DAMAGED');
    expect(error.message).toContain(
      'is damaged: its version line says v99, but this version of twinstream reads only up to v1 (the file was written by a newer version). '
        + 'Upgrade twinstream, or restore it from a backup or delete the checkpoint directory',
    );
  });

  it('refuses extra lines in a one-record file', () => {
    expect(damaged('v1\n{"n":1}\n{"n":2}').message).toContain('is damaged: it should have 2 lines, but has 3.');
  });

  it('getLatest reports a damaged latest file instead of skipping it', () => {
    const log = newLog();
    log.add(0, { n: 0 });
    fs.writeFileSync(log.batchFile(1), 'v1\n{');
    expect(caught(() => log.getLatest()).message).toContain(`The test log file ${log.batchFile(1)} is damaged`);
  });
});

describe('CheckpointFileManager', () => {
  it('creates atomically without replacing, or replaces when asked', () => {
    const fm = new CheckpointFileManager({ fsync: true });
    const file = path.join(tempDir(), 'a', 'b', 'f');
    expect(fm.createAtomic(file, 'one')).toBe(true);
    expect(fm.createAtomic(file, 'two')).toBe(false);
    expect(readText(file)).toBe('one');
    expect(fm.createAtomic(file, 'three', { overwrite: true })).toBe(true);
    expect(readText(file)).toBe('three');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['f']);
    expect(fm.readIfExists(`${file}x`)).toBeUndefined();
    expect(fm.list(path.join(path.dirname(file), 'none'))).toEqual([]);
  });
});
