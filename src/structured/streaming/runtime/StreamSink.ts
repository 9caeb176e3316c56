/**
 * The contract a streaming sink meets: take one micro-batch's result, idempotently by batch id,
 * and, for continuous mode, rows one at a time with an epoch commit. Spark: sql/core/.../
 * execution/streaming/Sink.scala and the v2 StreamingWrite (DataWriter, commit per epoch).
 */
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import type { DataFrame } from '../../DataFrame.js';
import type { OutputMode } from '../OutputMode.js';

/** A writer of one continuous epoch: rows as they come, then commit or abort. */
export interface ContinuousEpochWriter {
  write(row: InternalRow): void;
  /** The epoch's rows are final (Spark commits an epoch when every partition reached its marker). */
  commit(): Promise<void>;
  /** The epoch failed; drop what was written. */
  abort(error: Error): Promise<void>;
}

/** A sink of a streaming query. */
export interface StreamSink {
  /** Spark's sink description in progress (`MemorySink`, `ForeachBatchSink`, `FileSink[/out]`). */
  readonly description: string;
  /**
   * Writes batch `batchId`. A batch id at or below the last one written is a replay after a restart
   * and must not be written twice (Spark: sinks are idempotent by batch id).
   * @returns the number of rows written, or -1 when the sink cannot tell (Spark's v1 sinks)
   */
  addBatch(batchId: number, data: DataFrame, outputMode: OutputMode): Promise<number>;
  /** Continuous mode: a writer for epoch `epochId` of rows shaped like `output`. */
  epochWriter?(epochId: number, output: readonly AttributeReference[]): ContinuousEpochWriter;
  /** The query stopped. */
  stop?(): void;
}
