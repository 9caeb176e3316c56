/**
 * A relation whose rows are held in the driver (createDataFrame). Spark: plans/logical/LocalRelation.scala.
 */
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { LeafNode, listString } from './LogicalPlan.js';

/** Rows as arrays, in `output` order. */
export class LocalRelation extends LeafNode {
  constructor(
    readonly outputAttrs: AttributeReference[],
    readonly data: readonly InternalRow[],
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.outputAttrs;
  }

  simpleString(): string {
    return `LocalRelation ${listString(this.outputAttrs)}`;
  }
}
