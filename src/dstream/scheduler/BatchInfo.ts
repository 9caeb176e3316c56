/**
 * What a listener learns about a batch: its time, its input and its delays.
 * Spark: streaming/.../scheduler/BatchInfo.scala, OutputOperationInfo.scala, InputInfoTracker.scala.
 *
 * Plain JSON-ready data. All times are processing times on the StreamingContext's clock.
 */
import type { Time } from '../Time.js';

/** What one input stream contributed to one batch. */
export interface StreamInputInfo {
  readonly inputStreamId: number;
  readonly numRecords: number;
  /** Source-specific detail: offset ranges of a direct log stream, file names of a file stream. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** One output operation of one batch. */
export interface OutputOperationInfo {
  readonly batchTime: Time;
  readonly id: number;
  /** "print", "foreachRDD", "saveAsTextFiles". */
  readonly name: string;
  readonly startTimeMs: number | undefined;
  readonly endTimeMs: number | undefined;
  /** Set when the operation failed: the error's message. */
  readonly failureReason: string | undefined;
}

/** A batch as the scheduler saw it. */
export interface BatchInfo {
  readonly batchTime: Time;
  readonly streamIdToInputInfo: ReadonlyMap<number, StreamInputInfo>;
  /** Records of all inputs in this batch. */
  readonly numRecords: number;
  readonly submissionTimeMs: number;
  readonly processingStartTimeMs: number | undefined;
  readonly processingEndTimeMs: number | undefined;
  /** Waiting in the queue: processing start minus submission. */
  readonly schedulingDelayMs: number | undefined;
  /** Running the jobs: processing end minus processing start. */
  readonly processingDelayMs: number | undefined;
  /** From the batch time to the end of its processing. */
  readonly totalDelayMs: number | undefined;
  readonly outputOperationInfos: ReadonlyMap<number, OutputOperationInfo>;
}

/** Builds a BatchInfo with the delays derived from the times, as Spark's BatchInfo does. */
export function batchInfo(fields: Omit<BatchInfo, 'numRecords' | 'schedulingDelayMs' | 'processingDelayMs' | 'totalDelayMs'>): BatchInfo {
  const { processingStartTimeMs: start, processingEndTimeMs: end } = fields;
  let numRecords = 0;
  for (const info of fields.streamIdToInputInfo.values()) numRecords += info.numRecords;
  return {
    ...fields,
    numRecords,
    schedulingDelayMs: start === undefined ? undefined : start - fields.submissionTimeMs,
    processingDelayMs: start === undefined || end === undefined ? undefined : end - start,
    totalDelayMs: end === undefined ? undefined : end - fields.batchTime.milliseconds,
  };
}
