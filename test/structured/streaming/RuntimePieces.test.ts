/**
 * The runtime pieces used together the way MicroBatchExecution uses them: a word count over a
 * MemoryStream with per-partition state, the offset and commit logs, and a MemorySink. A crash
 * after the state commit but before the commit log is recovered by re-running the batch from
 * the offset log, and the sink and state end exactly as without the crash.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StructType } from '../../../src/structured/types/StructType.js';
import { CheckpointLock } from '../../../src/structured/streaming/checkpointing/CheckpointLock.js';
import { CommitLog } from '../../../src/structured/streaming/checkpointing/CommitLog.js';
import { OffsetSeqLog } from '../../../src/structured/streaming/checkpointing/OffsetSeqLog.js';
import { MemorySink } from '../../../src/structured/streaming/sinks/MemorySink.js';
import { MemoryStream } from '../../../src/structured/streaming/sources/MemoryStream.js';
import type { Offset } from '../../../src/structured/streaming/sources/Offset.js';
import { StatePartitions } from '../../../src/structured/streaming/state/StatePartitions.js';
import { StateStoreProviderCache } from '../../../src/structured/streaming/state/StateStoreProviderCache.js';
import { tempDir } from './support.js';

const NUM_PARTITIONS = 2;

class WordCountRun {
  readonly offsets: OffsetSeqLog;
  readonly commits: CommitLog;
  readonly stores = new StateStoreProviderCache();

  constructor(
    readonly ckpt: string,
    readonly input: MemoryStream<string>,
    readonly sink: MemorySink,
  ) {
    this.offsets = new OffsetSeqLog(ckpt);
    this.commits = new CommitLog(ckpt);
  }

  /** Runs the next batch if there is new data; `crashBeforeCommit` stops after the state commit. */
  runBatch(crashBeforeCommit = false): boolean {
    const latestCommitted = this.commits.getLatestBatchId() ?? -1;
    const logged = this.offsets.getLatest();
    let batchId: number;
    let end: Offset | undefined;
    if (logged && logged.batchId > latestCommitted) {
      batchId = logged.batchId; // recovery: re-run the logged batch with its logged offsets
      end = logged.metadata.offsets[0];
    } else {
      batchId = latestCommitted + 1;
      end = this.input.latestOffset();
      const previousEnd = latestCommitted >= 0 ? this.offsets.get(latestCommitted)?.offsets[0] : undefined;
      if (end === undefined || end === previousEnd) return false;
      this.offsets.add(batchId, { offsets: [end], metadata: { batchWatermarkMs: 0, batchTimestampMs: 0, conf: StatePartitions.toConf(NUM_PARTITIONS) } });
    }
    const start = batchId > 0 ? this.offsets.get(batchId - 1)?.offsets[0] : undefined;
    const words = this.input.getBatch(start, end as Offset).flat().map((row) => row.value as string);
    const updated: Record<string, unknown>[][] = [];
    for (let partitionId = 0; partitionId < NUM_PARTITIONS; partitionId++) {
      const store = this.stores.getStore({ checkpointRootLocation: path.join(this.ckpt, 'state'), operatorId: 0, partitionId }, batchId);
      const touched = new Set<string>();
      for (const word of words.filter((w) => w.length % NUM_PARTITIONS === partitionId)) {
        store.put([word], ((store.get([word]) as number | undefined) ?? 0) + 1);
        touched.add(word);
      }
      store.commit();
      updated.push([...touched].map((word) => ({ word, count: store.get([word]) })));
    }
    if (crashBeforeCommit) return false;
    this.sink.addBatch(batchId, updated);
    this.commits.add(batchId, { nextBatchWatermarkMs: 0 });
    this.input.commit(end as Offset);
    return true;
  }
}

describe('runtime pieces together', () => {
  it('recover a batch that crashed after its state commit: sink and state as if nothing happened', () => {
    const ckpt = tempDir();
    const input = new MemoryStream<string>(new StructType().add('value', 'string'));
    const sink = new MemorySink({ schema: new StructType().add('word', 'string').add('count', 'long'), outputMode: 'Update' });
    const lock = CheckpointLock.acquire(ckpt, 'run-1');
    const first = new WordCountRun(ckpt, input, sink);
    input.addData('a', 'bb', 'a');
    expect(first.runBatch()).toBe(true);
    input.addData('bb', 'c');
    expect(first.runBatch(true)).toBe(false); // crashed: state version 2 written, no sink output, no commit
    lock.release();

    const relock = CheckpointLock.acquire(ckpt, 'run-2');
    const second = new WordCountRun(ckpt, input, sink);
    expect(second.runBatch()).toBe(true); // batch 1 again, from the offset log
    expect(second.runBatch()).toBe(false); // nothing new
    input.addData('a');
    expect(second.runBatch()).toBe(true);
    relock.release();

    expect(sink.allData).toEqual([
      { word: 'bb', count: 1 }, { word: 'a', count: 2 }, // batch 0: partition 0 (even lengths), then 1
      { word: 'bb', count: 2 }, { word: 'c', count: 1 }, // batch 1, once, though it ran twice
      { word: 'a', count: 3 },
    ]);
    expect(second.commits.listBatches()).toEqual([0, 1, 2]);
    expect(StatePartitions.read(ckpt)).toBe(2);
    const fresh = new StateStoreProviderCache();
    const counts = (partitionId: number): unknown[] =>
      [...fresh.getStore({ checkpointRootLocation: path.join(ckpt, 'state'), operatorId: 0, partitionId }, 3).iterator()];
    expect([...counts(0), ...counts(1)]).toEqual([[['bb'], 2], [['a'], 3], [['c'], 1]]);
    expect(fresh.size).toBe(2);
    fresh.unloadAll(path.join(ckpt, 'state'));
    expect(fresh.size).toBe(0);
  });
});
