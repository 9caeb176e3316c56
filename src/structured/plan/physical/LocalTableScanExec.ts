/**
 * Scans rows held in the driver. Spark: execution/LocalTableScanExec.scala.
 */
import type { RDD } from '../../../shared/index.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { listString } from '../logical/LogicalPlan.js';
import { type ExecutionContext, LeafExecNode } from './SparkPlan.js';

/** Parallelizes `rows` into min(max(rows, 1), defaultParallelism) slices, as Spark does. */
export class LocalTableScanExec extends LeafExecNode {
  constructor(
    readonly outputAttrs: AttributeReference[],
    readonly rows: readonly InternalRow[],
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.outputAttrs;
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const sc = ctx.sparkContext;
    const slices = Math.min(Math.max(this.rows.length, 1), sc.defaultParallelism);
    return sc.parallelize(this.rows, slices);
  }

  /**
   * The rows themselves, without a job: parallelizing rows that are already on the driver only to
   * collect them back cost a foreachBatch batch's collect() a round trip to every worker on
   * `local-workers[N]`, as Spark's LocalTableScanExec.executeCollect avoids.
   */
  override executeCollect(): Promise<InternalRow[]> {
    return Promise.resolve([...this.rows]);
  }

  simpleString(): string {
    return this.rows.length === 0 ? `LocalTableScan <empty>, ${listString(this.outputAttrs)}` : `LocalTableScan ${listString(this.outputAttrs)}`;
  }
}
