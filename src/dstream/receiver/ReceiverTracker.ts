/**
 * Starts the receivers of a context, takes their blocks (writing them ahead when the write-ahead
 * log is on), gives them to batches, and passes rate updates back. Spark:
 * streaming/.../scheduler/ReceiverTracker.scala (and the data half of ReceiverSupervisorImpl).
 *
 * Without spark.streaming.receiver.writeAheadLog.enable, received blocks live only in this
 * driver's memory: data received but not processed is lost when the driver dies. With it, block
 * data goes to <checkpointDir>/receivedData/<streamId> and block events to
 * <checkpointDir>/receivedBlockMetadata before a batch can use them, and a recovered context
 * processes them.
 */
import { join } from 'node:path';
import { IllegalArgumentError } from '../../shared/index.js';
import type { StreamingContext } from '../StreamingContext.js';
import type { Time } from '../Time.js';
import { ReceiverInputDStream } from '../dstream/internal.js';
import type { ReceivedBlock } from './BlockGenerator.js';
import { ReceivedBlockTracker, type ReceivedBlockInfo } from './ReceivedBlockTracker.js';
import { ReceiverSupervisor } from './ReceiverSupervisor.js';
import { WriteAheadLog } from './WriteAheadLog.js';

/** Spark's conf keys for receivers. */
const BLOCK_INTERVAL = 'spark.streaming.blockInterval';
const MAX_RATE = 'spark.streaming.receiver.maxRate';
const WAL_ENABLE = 'spark.streaming.receiver.writeAheadLog.enable';

/** Parses a duration conf value: "200ms", "1s" or a number of ms. */
function parseDurationMs(value: string | undefined, defaultMs: number): number {
  if (value === undefined) return defaultMs;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min)?\s*$/.exec(value);
  if (!match) throw new IllegalArgumentError('INVALID_DURATION_CONF', `Cannot parse "${value}" as a duration; use e.g. "200ms" or "1s".`);
  const unit = match[2] ?? 'ms';
  return Number(match[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000);
}

/** The driver-side side of all receivers of a StreamingContext. */
export class ReceiverTracker {
  readonly receiverInputStreams: ReceiverInputDStream<unknown>[];
  readonly blockTracker: ReceivedBlockTracker;
  readonly isWriteAheadLogEnabled: boolean;
  readonly #supervisors = new Map<number, ReceiverSupervisor<unknown>>();
  readonly #dataLogs = new Map<number, WriteAheadLog>();

  constructor(readonly ssc: StreamingContext) {
    this.receiverInputStreams = ssc.graph.inputStreams.filter((s): s is ReceiverInputDStream<unknown> => s instanceof ReceiverInputDStream);
    this.isWriteAheadLogEnabled = ssc.conf.getBoolean(WAL_ENABLE, false);
    if (this.isWriteAheadLogEnabled && !ssc.checkpointDir) {
      throw new IllegalArgumentError('WAL_WITHOUT_CHECKPOINT', `${WAL_ENABLE} is true but no checkpoint directory is set: the write-ahead log lives in it. Call ssc.checkpoint(dir) before start().`);
    }
    const logDir = this.isWriteAheadLogEnabled ? ssc.checkpointDir : undefined;
    this.blockTracker = new ReceivedBlockTracker(ssc.clock, logDir, ssc.initialCheckpoint !== undefined);
  }

  hasReceivers(): boolean {
    return this.receiverInputStreams.length > 0;
  }

  start(): void {
    const conf = this.ssc.conf;
    const maxRate = Number(conf.get(MAX_RATE) ?? 0);
    const backpressure = conf.getBoolean('spark.streaming.backpressure.enabled', false);
    const initialRate = backpressure ? Number(conf.get('spark.streaming.backpressure.initialRate') ?? maxRate) : maxRate;
    for (const input of this.receiverInputStreams) {
      const supervisor = new ReceiverSupervisor(input.receiver, input.inputStreamId, {
        clock: this.ssc.clock,
        blockIntervalMs: parseDurationMs(conf.get(BLOCK_INTERVAL), 200),
        maxRate,
        initialRate,
        restartDelayMs: conf.getInt('spark.streaming.receiverRestartDelay', 2000),
        pushBlock: (streamId, block) => this.#pushBlock(streamId, block),
        onReceiverEvent: (type, streamId, name, message) =>
          this.ssc.scheduler.listenerBus.post({ type, receiverInfo: { streamId, name, active: type !== 'receiverStopped', lastErrorMessage: message } }),
      });
      this.#supervisors.set(input.inputStreamId, supervisor);
      supervisor.start();
    }
  }

  /**
   * Stops every receiver; their last buffered records become blocks for the next batch, unless
   * `dropBuffers` (a crash: what was not yet a block is lost with the driver).
   */
  async stop(_graceful: boolean, dropBuffers = false): Promise<void> {
    await Promise.all([...this.#supervisors.values()].map((s) => s.shutdown(!dropBuffers)));
  }

  /** Cuts every receiver's buffer at `batchTime`, then gives all unallocated blocks to that batch. */
  allocateBlocksToBatch(batchTime: Time): void {
    for (const supervisor of this.#supervisors.values()) supervisor.cutBlock(batchTime.milliseconds);
    this.blockTracker.allocateBlocksToBatch(batchTime);
  }

  getBlocksOfBatchAndStream(batchTime: Time, streamId: number): ReceivedBlockInfo[] {
    return this.blockTracker.getBlocksOfBatchAndStream(batchTime, streamId);
  }

  /** The records of a block: from memory, or from the write-ahead log after a recovery. */
  readBlock(info: ReceivedBlockInfo): unknown[] {
    if (info.records) return info.records;
    if (info.walHandle) return this.#dataLog(info.streamId).read(info.walHandle) as unknown[];
    return [];
  }

  hasUnallocatedBlocks(): boolean {
    return this.blockTracker.hasUnallocatedReceivedBlocks() || [...this.#supervisors.values()].some((s) => s.blockGenerator.bufferedRecords > 0);
  }

  cleanupOldBlocksAndBatches(cleanupThreshold: Time): void {
    this.blockTracker.cleanupOldBatches(cleanupThreshold);
    for (const log of this.#dataLogs.values()) log.clean(cleanupThreshold.milliseconds);
  }

  /** Backpressure: a new rate limit for one receiver. */
  sendRateUpdate(streamId: number, rate: number): void {
    this.#supervisors.get(streamId)?.rateLimiter.updateRate(rate);
  }

  /** How many records a receiver has stored since this context started. */
  getNumRecordsReceived(streamId: number): number {
    return this.#supervisors.get(streamId)?.numRecordsStored ?? 0;
  }

  /** The current rate limit of a receiver (Infinity when unlimited). */
  getRateLimit(streamId: number): number | undefined {
    return this.#supervisors.get(streamId)?.rateLimiter.getCurrentLimit();
  }

  #pushBlock(streamId: number, block: ReceivedBlock<unknown>): void {
    const walHandle = this.isWriteAheadLogEnabled ? this.#dataLog(streamId).write(block.records, this.ssc.clock.getTimeMillis()) : undefined;
    this.blockTracker.addBlock({ streamId, blockId: block.blockId, numRecords: block.records.length, records: block.records, walHandle });
  }

  #dataLog(streamId: number): WriteAheadLog {
    let log = this.#dataLogs.get(streamId);
    if (!log) this.#dataLogs.set(streamId, (log = new WriteAheadLog(join(this.ssc.checkpointDir as string, 'receivedData', String(streamId)))));
    return log;
  }
}
