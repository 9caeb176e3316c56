/**
 * Writes rows one at a time through a user's open/process/close writer. Spark:
 * sql/api/.../ForeachWriter.scala and sql/core/.../execution/streaming/sources/ForeachWriterTable.scala
 * (ForeachDataWriter).
 *
 * For each partition of each batch: open(partitionId, epochId) (the epoch is the batch id); if it
 * returns true, process(row) for each row; then close(null), or close(error) when open or process
 * threw, and the error fails the batch. close is called even when open returned false, so a
 * writer can release what open took. At-least-once: open can return false for a
 * (partition, epoch) it already wrote to skip it.
 */
import type { MaybePromise, Row } from '../sources/Source.js';
import type { Sink } from './Sink.js';

/** A user's row writer (Spark's ForeachWriter). */
export interface ForeachWriter<T = Row> {
  /** Prepares to write one partition of one batch; false skips the partition's rows. */
  open(partitionId: number, epochId: number): MaybePromise<boolean>;
  process(value: T): MaybePromise<void>;
  /** Always called last for the partition, with the error that stopped it or null. */
  close(errorOrNull: Error | null): MaybePromise<void>;
}

/**
 * The foreach sink. Partitions are written one after another with the same writer object.
 *
 * Differs from Spark: Spark serializes the writer so each task has its own copy; here one
 * writer sees every partition in turn.
 */
export class ForeachWriterSink<T = Row> implements Sink {
  constructor(private readonly writer: ForeachWriter<T>) {}

  async addBatch(batchId: number, partitions: readonly (readonly Row[])[]): Promise<void> {
    for (let partitionId = 0; partitionId < partitions.length; partitionId++) {
      await this.#writePartition(partitionId, batchId, partitions[partitionId]! as readonly T[]);
    }
  }

  toString(): string {
    return 'ForeachWriterSink';
  }

  async #writePartition(partitionId: number, epochId: number, rows: readonly T[]): Promise<void> {
    let error: Error | null = null;
    try {
      if (await this.writer.open(partitionId, epochId)) {
        for (const row of rows) await this.writer.process(row);
      }
    } catch (thrown) {
      error = thrown instanceof Error ? thrown : new Error(String(thrown));
    }
    await this.writer.close(error);
    if (error) throw error;
  }
}
