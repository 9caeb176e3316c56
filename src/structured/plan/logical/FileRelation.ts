/**
 * A relation over files (json, csv, text) with a known schema. Spark: execution/datasources/LogicalRelation.scala.
 */
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import type { StructType } from '../../types/StructType.js';
import { LeafNode } from './LogicalPlan.js';

/** The file formats the batch reader supports. */
export type FileFormatName = 'json' | 'csv' | 'text';

/** The files at `paths`, parsed as `format` with `options` into `schema`. */
export class FileRelation extends LeafNode {
  constructor(
    readonly format: FileFormatName,
    readonly paths: readonly string[],
    readonly dataSchema: StructType,
    readonly options: Readonly<Record<string, string>>,
    readonly outputAttrs: AttributeReference[],
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.outputAttrs;
  }

  /** Spark prints `Relation [a#0,b#1] json`. */
  simpleString(): string {
    return `Relation [${this.outputAttrs.map(String).join(',')}] ${this.format}`;
  }
}
