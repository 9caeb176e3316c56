/**
 * Session-window aggregation of a batch DataFrame: each key's row sessions are merged into
 * sessions (`start <= end` overlap) and every session is emitted once. Spark:
 * sql/core/.../aggregate/MergingSessionsExec.scala (batch plan of AggUtils.planAggregateWithSessionWindow).
 */
import type { RDD } from '../../../shared/index.js';
import type { AggregateFunction } from '../../expressions/aggregate/AggregateFunction.js';
import { compileProjection } from '../../expressions/codegen/compileExpressions.js';
import type { Expression, InternalRow } from '../../expressions/Expression.js';
import { type AttributeReference, bindReferences, type NamedExpression } from '../../expressions/NamedExpression.js';
import type { WindowValue } from '../../expressions/TimeWindow.js';
import { GroupingTable } from '../../execution/GroupingTable.js';
import { listString } from '../../plan/logical/LogicalPlan.js';
import { type ExecutionContext, type SparkPlan, UnaryExecNode } from '../../plan/physical/SparkPlan.js';
import { ArrayType } from '../../types/ArrayType.js';
import { StructType } from '../../types/StructType.js';
import { mergeSessions } from './SessionWindowAggregationExec.js';

/** The batch session-window aggregation, after partial aggregation and a shuffle by the other keys. */
export class BatchSessionWindowAggregationExec extends UnaryExecNode {
  constructor(
    readonly groupingAttributes: readonly AttributeReference[],
    readonly sessionIndex: number,
    readonly aggregateFunctions: readonly AggregateFunction[],
    readonly aggregateAttributes: readonly AttributeReference[],
    readonly resultExpressions: readonly NamedExpression[],
    readonly child: SparkPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.resultExpressions.map((e) => e.toAttribute());
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    if (c[0] === this.child) return this;
    return new BatchSessionWindowAggregationExec(this.groupingAttributes, this.sessionIndex, this.aggregateFunctions, this.aggregateAttributes,
      this.resultExpressions, c[0]!);
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const nk = this.groupingAttributes.length;
    const si = this.sessionIndex;
    const fns = this.aggregateFunctions;
    const bound = this.resultExpressions.map((e) => bindReferences(e as Expression, [...this.groupingAttributes, ...this.aggregateAttributes]));
    const project = compileProjection(bound, ctx.compileExpressions, nk + fns.length);
    const complex = this.groupingAttributes.filter((_, i) => i !== si).map((a) => a.dataType instanceof StructType || a.dataType instanceof ArrayType);
    return this.child.execute(ctx).mapPartitions((rows) => {
      const table = new GroupingTable(complex);
      for (const row of rows) {
        const key = [...row.slice(0, si), ...row.slice(si + 1, nk)];
        (table.getOrCreate(key, () => [key, []])[1] as [WindowValue, unknown[]][]).push([row[si] as WindowValue, row.slice(nk)]);
      }
      const out: InternalRow[] = [];
      for (const [key, sessions] of table.entries as [unknown[], [WindowValue, unknown[]][]][]) {
        for (const [w, buffers] of mergeSessions([...sessions].sort((a, b) => a[0].start - b[0].start), fns)) {
          out.push(project([...key.slice(0, si), w, ...key.slice(si), ...fns.map((f, i) => f.finish(buffers[i]))]));
        }
      }
      return out;
    });
  }

  simpleString(): string {
    return `MergingSessions(keys=${listString(this.groupingAttributes)}, functions=[${this.aggregateFunctions.map(String).join(', ')}])`;
  }
}
