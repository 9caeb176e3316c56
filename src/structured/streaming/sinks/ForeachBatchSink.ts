/**
 * Hands each batch's result to a user function with its batch id. Spark:
 * sql/core/.../execution/streaming/sources/ForeachBatchSink.scala.
 *
 * At-least-once: after a failure the last batch is handed over again with the same batch id, so
 * the function can use the id to write idempotently, as Spark's documentation advises.
 */
import type { InternalRow } from '../../expressions/Expression.js';
import type { MaybePromise, Row } from '../sources/Source.js';
import type { Sink } from './Sink.js';

/** The user function: the batch's data and its id. */
export type ForeachBatchFunction<D> = (data: D, batchId: number) => MaybePromise<void>;

/**
 * The foreachBatch sink. By default the function gets the batch's rows as one array; the session
 * passes `toData` to hand it a DataFrame instead.
 *
 * @example
 * new ForeachBatchSink((rows, batchId) => store.upsert(batchId, rows));
 */
export class ForeachBatchSink<D = Row[]> implements Sink {
  constructor(
    private readonly fn: ForeachBatchFunction<D>,
    private readonly toData: (partitions: readonly (readonly Row[])[], batchId: number) => D =
      (partitions) => partitions.flat() as D,
    /**
     * Builds the function's data from the plan's internal rows (arrays in output order) instead;
     * the engine then calls addInternalBatch, sparing each row's conversion to an object and back
     * (the session's batch DataFrame is a table over those rows).
     */
    private readonly fromInternalRows?: (partitions: readonly (readonly InternalRow[])[], batchId: number) => D,
  ) {}

  /** True when the engine should hand over internal rows (addInternalBatch). */
  get takesInternalRows(): boolean {
    return this.fromInternalRows !== undefined;
  }

  async addBatch(batchId: number, partitions: readonly (readonly Row[])[]): Promise<void> {
    await this.fn(this.toData(partitions, batchId), batchId);
  }

  /** The batch as the plan's internal rows, per partition; only when takesInternalRows. */
  async addInternalBatch(batchId: number, partitions: readonly (readonly InternalRow[])[]): Promise<void> {
    if (this.fromInternalRows === undefined) throw new Error('Internal error: this foreachBatch sink takes row objects');
    await this.fn(this.fromInternalRows(partitions, batchId), batchId);
  }

  toString(): string {
    return 'ForeachBatchSink';
  }
}
