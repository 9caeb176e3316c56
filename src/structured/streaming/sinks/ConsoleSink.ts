/**
 * Prints each batch to an output stream under Spark's banner. Spark:
 * sql/core/.../execution/streaming/sources/ConsoleWrite.scala (printRows).
 *
 * Output per batch: a line of 43 dashes, `Batch: N`, the dashes again, then the show() table of
 * the batch's rows and an empty line (show() is printed with println). At-least-once: a re-run
 * batch is printed again, as in Spark.
 */
import type { StructType } from '../../types/StructType.js';
import type { Row } from '../sources/Source.js';
import { formatTable, type TableFormatter } from './formatTable.js';
import type { Sink } from './Sink.js';

/** Where console output goes; process.stdout by default. */
export interface TextOutput {
  write(text: string): unknown;
}

/** Options of the console sink, Spark's names and defaults. */
export interface ConsoleSinkOptions {
  readonly schema: StructType;
  /** Rows shown per batch (default 20). */
  readonly numRows?: number;
  /** Cut cells to 20 characters (default true). */
  readonly truncate?: boolean;
  readonly output?: TextOutput;
  /** The table renderer; DataFrame's show() formatter when the session provides it. */
  readonly formatTable?: TableFormatter;
}

const DASHES = '-'.repeat(43);

/** The console sink. */
export class ConsoleSink implements Sink {
  constructor(private readonly options: ConsoleSinkOptions) {}

  addBatch(batchId: number, partitions: readonly (readonly Row[])[]): void {
    const { schema, numRows = 20, truncate = true, output = process.stdout } = this.options;
    const table = (this.options.formatTable ?? formatTable)(partitions.flat(), schema, numRows, truncate);
    output.write(`${DASHES}\nBatch: ${batchId}\n${DASHES}\n${table}\n`);
  }

  toString(): string {
    return 'ConsoleSink';
  }
}
