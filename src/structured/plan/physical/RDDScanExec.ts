/**
 * Scans an existing RDD of internal rows. Spark: execution/ExistingRDD.scala (RDDScanExec).
 */
import type { RDD } from '../../../shared/index.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { listString } from '../logical/LogicalPlan.js';
import { LeafExecNode } from './SparkPlan.js';

/** The RDD comes from `rdd()`, called once when the plan executes. */
export class RDDScanExec extends LeafExecNode {
  constructor(
    readonly outputAttrs: AttributeReference[],
    readonly rdd: () => RDD<InternalRow>,
    readonly label = 'Scan ExistingRDD',
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.outputAttrs;
  }

  protected doExecute(): RDD<InternalRow> {
    return this.rdd();
  }

  simpleString(): string {
    return `${this.label}${listString(this.outputAttrs)}`;
  }
}

/** The scan of a cached query's persisted RDD. Spark: execution/columnar/InMemoryTableScanExec.scala. */
export class InMemoryTableScanExec extends RDDScanExec {
  override simpleString(): string {
    return `InMemoryTableScan ${listString(this.outputAttrs)}`;
  }
}
