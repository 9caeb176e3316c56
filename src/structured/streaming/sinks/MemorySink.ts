/**
 * Keeps a query's output in memory, by batch, for tests and for `spark.table(queryName)`. Spark:
 * sql/core/.../execution/streaming/sources/memory.scala (MemorySink).
 *
 * Exactly-once: a batch id at or below the latest one is skipped. In Complete mode each batch
 * replaces the table; in Append and Update modes batches accumulate.
 */
import type { StructType } from '../../types/StructType.js';
import type { OutputMode } from '../OutputMode.js';
import type { Row } from '../sources/Source.js';
import type { Sink } from './Sink.js';

/** Options of a memory sink. */
export interface MemorySinkOptions {
  readonly schema: StructType;
  readonly outputMode: OutputMode;
  /** The name the session registers the table under (DataStreamWriter.queryName). */
  readonly queryName?: string;
}

interface AddedData {
  readonly batchId: number;
  readonly rows: Row[];
}

/**
 * The memory sink.
 *
 * @example
 * const sink = new MemorySink({ schema, outputMode: 'Append', queryName: 'counts' });
 * await query.processAllAvailable();
 * sink.allData;   // every row written so far
 */
export class MemorySink implements Sink {
  readonly schema: StructType;
  readonly outputMode: OutputMode;
  readonly queryName: string | undefined;
  #batches: AddedData[] = [];

  constructor(options: MemorySinkOptions) {
    this.schema = options.schema;
    this.outputMode = options.outputMode;
    this.queryName = options.queryName;
  }

  addBatch(batchId: number, partitions: readonly (readonly Row[])[]): void {
    const latest = this.latestBatchId;
    if (latest !== undefined && batchId <= latest) return; // already committed: a re-run of the batch
    const added = { batchId, rows: partitions.flat() };
    if (this.outputMode === 'Complete') this.#batches = [added];
    else this.#batches.push(added);
  }

  /** Every row the sink holds, oldest batch first. */
  get allData(): Row[] {
    return this.#batches.flatMap((b) => b.rows);
  }

  /** The id of the last batch written, or undefined before any. */
  get latestBatchId(): number | undefined {
    return this.#batches[this.#batches.length - 1]?.batchId;
  }

  /** The rows of the last batch written. */
  latestBatchData(): Row[] {
    return [...(this.#batches[this.#batches.length - 1]?.rows ?? [])];
  }

  /** The rows of batches after `sinceBatchId`. */
  dataSinceBatch(sinceBatchId: number): Row[] {
    return this.#batches.filter((b) => b.batchId > sinceBatchId).flatMap((b) => b.rows);
  }

  /** Forgets everything written. */
  clear(): void {
    this.#batches = [];
  }

  toString(): string {
    return 'MemorySink';
  }
}
