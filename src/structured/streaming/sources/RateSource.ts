/**
 * Generates `{timestamp, value}` rows at a fixed rate, with an optional linear ramp-up. Spark:
 * sql/core/.../execution/streaming/sources/RateStreamMicroBatchStream.scala and
 * RateStreamProvider.scala (valueAtSecond).
 *
 * Processing time: the offset is the number of whole seconds since the source was created on its
 * Clock; at offset s the rows with values below valueAtSecond(s) are due. A batch (s1, s2] holds
 * values [valueAtSecond(s1), valueAtSecond(s2)), value v in partition (v - start) % numPartitions,
 * with timestamps spread evenly over the batch's seconds. The driver plans only each partition's
 * range; its rows are made in the task (RatePartitionReader), as in Spark. The creation time is
 * kept in the checkpoint (`sources/<i>/0`), so a restart continues the same sequence.
 *
 * Differs from Spark: latestOffset is undefined (no data) until the first second has passed,
 * instead of Spark's initial LongOffset(0); timestamps are epoch ms, like every timestamp here.
 */
import type { Clock } from '../../../shared/util/Clock.js';
import { StructType } from '../../types/StructType.js';
import { MetadataLog } from '../checkpointing/MetadataLog.js';
import { jsonSerializer } from '../checkpointing/versionedText.js';
import { SourceErrors } from '../streamingErrors.js';
import type { Offset } from './Offset.js';
import type { PartitionReaderFactory } from './PartitionReader.js';
import { planRatePartitions, type RateInputPartition, ratePartitionReader, rateRowsOnDriver } from './RatePartitionReader.js';
import { longOffset, type Row, type Source } from './Source.js';

/** Options of the rate source, Spark's names. */
export interface RateSourceOptions {
  /** Rows per second after ramp-up (default 1). */
  readonly rowsPerSecond?: number;
  /** Seconds to ramp up to rowsPerSecond (default 0). */
  readonly rampUpTimeSeconds?: number;
  /** Partitions per batch (default 1). */
  readonly numPartitions?: number;
  readonly clock: Clock;
  /** The checkpoint directory of this source (`<checkpoint>/sources/<i>`); without it the start time lives only in memory. */
  readonly metadataPath?: string;
}

/**
 * The number of rows due after `seconds`: a linear ramp (speed growing by
 * rowsPerSecond / (rampUpTimeSeconds + 1) each second, integer division as in Spark), then
 * rowsPerSecond per second. Ramp 4, rate 10: 0, 2, 6, 12, 20, 30, 40.
 */
export function valueAtSecond(seconds: number, rowsPerSecond: number, rampUpTimeSeconds: number): number {
  const speedDeltaPerSecond = Math.floor(rowsPerSecond / (rampUpTimeSeconds + 1));
  if (seconds <= rampUpTimeSeconds) return (speedDeltaPerSecond * seconds * (seconds + 1)) / 2;
  const rampUpPart = valueAtSecond(rampUpTimeSeconds, rowsPerSecond, rampUpTimeSeconds);
  return rampUpPart + (seconds - rampUpTimeSeconds) * rowsPerSecond;
}

/** The rate source. */
export class RateSource implements Source {
  readonly schema = new StructType().add('timestamp', 'timestamp', false).add('value', 'long', false);
  readonly rowsPerSecond: number;
  readonly rampUpTimeSeconds: number;
  readonly numPartitions: number;
  /** When the source started counting, on its clock (kept across restarts with metadataPath). */
  readonly creationTimeMs: number;
  readonly #clock: Clock;
  #lastTimeMs: number;

  /** @throws IllegalArgumentError INVALID_OPTION for a non-positive rate or partition count, or a negative ramp-up */
  constructor(options: RateSourceOptions) {
    this.rowsPerSecond = check('rowsPerSecond', options.rowsPerSecond ?? 1, 1);
    this.rampUpTimeSeconds = check('rampUpTimeSeconds', options.rampUpTimeSeconds ?? 0, 0);
    this.numPartitions = check('numPartitions', options.numPartitions ?? 1, 1);
    this.#clock = options.clock;
    this.creationTimeMs = this.#readOrWriteCreationTime(options.metadataPath);
    this.#lastTimeMs = this.creationTimeMs;
  }

  latestOffset(): Offset | undefined {
    this.#lastTimeMs = Math.max(this.#lastTimeMs, this.#clock.getTimeMillis());
    const seconds = Math.floor((this.#lastTimeMs - this.creationTimeMs) / 1000);
    return seconds === 0 ? undefined : seconds;
  }

  /** The batch (start, end] as numPartitions partitions read in the tasks (RatePartitionReader). */
  planInputPartitions(start: Offset | undefined, end: Offset): RateInputPartition[] {
    const startSeconds = longOffset(start, 0, this.toString());
    const endSeconds = longOffset(end, 0, this.toString());
    // After a restart the clock may read less than the logged end: never go back behind it.
    this.#lastTimeMs = Math.max(this.#lastTimeMs, this.creationTimeMs + endSeconds * 1000);
    const rangeStart = valueAtSecond(startSeconds, this.rowsPerSecond, this.rampUpTimeSeconds);
    const rangeEnd = valueAtSecond(endSeconds, this.rowsPerSecond, this.rampUpTimeSeconds);
    return planRatePartitions(rangeStart, rangeEnd, this.numPartitions, this.creationTimeMs + startSeconds * 1000, (endSeconds - startSeconds) * 1000);
  }

  createReaderFactory(): PartitionReaderFactory<RateInputPartition> {
    return ratePartitionReader;
  }

  /** The same rows read on the driver, as objects (continuous mode reads this way). */
  getBatch(start: Offset | undefined, end: Offset): Row[][] {
    return rateRowsOnDriver(this.planInputPartitions(start, end));
  }

  commit(): void {}

  stop(): void {}

  toString(): string {
    return `RateStreamV2[rowsPerSecond=${this.rowsPerSecond}, rampUpTimeSeconds=${this.rampUpTimeSeconds}, numPartitions=${this.numPartitions}]`;
  }

  #readOrWriteCreationTime(metadataPath: string | undefined): number {
    if (metadataPath === undefined) return this.#clock.getTimeMillis();
    const log = new MetadataLog<number>(metadataPath, jsonSerializer<number>(), { logName: 'rate source start-time log' });
    const stored = log.get(0);
    if (stored !== undefined) return stored;
    const nowMs = this.#clock.getTimeMillis();
    return log.add(0, nowMs) ? nowMs : (log.get(0) as number);
  }
}

function check(option: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw SourceErrors.invalidOption('the rate source', option, value, min === 1 ? 'it must be positive' : 'it must not be negative');
  }
  return value;
}
