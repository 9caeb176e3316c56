/**
 * Planning for [flat]MapGroupsWithState and session-window aggregation in batch queries (Spark
 * plans these in its batch strategies; here they are added to the session's extraStrategies the
 * first time a DataFrame uses them, Spark's `spark.experimental.extraStrategies` extension point).
 */
import { Aggregate } from '../../plan/logical/Aggregate.js';
import type { HashAggregateExec } from '../../plan/physical/HashAggregateExec.js';
import { ShuffleExchangeExec } from '../../plan/physical/ShuffleExchangeExec.js';
import type { Strategy } from '../../plan/physical/SparkPlanner.js';
import type { SparkSession } from '../../SparkSession.js';
import { hasWatermarkedOutput, sessionWindowAttribute } from '../logical/eventTimeColumns.js';
import { FlatMapGroupsWithState } from '../logical/FlatMapGroupsWithState.js';
import { BatchFlatMapGroupsWithStateExec } from './BatchFlatMapGroupsWithStateExec.js';
import { BatchSessionWindowAggregationExec } from './BatchSessionWindowAggregationExec.js';

/** [flat]MapGroupsWithState on a batch plan. */
export const batchStatefulStrategy: Strategy = (plan, planner) => {
  if (!(plan instanceof FlatMapGroupsWithState) || plan.isStreaming) return undefined;
  return new BatchFlatMapGroupsWithStateExec(plan, hasWatermarkedOutput(plan.child), planner.context.shufflePartitions, planner.plan(plan.child));
};

/** A session-window aggregation on a batch plan: partial aggregate, shuffle by the other keys, merge sessions. */
export const batchSessionWindowStrategy: Strategy = (plan, planner) => {
  if (!(plan instanceof Aggregate) || plan.isStreaming) return undefined;
  const session = sessionWindowAttribute(plan);
  if (!session) return undefined;
  const planned = planner.planAggregate(plan, planner.plan(plan.child)) as HashAggregateExec;
  const keys = planned.groupingExpressions.map((g) => g.toAttribute());
  const si = keys.findIndex((k) => k.exprId === session.exprId);
  const others = keys.filter((_, i) => i !== si);
  const partial = (planned.child as ShuffleExchangeExec).child;
  const exchange = others.length === 0
    ? new ShuffleExchangeExec({ kind: 'single' }, partial)
    : new ShuffleExchangeExec({ kind: 'hash', expressions: others, numPartitions: planner.context.shufflePartitions }, partial);
  return new BatchSessionWindowAggregationExec(keys, si, planned.aggregateFunctions, planned.aggregateAttributes, planned.resultExpressions, exchange);
};

/** Adds the batch strategies to `session` once. */
export function installBatchStatefulStrategies(session: SparkSession): void {
  const strategies = session.experimental.extraStrategies;
  for (const strategy of [batchStatefulStrategy, batchSessionWindowStrategy]) if (!strategies.includes(strategy)) strategies.push(strategy);
}
