/**
 * The checkpoint's own files in Spark's layout: offsets/<batch>, commits/<batch>, metadata, and
 * the run lock. File contents are compared byte for byte.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IllegalStateError } from '../../../../src/shared/errors.js';
import { CheckpointLock } from '../../../../src/structured/streaming/checkpointing/CheckpointLock.js';
import { CommitLog } from '../../../../src/structured/streaming/checkpointing/CommitLog.js';
import { OffsetSeqLog } from '../../../../src/structured/streaming/checkpointing/OffsetSeqLog.js';
import { StreamMetadataFile } from '../../../../src/structured/streaming/checkpointing/StreamMetadata.js';
import { caught, readText, tempDir } from '../support.js';

describe('OffsetSeqLog', () => {
  it('writes offsets/<batch> as v1, the batch metadata line, then one line per source', () => {
    const ckpt = tempDir();
    const log = new OffsetSeqLog(ckpt);
    log.add(0, {
      offsets: [3, { logOffset: 0 }, undefined, { events: { 0: 23, 1: 5 } }],
      metadata: { batchWatermarkMs: 0, batchTimestampMs: 1000, conf: { 'spark.sql.shuffle.partitions': '2' } },
    });
    expect(readText(path.join(ckpt, 'offsets', '0'))).toBe(
      'v1\n{"batchWatermarkMs":0,"batchTimestampMs":1000,"conf":{"spark.sql.shuffle.partitions":"2"}}\n'
        + '3\n{"logOffset":0}\n-\n{"events":{"0":23,"1":5}}',
    );
    expect(log.get(0)).toEqual({
      offsets: [3, { logOffset: 0 }, undefined, { events: { 0: 23, 1: 5 } }],
      metadata: { batchWatermarkMs: 0, batchTimestampMs: 1000, conf: { 'spark.sql.shuffle.partitions': '2' } },
    });
  });

  it('reads a file Spark wrote, defaulting missing metadata fields as Spark does', () => {
    const ckpt = tempDir();
    fs.mkdirSync(path.join(ckpt, 'offsets'));
    fs.writeFileSync(path.join(ckpt, 'offsets', '7'), 'v1\n{"batchWatermarkMs":5000}\n12');
    expect(new OffsetSeqLog(ckpt).getLatest()).toEqual({
      batchId: 7,
      metadata: { offsets: [12], metadata: { batchWatermarkMs: 5000, batchTimestampMs: 0, conf: {} } },
    });
  });

  it('names the damaged offset file and the fix', () => {
    const ckpt = tempDir();
    fs.mkdirSync(path.join(ckpt, 'offsets'));
    const file = path.join(ckpt, 'offsets', '3');
    fs.writeFileSync(file, 'v1\n{"batchWatermarkMs":0,"batchTimestampMs":1,"conf":{}}\n{"logOff');
    const error = caught(() => new OffsetSeqLog(ckpt).get(3));
    expect(error).toBeInstanceOf(IllegalStateError);
    expect(error.message).toMatch(
      new RegExp(`^The offset log file ${file} is damaged: line 3 is not JSON \\(.*\\): "\\{\\\\"logOff"\\. Restore it from a backup `
        + 'or delete the checkpoint directory to start over \\(losing the query\'s progress\\)\\.$'),
    );
    fs.writeFileSync(file, 'v1');
    expect(caught(() => new OffsetSeqLog(ckpt).get(3)).message).toContain(
      `The offset log file ${file} is damaged: it ends after the version line, before the batch metadata line.`,
    );
    fs.writeFileSync(file, 'v1\n{"batchWatermarkMs":"x"}');
    expect(caught(() => new OffsetSeqLog(ckpt).get(3)).message).toContain(
      'is damaged: line 2 (the batch metadata) has a batchWatermarkMs that is not a number.',
    );
    fs.writeFileSync(file, 'v2\n{}');
    expect(caught(() => new OffsetSeqLog(ckpt).get(3)).message).toContain('its version line says v2, but this version of twinstream reads only up to v1');
  });
});

describe('CommitLog', () => {
  it('writes commits/<batch> as v1 and the next batch watermark', () => {
    const ckpt = tempDir();
    const log = new CommitLog(ckpt);
    expect(log.add(0, { nextBatchWatermarkMs: 0 })).toBe(true);
    expect(log.add(1, { nextBatchWatermarkMs: 15000 })).toBe(true);
    expect(log.add(1, { nextBatchWatermarkMs: 99 })).toBe(false);
    expect(readText(path.join(ckpt, 'commits', '0'))).toBe('v1\n{"nextBatchWatermarkMs":0}');
    expect(readText(path.join(ckpt, 'commits', '1'))).toBe('v1\n{"nextBatchWatermarkMs":15000}');
    expect(log.getLatest()).toEqual({ batchId: 1, metadata: { nextBatchWatermarkMs: 15000 } });
  });

  it('refuses a commit file without the watermark', () => {
    const ckpt = tempDir();
    fs.mkdirSync(path.join(ckpt, 'commits'));
    fs.writeFileSync(path.join(ckpt, 'commits', '0'), 'v1\n{}');
    expect(caught(() => new CommitLog(ckpt).get(0)).message).toBe(
      `The commit log file ${path.join(ckpt, 'commits', '0')} is damaged: line 2 has no numeric nextBatchWatermarkMs. `
        + 'Restore it from a backup or delete the checkpoint directory to start over (losing the query\'s progress).',
    );
  });
});

describe('StreamMetadataFile', () => {
  it('writes the query id once and keeps it across restarts', () => {
    const ckpt = tempDir();
    expect(StreamMetadataFile.read(ckpt)).toBeUndefined();
    expect(StreamMetadataFile.readOrCreate(ckpt, () => 'query-1')).toEqual({ id: 'query-1' });
    expect(readText(path.join(ckpt, 'metadata'))).toBe('{"id":"query-1"}');
    expect(StreamMetadataFile.readOrCreate(ckpt, () => 'query-2')).toEqual({ id: 'query-1' });
  });

  it('creates a random UUID by default', () => {
    const { id } = StreamMetadataFile.readOrCreate(tempDir());
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('refuses a damaged metadata file', () => {
    const ckpt = tempDir();
    fs.writeFileSync(path.join(ckpt, 'metadata'), '{"id":');
    expect(caught(() => StreamMetadataFile.read(ckpt)).message).toMatch(/^The checkpoint metadata file .*\/metadata is damaged: it is not JSON/);
    fs.writeFileSync(path.join(ckpt, 'metadata'), '{"name":"x"}');
    expect(caught(() => StreamMetadataFile.read(ckpt)).message).toContain('is damaged: it should be {"id":"<query id>"}.');
  });
});

describe('CheckpointLock', () => {
  it('refuses a second run on the same checkpoint, naming the checkpoint and the other run', () => {
    const ckpt = tempDir();
    const first = CheckpointLock.acquire(ckpt, 'run-a');
    expect(JSON.parse(readText(path.join(ckpt, 'lock')))).toEqual({ runId: 'run-a', pid: process.pid });
    const error = caught(() => CheckpointLock.acquire(ckpt, 'run-b'));
    expect(error).toBeInstanceOf(IllegalStateError);
    expect(error.errorClass).toBe('CONCURRENT_QUERY');
    expect(error.message).toBe(
      `Cannot start a query on checkpoint ${ckpt}: another run (runId run-a) is already active on it, as its lock file `
        + `${path.join(ckpt, 'lock')} shows. Two runs on one checkpoint would write the same batches. Stop the other run `
        + `first, or give this query its own checkpointLocation. If no other run exists (it was killed), delete ${path.join(ckpt, 'lock')}.`,
    );
    first.release();
    expect(fs.existsSync(path.join(ckpt, 'lock'))).toBe(false);
    const second = CheckpointLock.acquire(ckpt, 'run-b');
    expect(CheckpointLock.holder(ckpt)).toEqual({ runId: 'run-b', pid: process.pid });
    second.release();
    second.release();
  });

  it('refuses a lock held by another live process and takes over one whose process died', () => {
    const ckpt = tempDir();
    fs.writeFileSync(path.join(ckpt, 'lock'), JSON.stringify({ runId: 'other', pid: 999_999_999 }));
    expect(caught(() => CheckpointLock.acquire(ckpt, 'run-c', { isProcessAlive: () => true })).message).toContain('(runId other)');
    const lock = CheckpointLock.acquire(ckpt, 'run-c', { isProcessAlive: () => false });
    expect(CheckpointLock.holder(ckpt)?.runId).toBe('run-c');
    lock.release();
  });

  it('takes over a lock of this process whose run ended without releasing it', () => {
    const ckpt = tempDir();
    fs.writeFileSync(path.join(ckpt, 'lock'), JSON.stringify({ runId: 'crashed', pid: process.pid }));
    const lock = CheckpointLock.acquire(ckpt, 'run-d');
    expect(CheckpointLock.holder(ckpt)?.runId).toBe('run-d');
    lock.release();
  });
});
