/**
 * Turns a source's batch (rows as objects, one array per partition) into the RDD of internal rows
 * a micro-batch plan scans, one RDD partition per source partition. Spark: the getBatch side of
 * MicroBatchExecution.runBatch (a source's DataFrame becomes a LogicalRDD).
 *
 * The rows are not converted here: each partition is read through ConvertedRows, which converts
 * a row to its internal form as the scanning stage reads it. A source that holds its rows in
 * memory (MemoryStream) describes its partitions as views of them (getBatchViews), so the batch
 * is not even dealt into partition arrays. A source that plans plain-data input partitions
 * (planInputPartitions) has its rows made inside the tasks instead (InputPartitionReader.ts).
 */
import { bind, ParallelCollectionRDD, type RDD, type SparkContext, type TaskContext } from '../../../shared/index.js';
import { parseMasterURL } from '../../../shared/MasterURL.js';
import { registerBuiltin } from '../../../shared/util/builtinFunctions.js';
import type { InternalRow } from '../../expressions/Expression.js';
import { ConvertedRows, forEachRow, type RowView } from '../../execution/ConvertedRows.js';
import { rowConverter, valueOrObjectRowConverter } from '../../execution/rowConversion.js';
import type { StructType } from '../../types/StructType.js';
import { parseDataType } from '../../types/parseDataType.js';
import type { Offset } from '../sources/Offset.js';
import type { Row, Source } from '../sources/Source.js';
import { inputPartitionsToRdd } from './InputPartitionReader.js';

/** One batch of a source: its rows as an RDD, and how many there are (for progress). */
export interface SourceBatch {
  readonly rdd: RDD<InternalRow>;
  readonly numRows: number;
}

/** How a task turns its rows into internal rows: the schema as text, and whether plain values stand for first-column rows. */
interface ReadEnv {
  readonly schema: string;
  readonly wrapsValues: boolean;
}

/** Converters by schema text and mode, so a task finds its converter from data alone. */
const converters = new Map<string, (row: unknown) => InternalRow>();

function converterKey(env: ReadEnv): string {
  return `${env.wrapsValues ? 'values' : 'rows'}:${env.schema}`;
}

function converterFor(schema: StructType, wrapsValues: boolean): (row: unknown) => InternalRow {
  return wrapsValues ? valueOrObjectRowConverter(schema) : rowConverter(schema);
}

/**
 * The task side: a partition arrives as a one-element array holding its RowView (an RDD
 * partition is an array), and is read as internal rows. Shipped by name to workers, which
 * meet the schema as text first; the driver registered its own StructType's converter.
 */
const readRowView = registerBuiltin('structured.readRowView', (items: Iterable<unknown>, task: TaskContext, env: ReadEnv): Iterable<InternalRow> => {
  const view = (Array.isArray(items) ? items : [...items])[0] as RowView;
  // The partition counted one record (the view); count its rows instead.
  task.metrics.recordsRead += view.length - 1;
  const key = converterKey(env);
  let convert = converters.get(key);
  if (convert === undefined) {
    convert = converterFor(parseDataType(env.schema) as StructType, env.wrapsValues);
    converters.set(key, convert);
  }
  return new ConvertedRows(view, convert);
});

/** The RDD of `partitions` (views of the source's rows), read as internal rows of `schema`. */
export function rowViewsToRdd(sc: SparkContext, partitions: readonly RowView[], schema: StructType, wrapsValues: boolean): SourceBatch {
  let numRows = 0;
  for (const rows of partitions) numRows += rows.length;
  const env: ReadEnv = { schema: schema.simpleString, wrapsValues };
  const key = converterKey(env);
  if (!converters.has(key)) converters.set(key, converterFor(schema, wrapsValues));
  // On inline executors each partition is read where the source keeps it. A view spans the whole
  // batch's units, so on worker threads a task would be sent every row of the batch: there each
  // partition is copied into its own array first, and a task is sent its own partition only.
  const perPartition = parseMasterURL(sc.master).kind === 'worker' ? partitions.map(ownRows) : partitions;
  const rdd = new ParallelCollectionRDD(sc, perPartition.map((view) => [view])).mapPartitions(bind(readRowView, env), true);
  return { rdd, numRows };
}

/** The rows of `view` in an array of their own, as a sequence over that array alone. */
function ownRows(view: RowView): RowView {
  if (view.units.length === 1 && view.offset === 0 && view.stride === 1 && view.units[0]!.length === view.length) return view;
  const rows = new Array<unknown>(view.length);
  let i = 0;
  forEachRow(view, (row) => (rows[i++] = row));
  return { units: [rows], offset: 0, stride: 1, length: rows.length };
}

/** The RDD of `partitions` (arrays of row objects), read as internal rows of `schema`. */
export function rowsToRdd(sc: SparkContext, partitions: readonly Row[][], schema: StructType): SourceBatch {
  return rowViewsToRdd(sc, partitions.map((rows) => ({ units: [rows], offset: 0, stride: 1, length: rows.length })), schema, false);
}

/** Reads (start, end] from `source` as a SourceBatch. */
export async function readSourceBatch(source: Source, start: Offset | undefined, end: Offset, sc: SparkContext): Promise<SourceBatch> {
  if (source.planInputPartitions && source.createReaderFactory) {
    const partitions = await source.planInputPartitions(start, end);
    return inputPartitionsToRdd(sc, partitions, source.createReaderFactory().name);
  }
  if (source.getBatchViews) {
    const views: readonly RowView[] = await source.getBatchViews(start, end);
    return rowViewsToRdd(sc, views, source.schema, true);
  }
  const partitions = await source.getBatch(start, end);
  return rowsToRdd(sc, partitions, source.schema);
}
