/**
 * Keeps the blocks the receivers pushed, unallocated until a batch takes them; with the write-ahead
 * log on, every addition, allocation and cleanup is logged first, so a restarted driver gets them
 * back. Spark: streaming/.../scheduler/ReceivedBlockTracker.scala.
 */
import { join } from 'node:path';
import type { Clock } from '../../shared/index.js';
import type { Time } from '../Time.js';
import { WriteAheadLog, type WriteAheadLogRecordHandle } from './WriteAheadLog.js';

/** A block as the tracker knows it: in memory, in the write-ahead log, or both. */
export interface ReceivedBlockInfo {
  readonly streamId: number;
  readonly blockId: string;
  readonly numRecords: number;
  /** The records, while this driver holds them in memory (lost with the driver). */
  readonly records?: unknown[];
  /** Where the records are in the data write-ahead log. */
  readonly walHandle?: WriteAheadLogRecordHandle;
}

type TrackerEvent =
  | { readonly type: 'blockAddition'; readonly info: ReceivedBlockInfo }
  | { readonly type: 'batchAllocation'; readonly batchTimeMs: number; readonly blocks: [number, ReceivedBlockInfo[]][] }
  | { readonly type: 'batchCleanup'; readonly batchTimesMs: number[] };

/** Block bookkeeping of all receivers of one context. */
export class ReceivedBlockTracker {
  readonly #unallocated = new Map<number, ReceivedBlockInfo[]>();
  readonly #allocated = new Map<number, Map<number, ReceivedBlockInfo[]>>();
  #lastAllocatedBatchMs = Number.NEGATIVE_INFINITY;
  readonly #log: WriteAheadLog | undefined;

  /** With `checkpointDir`, events go to its receivedBlockMetadata log, which `recover` replays. */
  constructor(
    readonly clock: Clock,
    checkpointDir: string | undefined,
    recover: boolean,
  ) {
    this.#log = checkpointDir === undefined ? undefined : new WriteAheadLog(join(checkpointDir, 'receivedBlockMetadata'));
    if (recover && this.#log) for (const event of this.#log.readAll()) this.#apply(event as TrackerEvent);
  }

  addBlock(info: ReceivedBlockInfo): void {
    const { records: _inMemory, ...logged } = info;
    this.#write({ type: 'blockAddition', info: logged });
    this.#queue(info.streamId).push(info);
  }

  /**
   * Gives every unallocated block to `batchTime`. A time not after the last allocated one is a
   * batch re-run after a recovery: it keeps the blocks it had (Spark logs "possibly processed").
   */
  allocateBlocksToBatch(batchTime: Time): void {
    if (batchTime.milliseconds <= this.#lastAllocatedBatchMs) return;
    const blocks: [number, ReceivedBlockInfo[]][] = [...this.#unallocated].map(([streamId, queue]) => [streamId, queue.splice(0)]);
    this.#write({ type: 'batchAllocation', batchTimeMs: batchTime.milliseconds, blocks: blocks.map(([id, infos]) => [id, infos.map(({ records: _r, ...logged }) => logged)]) });
    this.#allocated.set(batchTime.milliseconds, new Map(blocks));
    this.#lastAllocatedBatchMs = batchTime.milliseconds;
  }

  getBlocksOfBatchAndStream(batchTime: Time, streamId: number): ReceivedBlockInfo[] {
    return this.#allocated.get(batchTime.milliseconds)?.get(streamId) ?? [];
  }

  hasUnallocatedReceivedBlocks(): boolean {
    return [...this.#unallocated.values()].some((q) => q.length > 0);
  }

  /** Forgets the allocations of batches before `cleanupThreshold`, and the log files that only held them. */
  cleanupOldBatches(cleanupThreshold: Time): void {
    const old = [...this.#allocated.keys()].filter((ms) => ms < cleanupThreshold.milliseconds);
    if (old.length === 0) return;
    this.#write({ type: 'batchCleanup', batchTimesMs: old });
    for (const ms of old) this.#allocated.delete(ms);
    this.#log?.clean(cleanupThreshold.milliseconds);
  }

  #queue(streamId: number): ReceivedBlockInfo[] {
    let queue = this.#unallocated.get(streamId);
    if (!queue) this.#unallocated.set(streamId, (queue = []));
    return queue;
  }

  #write(event: TrackerEvent): void {
    this.#log?.write(event, this.clock.getTimeMillis());
  }

  /** Replays one logged event (recovery). */
  #apply(event: TrackerEvent): void {
    switch (event.type) {
      case 'blockAddition':
        this.#queue(event.info.streamId).push(event.info);
        return;
      case 'batchAllocation': {
        for (const [streamId, infos] of event.blocks) {
          const ids = new Set(infos.map((i) => i.blockId));
          this.#unallocated.set(streamId, this.#queue(streamId).filter((i) => !ids.has(i.blockId)));
        }
        this.#allocated.set(event.batchTimeMs, new Map(event.blocks));
        this.#lastAllocatedBatchMs = Math.max(this.#lastAllocatedBatchMs, event.batchTimeMs);
        return;
      }
      case 'batchCleanup':
        for (const ms of event.batchTimesMs) this.#allocated.delete(ms);
    }
  }
}
