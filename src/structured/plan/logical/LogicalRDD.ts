/**
 * A relation backed by an RDD of internal rows, built lazily. Spark: execution/ExistingRDD.scala (LogicalRDD).
 *
 * The streaming engine plans each micro-batch's new data as one of these.
 */
import type { RDD } from '../../../shared/index.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { LeafNode, listString } from './LogicalPlan.js';

/** `rdd()` is called when the physical plan executes. */
export class LogicalRDD extends LeafNode {
  constructor(
    readonly outputAttrs: AttributeReference[],
    readonly rdd: () => RDD<InternalRow>,
    readonly label = 'LogicalRDD',
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.outputAttrs;
  }

  simpleString(): string {
    return `${this.label} ${listString(this.outputAttrs)}, false`;
  }
}
