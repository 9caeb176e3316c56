/**
 * [flat]MapGroupsWithState on a batch DataFrame: each key's rows go through the function once with
 * a fresh, empty GroupState that is not kept. Spark: SparkStrategies.scala (FlatMapGroupsWithState
 * on a batch plan becomes MapGroups / CoGroup with GroupStateImpl.createForBatch).
 *
 * Processing time: the state's getCurrentProcessingTimeMs is the session Clock at execution; no
 * timeout ever fires in a batch query.
 */
import type { RDD } from '../../../shared/index.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { listString } from '../../plan/logical/LogicalPlan.js';
import { type ExecutionContext, type SparkPlan, UnaryExecNode } from '../../plan/physical/SparkPlan.js';
import { GroupStateImpl, NO_TIMESTAMP } from '../GroupState.js';
import type { FlatMapGroupsWithState } from '../logical/FlatMapGroupsWithState.js';
import { callUserFunction, groupPartition, outputConverter, shuffleByKey } from './groupByKeyInternals.js';

/** The batch operator. */
export class BatchFlatMapGroupsWithStateExec extends UnaryExecNode {
  constructor(
    readonly node: FlatMapGroupsWithState,
    readonly watermarkPresent: boolean,
    readonly numPartitions: number,
    readonly child: SparkPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.node.outputAttrs;
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    return c[0] === this.child ? this : new BatchFlatMapGroupsWithStateExec(this.node, this.watermarkPresent, this.numPartitions, c[0]!);
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const input = this.child.output;
    const { func, keyFunc, timeout } = this.node;
    const convert = outputConverter(this.node.outputAttrs);
    const watermarkPresent = this.watermarkPresent;
    const clock = ctx.sparkContext.clock;
    return shuffleByKey(this.child.execute(ctx), input, keyFunc, this.numPartitions).mapPartitions((pairs) => {
      const nowMs = clock.getTimeMillis();
      const out: InternalRow[] = [];
      for (const group of groupPartition(pairs, input)) {
        const gs = new GroupStateImpl<unknown>(undefined, nowMs, NO_TIMESTAMP, timeout, false, watermarkPresent);
        out.push(...convert(callUserFunction(group.key, () => func(group.key, group.rows, gs))));
      }
      return out;
    });
  }

  simpleString(): string {
    const name = this.node.isMapGroupsWithState ? 'MapGroupsWithState' : 'FlatMapGroupsWithState';
    return `${name} ${listString(this.output)}, ${this.node.timeout}`;
  }
}
