/**
 * The partitions of the rate sources' batches and their reader, which makes `[timestamp, value]`
 * rows inside the task. Spark: sql/core/.../streaming/sources/RateStreamMicroBatchStream.scala
 * (RateStreamMicroBatchInputPartition, RateStreamMicroBatchPartitionReader) and
 * RatePerMicroBatchStream.scala, whose partitions have the same shape.
 */
import { definePartitionReader, type InputPartition } from './PartitionReader.js';
import type { Row } from './Source.js';

/**
 * Partition `partitionId` of a batch holding values [rangeStart, rangeEnd): the values
 * rangeStart + partitionId, + numPartitions, ... with timestamps spread evenly from
 * localStartTimeMs, relativeMsPerValue apart.
 */
export interface RateInputPartition extends InputPartition {
  readonly partitionId: number;
  readonly numPartitions: number;
  readonly rangeStart: number;
  readonly rangeEnd: number;
  readonly localStartTimeMs: number;
  readonly relativeMsPerValue: number;
  readonly numRows: number;
}

/** The partitions of a batch of values [rangeStart, rangeEnd) starting at localStartTimeMs and lasting durationMs. */
export function planRatePartitions(rangeStart: number, rangeEnd: number, numPartitions: number, localStartTimeMs: number, durationMs: number): RateInputPartition[] {
  if (rangeStart >= rangeEnd) return [];
  const relativeMsPerValue = durationMs / (rangeEnd - rangeStart);
  return Array.from({ length: numPartitions }, (_, partitionId) => ({
    partitionId,
    numPartitions,
    rangeStart,
    rangeEnd,
    localStartTimeMs,
    relativeMsPerValue,
    numRows: Math.max(0, Math.ceil((rangeEnd - rangeStart - partitionId) / numPartitions)),
  }));
}

/** The rows of a rate partition, as internal rows `[timestamp, value]`. */
function readRatePartition(p: RateInputPartition): unknown[][] {
  const rows = new Array<unknown[]>(p.numRows);
  let i = 0;
  for (let value = p.rangeStart + p.partitionId; value < p.rangeEnd; value += p.numPartitions) {
    rows[i++] = [p.localStartTimeMs + Math.round((value - p.rangeStart) * p.relativeMsPerValue), value];
  }
  return rows;
}

/** The reader of the rate sources' partitions. */
export const ratePartitionReader = definePartitionReader<RateInputPartition>({
  name: 'structured.rate',
  module: import.meta.url,
  createReader: readRatePartition,
});

/** The rows of `partitions` as objects, read on the driver: what getBatch gives continuous mode. */
export function rateRowsOnDriver(partitions: readonly RateInputPartition[]): Row[][] {
  return partitions.map((p) => readRatePartition(p).map(([timestamp, value]) => ({ timestamp, value })));
}
