/**
 * Reads json, csv or text files into rows: the lines come from the RDD core's textFile, and each
 * partition parses its own lines. Spark: execution/DataSourceScanExec.scala (FileSourceScanExec).
 */
import type { RDD } from '../../../shared/index.js';
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
import type { FileRelation } from '../logical/FileRelation.js';
import { type ExecutionContext, LeafExecNode } from './SparkPlan.js';

/** The scan of one FileRelation. */
export class FileScanExec extends LeafExecNode {
  constructor(readonly relation: FileRelation) {
    super();
  }

  get output(): AttributeReference[] {
    return this.relation.output;
  }

  /** The line parser by the relation's format, parse mode and corrupt-record column (FailureSafeParser.ts). */
  #parser(): (line: string) => InternalRow | undefined {
    const r = this.relation;
    if (r.format === 'text') return (line) => [line];
    const mode = parseModeOf(r.options);
    const { corruptIndex, dataSchema } = splitCorruptColumn(r.dataSchema, corruptRecordColumnName(r.options, undefined));
    if (r.format === 'json') return failureSafeParser(jsonRecordParser(dataSchema), mode, corruptIndex);
    const o = csvOptions(r.options);
    const headerLine = o.header ? readAllLines(r.paths.slice(0, 1)).find((l) => l !== '') : undefined;
    return failureSafeParser(csvRecordParser(dataSchema, o, headerLine), mode, corruptIndex);
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const sc = ctx.sparkContext;
    const files = this.relation.paths.flatMap(listFiles);
    const fileRdds = files.length === 1 ? [sc.textFile(files[0]!)] : files.map((f) => sc.textFile(f, 1));
    const lines = fileRdds.length === 1 ? fileRdds[0]! : sc.union(fileRdds);
    // The byte range of each partition (a union lays its parents' partitions end to end), to name a bad record's position.
    const splits = fileRdds.flatMap((rdd) => rdd.partitions as unknown as { file: string; start: number }[]);
    const parse = this.#parser();
    const format = this.relation.format;
    return lines.mapPartitions((items, task) => {
      const out: InternalRow[] = [];
      let index = 0;
      for (const line of items) {
        let row: InternalRow | undefined;
        try {
          row = parse(line);
        } catch (error) {
          if (!(error instanceof MalformedRecordError)) throw error;
          throw QueryErrors.malformedRecord(format, line, locateSplitLine(splits[task.partitionId]!, index));
        }
        index++;
        if (row !== undefined) out.push(row);
      }
      return out;
    });
  }

  simpleString(): string {
    const r = this.relation;
    return `FileScan ${r.format} [${r.output.map(String).join(',')}] ReadSchema: ${r.dataSchema.simpleString}`;
  }
}
