/**
 * Turns a source's batch (rows as objects, one array per partition) into the RDD of internal rows
 * a micro-batch plan scans, one RDD partition per source partition. Spark: the getBatch side of
 * MicroBatchExecution.runBatch (a source's DataFrame becomes a LogicalRDD).
 *
 * The rows are not converted here: each partition is read through ConvertedRows, which converts
 * a row to its internal form as the scanning stage reads it, so the batch is never copied.
 */
import { bind, type RDD, type SparkContext, type TaskContext } from '../../../shared/index.js';
import { registerBuiltin } from '../../../shared/util/builtinFunctions.js';
import type { InternalRow } from '../../expressions/Expression.js';
import { ConvertedRows, rowConverter } from '../../execution/rowConversion.js';
import type { StructType } from '../../types/StructType.js';
import { parseDataType } from '../../types/parseDataType.js';
import type { Offset } from '../sources/Offset.js';
import type { Row, Source } from '../sources/Source.js';

/** One batch of a source: its rows as an RDD, and how many there are (for progress). */
export interface SourceBatch {
  readonly rdd: RDD<InternalRow>;
  readonly numRows: number;
}

/** Converters by the schema's text, so a task finds its schema's converter from data alone. */
const convertersBySchemaText = new Map<string, (row: unknown) => InternalRow>();

function converterOf(schemaText: string): (row: unknown) => InternalRow {
  let converter = convertersBySchemaText.get(schemaText);
  if (converter === undefined) {
    // A worker thread meets the schema as text first; the driver registered its own StructType's.
    converter = rowConverter(parseDataType(schemaText) as StructType);
    convertersBySchemaText.set(schemaText, converter);
  }
  return converter;
}

/** The task side: a partition's object rows, read as internal rows. Shipped by name to workers. */
const readObjectRows = registerBuiltin(
  'structured.readObjectRows',
  (rows: Iterable<unknown>, _task: TaskContext, env: { readonly schema: string }): Iterable<InternalRow> =>
    new ConvertedRows(Array.isArray(rows) ? rows : [...rows], converterOf(env.schema)),
);

/** The RDD of `partitions`, read as internal rows of `schema`. */
export function rowsToRdd(sc: SparkContext, partitions: readonly Row[][], schema: StructType): SourceBatch {
  let numRows = 0;
  for (const rows of partitions) numRows += rows.length;
  const schemaText = schema.simpleString;
  if (!convertersBySchemaText.has(schemaText)) convertersBySchemaText.set(schemaText, rowConverter(schema));
  // bind() ships the rows with the generator, so worker executors get them without a captured variable.
  const rdd = sc
    .generate(partitions.length, bind((partition: number, env: { parts: readonly Row[][] }) => env.parts[partition]!, { parts: partitions }))
    .mapPartitions(bind(readObjectRows, { schema: schemaText }), true);
  return { rdd, numRows };
}

/** Reads (start, end] from `source` as a SourceBatch. */
export async function readSourceBatch(source: Source, start: Offset | undefined, end: Offset, sc: SparkContext): Promise<SourceBatch> {
  const partitions = await source.getBatch(start, end);
  return rowsToRdd(sc, partitions, source.schema);
}
