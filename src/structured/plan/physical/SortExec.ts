/**
 * Sorts rows within each partition; a global sort runs over one partition.
 * Spark: execution/SortExec.scala. Differs from Spark: a global sort shuffles into a single
 * partition instead of range-partitioning, so its output is one partition.
 */
import type { RDD } from '../../../shared/index.js';
import type { InternalRow } from '../../expressions/Expression.js';
import { type AttributeReference, bindReferences } from '../../expressions/NamedExpression.js';
import { compareValues } from '../../expressions/ordering.js';
import type { SortOrder } from '../../expressions/SortOrder.js';
import { listString } from '../logical/LogicalPlan.js';
import { type ExecutionContext, type Partitioning, type SparkPlan, UnaryExecNode } from './SparkPlan.js';

/** A comparator for rows by `order` (bound to the rows' ordinals). */
export function rowComparator(order: readonly SortOrder[]): (a: InternalRow, b: InternalRow) => number {
  return (a, b) => {
    for (const o of order) {
      const x = o.child.eval(a);
      const y = o.child.eval(b);
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === o.nullsFirst ? -1 : 1;
      }
      const c = compareValues(x, y);
      if (c !== 0) return o.ascending ? c : -c;
    }
    return 0;
  };
}

/** ORDER BY within each partition (stable). */
export class SortExec extends UnaryExecNode {
  constructor(
    readonly order: readonly SortOrder[],
    readonly global: boolean,
    readonly child: SparkPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.child.output;
  }

  override get outputPartitioning(): Partitioning {
    return this.child.outputPartitioning;
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    return c[0] === this.child ? this : new SortExec(this.order, this.global, c[0]!);
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const compare = rowComparator(this.order.map((o) => bindReferences(o, this.child.output)));
    return this.child.execute(ctx).mapPartitions((rows) => Array.from(rows).sort(compare), true);
  }

  simpleString(): string {
    return `Sort ${listString(this.order)}, ${this.global}, 0`;
  }
}
