/**
 * Turns a source's batch (rows as objects, one array per partition) into the RDD of internal rows
 * a micro-batch plan scans, one RDD partition per source partition. Spark: the getBatch side of
 * MicroBatchExecution.runBatch (a source's DataFrame becomes a LogicalRDD).
 */
import { bind, type RDD, type SparkContext } from '../../../shared/index.js';
import type { InternalRow } from '../../expressions/Expression.js';
import { toInternalRows } from '../../execution/rowConversion.js';
import type { StructType } from '../../types/StructType.js';
import type { Offset } from '../sources/Offset.js';
import type { Row, Source } from '../sources/Source.js';

/** One batch of a source: its rows as an RDD, and how many there are (for progress). */
export interface SourceBatch {
  readonly rdd: RDD<InternalRow>;
  readonly numRows: number;
}

/** The RDD of `partitions`, each already converted to internal rows of `schema`. */
export function rowsToRdd(sc: SparkContext, partitions: readonly Row[][], schema: StructType): SourceBatch {
  const internal = partitions.map((rows) => toInternalRows(rows, schema));
  const numRows = internal.reduce((sum, rows) => sum + rows.length, 0);
  // bind() ships the rows with the generator, so worker executors get them without a captured variable.
  const rdd = sc.generate(
    internal.length,
    bind((partition: number, env: { parts: InternalRow[][] }) => env.parts[partition]!, { parts: internal }),
  );
  return { rdd, numRows };
}

/** Reads (start, end] from `source` as a SourceBatch. */
export async function readSourceBatch(source: Source, start: Offset | undefined, end: Offset, sc: SparkContext): Promise<SourceBatch> {
  const partitions = await source.getBatch(start, end);
  return rowsToRdd(sc, partitions, source.schema);
}
