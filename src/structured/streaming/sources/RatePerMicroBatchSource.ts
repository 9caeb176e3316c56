/**
 * The `rate-micro-batch` source: exactly rowsPerBatch `{timestamp, value}` rows per micro-batch,
 * whatever the clock says. Spark: sql/core/.../streaming/sources/RatePerMicroBatchProvider.scala
 * and RatePerMicroBatchStream.scala (Spark 3.3+).
 *
 * No processing time at all: batch n (from 0) holds values [n * rowsPerBatch, (n + 1) * rowsPerBatch)
 * with event timestamps from startTimestamp + n * advanceMillisPerBatch, spread evenly over
 * advanceMillisPerBatch, so a run's rows and timestamps are the same on every machine. Offsets are
 * `{offset, timestamp}` (the next value and its batch's start time), as in Spark. The partitions
 * are read in the tasks (RatePartitionReader).
 *
 * Every trigger finds a new batch, so processAllAvailable never returns on it; drive it with
 * Trigger.ProcessingTime on a ManualClock, or Trigger.AvailableNow for exactly one batch.
 * Continuous mode is refused at start() (CONTINUOUS_UNSUPPORTED_CONNECTOR, by
 * UnsupportedOperationChecker.checkForContinuous), as Spark's table reads micro-batches only.
 */
import type { Offset } from './Offset.js';
import type { PartitionReaderFactory } from './PartitionReader.js';
import { planRatePartitions, type RateInputPartition, ratePartitionReader } from './RatePartitionReader.js';
import type { Row, Source } from './Source.js';
import { StructType } from '../../types/StructType.js';
import { SourceErrors } from '../streamingErrors.js';
import { StreamingQueryErrors } from '../StreamingQueryErrors.js';

/** Options of the rate-micro-batch source, Spark's names. */
export interface RatePerMicroBatchOptions {
  /** Rows in every micro-batch (required, positive). */
  readonly rowsPerBatch: number;
  /** Partitions per batch (default: the context's default parallelism). */
  readonly numPartitions: number;
  /** The event timestamp of the first row, epoch ms (default 0). */
  readonly startTimestamp?: number;
  /** How far the event timestamps advance from one batch to the next, ms (default 1000). */
  readonly advanceMillisPerBatch?: number;
}

/** Where a batch starts: the next value, and the event time of its batch's first row. */
interface RateOffset {
  readonly offset: number;
  readonly timestamp: number;
}

/** The rate-micro-batch source. */
export class RatePerMicroBatchSource implements Source {
  readonly schema = new StructType().add('timestamp', 'timestamp', false).add('value', 'long', false);
  readonly rowsPerBatch: number;
  readonly numPartitions: number;
  readonly startTimestamp: number;
  readonly advanceMillisPerBatch: number;
  /** Trigger.AvailableNow: the one offset the run may reach, fixed by the first latestOffset after prepareForTriggerAvailableNow. */
  #availableNowEnd: RateOffset | 'pending' | undefined;

  /** @throws IllegalArgumentError INVALID_OPTION for a non-positive rowsPerBatch or numPartitions, or a negative startTimestamp or advanceMillisPerBatch */
  constructor(options: RatePerMicroBatchOptions) {
    this.rowsPerBatch = check('rowsPerBatch', options.rowsPerBatch, 1);
    this.numPartitions = check('numPartitions', options.numPartitions, 1);
    this.startTimestamp = check('startTimestamp', options.startTimestamp ?? 0, 0);
    this.advanceMillisPerBatch = check('advanceMillisPerBatch', options.advanceMillisPerBatch ?? 1000, 0);
  }

  latestOffset(startOffset: Offset | undefined): Offset {
    const start = this.#parse(startOffset);
    const next = { offset: start.offset + this.rowsPerBatch, timestamp: start.timestamp + this.advanceMillisPerBatch };
    if (this.#availableNowEnd === 'pending') this.#availableNowEnd = next;
    if (this.#availableNowEnd !== undefined && next.offset > this.#availableNowEnd.offset) return { ...start };
    return next;
  }

  /** The batch (start, end] as numPartitions partitions read in the tasks. */
  planInputPartitions(start: Offset | undefined, end: Offset): RateInputPartition[] {
    const from = this.#parse(start);
    const until = this.#parse(end);
    return planRatePartitions(from.offset, until.offset, this.numPartitions, from.timestamp, until.timestamp - from.timestamp);
  }

  createReaderFactory(): PartitionReaderFactory<RateInputPartition> {
    return ratePartitionReader;
  }

  /**
   * Only continuous mode reads rows on the driver, and Spark's rate-micro-batch has no continuous
   * reader, so a continuous query over it is refused at start() and never gets here; a caller that
   * reads it on the driver anyway gets the same refusal.
   * @throws AnalysisException CONTINUOUS_UNSUPPORTED_CONNECTOR
   */
  getBatch(): Row[][] {
    throw StreamingQueryErrors.continuousUnsupportedSource('rate-micro-batch');
  }

  prepareForTriggerAvailableNow(): void {
    this.#availableNowEnd = 'pending';
  }

  commit(): void {}

  stop(): void {}

  toString(): string {
    return `RatePerMicroBatchStream[rowsPerBatch=${this.rowsPerBatch}, numPartitions=${this.numPartitions}, `
      + `startTimestamp=${this.startTimestamp}, advanceMillisPerBatch=${this.advanceMillisPerBatch}]`;
  }

  #parse(offset: Offset | undefined): RateOffset {
    if (offset === undefined) return { offset: 0, timestamp: this.startTimestamp };
    const o = offset as Partial<Record<string, unknown>> | null;
    if (typeof o !== 'object' || o === null || Array.isArray(o) || !Number.isSafeInteger(o['offset']) || !Number.isSafeInteger(o['timestamp'])) {
      throw SourceErrors.invalidOffset(this.toString(), offset, '{"offset": <next value>, "timestamp": <epoch ms>}');
    }
    return { offset: o['offset'] as number, timestamp: o['timestamp'] as number };
  }
}

function check(option: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw SourceErrors.invalidOption('the rate-micro-batch source', option, value, min === 1 ? 'it must be positive' : 'it must not be negative');
  }
  return value;
}
