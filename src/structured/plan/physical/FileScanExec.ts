/**
 * Reads json, csv or text files into rows: the lines come from the RDD core's textFile, and each
 * partition parses its own lines. Spark: execution/DataSourceScanExec.scala (FileSourceScanExec).
 */
import type { RDD } from '../../../shared/index.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { csvLineParser, csvOptions } from '../../execution/datasources/CsvFormat.js';
import { jsonLineParser } from '../../execution/datasources/JsonFormat.js';
import { listFiles, readAllLines } from '../../execution/datasources/listFiles.js';
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

  #parser(): (line: string) => InternalRow | undefined {
    const r = this.relation;
    const path = r.paths.join(', ');
    if (r.format === 'text') return (line) => [line];
    if (r.format === 'json') return jsonLineParser(r.dataSchema, (r.options['mode'] ?? 'PERMISSIVE').toUpperCase(), path);
    const o = csvOptions(r.options);
    const headerLine = o.header ? readAllLines(r.paths.slice(0, 1)).find((l) => l !== '') : undefined;
    return csvLineParser(r.dataSchema, o, headerLine, path);
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const sc = ctx.sparkContext;
    const files = this.relation.paths.flatMap(listFiles);
    const lines = files.length === 1 ? sc.textFile(files[0]!) : sc.union(files.map((f) => sc.textFile(f, 1)));
    const parse = this.#parser();
    return lines.mapPartitions((items) => {
      const out: InternalRow[] = [];
      for (const line of items) {
        const row = parse(line);
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
