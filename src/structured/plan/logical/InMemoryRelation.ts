/**
 * A cached query: a leaf whose rows come from a persisted RDD of the query's result.
 * Spark: sql/core/.../execution/columnar/InMemoryRelation.scala.
 */
import type { RDD } from '../../../shared/index.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { LeafNode, listString, type LogicalPlan } from './LogicalPlan.js';

/** Stands for `cachedPlan`; `rdd()` builds (once) and returns the persisted result. */
export class InMemoryRelation extends LeafNode {
  constructor(
    readonly cachedPlan: LogicalPlan,
    readonly storageLevelName: string,
    readonly rdd: () => RDD<InternalRow>,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.cachedPlan.output;
  }

  simpleString(): string {
    return `InMemoryRelation ${listString(this.output)}, ${this.storageLevelName}`;
  }
}
