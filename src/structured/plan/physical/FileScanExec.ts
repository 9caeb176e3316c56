/**
 * Reads json, csv or text files into rows: the lines come from the RDD core's textFile, and each
 * partition parses its own lines. Spark: execution/DataSourceScanExec.scala (FileSourceScanExec).
 */
import { bind, type RDD, type TaskContext } from '../../../shared/index.js';
import { registerBuiltin } from '../../../shared/util/builtinFunctions.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { csvOptions, csvRecordParser } from '../../execution/datasources/CsvFormat.js';
import {
  corruptRecordColumnName,
  failureSafeParser,
  locateSplitLine,
  MalformedRecordError,
  parseModeOf,
  splitCorruptColumn,
} from '../../execution/datasources/FailureSafeParser.js';
import { jsonRecordParser } from '../../execution/datasources/JsonFormat.js';
import { listFiles, readAllLines } from '../../execution/datasources/listFiles.js';
import { QueryErrors } from '../../errors.js';
import { parseDataType } from '../../types/parseDataType.js';
import { StructField, StructType } from '../../types/StructType.js';
import type { FileRelation } from '../logical/FileRelation.js';
import { type ExecutionContext, LeafExecNode } from './SparkPlan.js';

/** How a partition parses its lines, as data (so the scan runs on worker executors too). */
interface ParseSpec {
  readonly format: FileRelation['format'];
  readonly options: Readonly<Record<string, string>>;
  /** The relation's schema, field by field (types as simple strings). */
  readonly fields: readonly { readonly name: string; readonly type: string; readonly nullable: boolean }[];
  /** csv with a header: the first non-empty line of the first file, read once on the driver. */
  readonly headerLine: string | undefined;
  /** The byte range of each partition (a union lays its parents' partitions end to end), to name a bad record's position. */
  readonly splits: readonly { readonly file: string; readonly start: number }[];
}

/** The line parser by format, parse mode and corrupt-record column (FailureSafeParser.ts). */
function lineParser(spec: ParseSpec): (line: string) => InternalRow | undefined {
  if (spec.format === 'text') return (line) => [line];
  const schema = new StructType(spec.fields.map((f) => new StructField(f.name, parseDataType(f.type), f.nullable)));
  const mode = parseModeOf(spec.options);
  const { corruptIndex, dataSchema } = splitCorruptColumn(schema, corruptRecordColumnName(spec.options, undefined));
  if (spec.format === 'json') return failureSafeParser(jsonRecordParser(dataSchema), mode, corruptIndex);
  return failureSafeParser(csvRecordParser(dataSchema, csvOptions(spec.options), spec.headerLine), mode, corruptIndex);
}

/** A partition's lines parsed into rows; a malformed record in FAILFAST mode names its file and line. */
const parseLines = registerBuiltin('structured.parseLines', (lines: Iterable<string>, task: TaskContext, spec: ParseSpec): InternalRow[] => {
  const parse = lineParser(spec);
  const out: InternalRow[] = [];
  let index = 0;
  for (const line of lines) {
    let row: InternalRow | undefined;
    try {
      row = parse(line);
    } catch (error) {
      if (!(error instanceof MalformedRecordError)) throw error;
      throw QueryErrors.malformedRecord(spec.format, line, locateSplitLine(spec.splits[task.partitionId]!, index));
    }
    index++;
    if (row !== undefined) out.push(row);
  }
  return out;
});

/** The scan of one FileRelation. */
export class FileScanExec extends LeafExecNode {
  constructor(readonly relation: FileRelation) {
    super();
  }

  get output(): AttributeReference[] {
    return this.relation.output;
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const sc = ctx.sparkContext;
    const r = this.relation;
    const files = r.paths.flatMap(listFiles);
    const fileRdds = files.length === 1 ? [sc.textFile(files[0]!)] : files.map((f) => sc.textFile(f, 1));
    const lines = fileRdds.length === 1 ? fileRdds[0]! : sc.union(fileRdds);
    const header = r.format === 'csv' && csvOptions(r.options).header ? readAllLines(r.paths.slice(0, 1)).find((l) => l !== '') : undefined;
    const spec: ParseSpec = {
      format: r.format,
      options: { ...r.options },
      fields: r.dataSchema.fields.map((f) => ({ name: f.name, type: f.dataType.simpleString, nullable: f.nullable })),
      headerLine: header,
      splits: fileRdds.flatMap((rdd) => rdd.partitions as unknown as { file: string; start: number }[]).map(({ file, start }) => ({ file, start })),
    };
    return lines.mapPartitions(bind(parseLines, spec));
  }

  simpleString(): string {
    const r = this.relation;
    return `FileScan ${r.format} [${r.output.map(String).join(',')}] ReadSchema: ${r.dataSchema.simpleString}`;
  }
}
