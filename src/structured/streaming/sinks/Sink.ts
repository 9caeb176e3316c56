/**
 * The contract every streaming sink meets. Spark: sql/core/.../execution/streaming/Sink.scala
 * (addBatch(batchId, data)) and the exactly-once rule its implementations follow.
 *
 * A sink receives each batch's result once per attempt. After a failure the engine runs the last
 * batch again with the same batchId, so a sink that is exactly-once remembers which batch ids it
 * committed and ignores a repeat (MemorySink, FileStreamSink); the others are at-least-once.
 */
import type { MaybePromise, Row } from '../sources/Source.js';

/** A streaming sink. */
export interface Sink {
  /**
   * Writes the result of batch `batchId`: its rows, one array per partition (a sink that does
   * not care about partitions reads them in order).
   */
  addBatch(batchId: number, partitions: readonly (readonly Row[])[]): MaybePromise<void>;
  /** The description in progress reports (SinkProgress.description). */
  toString(): string;
}
