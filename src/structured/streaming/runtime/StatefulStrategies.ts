/**
 * The stateful layer's hooks into each micro-batch: planning strategies for the streaming
 * stateful logical operators, the start-time plan check, and the per-batch answers
 * MicroBatchExecution asks for (watermark observations, state metrics, no-data batches).
 * Spark: sql/core/.../execution/SparkStrategies.scala (StatefulAggregationStrategy,
 * StreamingDeduplicationStrategy, StreamingJoinStrategy, FlatMapGroupsWithStateStrategy) and
 * IncrementalExecution.scala (state rule: operator ids, shouldRunAnotherBatch).
 *
 * Importing this module registers the hooks (registerStatefulPlanning); the structured index
 * imports it, so every query gets them.
 *
 * Operator ids are handed out in the order the planner meets stateful nodes, top-down (a parent
 * before its children, left before right), which is the same for every batch of a query.
 */
import { Aggregate } from '../../plan/logical/Aggregate.js';
import type { LogicalPlan } from '../../plan/logical/LogicalPlan.js';
import { HashAggregateExec } from '../../plan/physical/HashAggregateExec.js';
import type { SparkPlan } from '../../plan/physical/SparkPlan.js';
import type { SparkPlanner, Strategy } from '../../plan/physical/SparkPlanner.js';
import { EventTimeWatermark } from '../logical/EventTimeWatermark.js';
import { eventTimeColumns } from '../logical/eventTimeColumns.js';
import { EventTimeWatermarkExec } from '../operators/EventTimeWatermarkExec.js';
import { isStatefulExec, OperatorState } from '../operators/OperatorState.js';
import { StatefulAggregationExec } from '../operators/StatefulAggregationExec.js';
import {
  registerStatefulPlanning,
  type StatefulOperatorContext,
  type StatefulPlanningHooks,
  type StateOperatorMetrics,
} from './StatefulOperatorContext.js';
import { checkForStreaming } from './UnsupportedOperationChecker.js';
import type { WatermarkObservation } from './WatermarkTracker.js';

/** Hands out operator ids within one batch's planning. */
class OperatorIds {
  #next = 0;

  constructor(readonly ctx: StatefulOperatorContext) {}

  state(operatorName: string): OperatorState {
    return new OperatorState(this.ctx, this.#next++, operatorName);
  }
}

/** withWatermark: records event times; never stateful. */
const watermarkStrategy: Strategy = (plan, planner) => {
  if (!(plan instanceof EventTimeWatermark)) return undefined;
  return new EventTimeWatermarkExec(plan.eventTime, plan.delayMs, planner.plan(plan.child), plan.delayText);
};

/** Streaming aggregation: partial aggregate, shuffle by key, then the stateful operator. */
function aggregationStrategy(ids: OperatorIds): Strategy {
  return (plan: LogicalPlan, planner: SparkPlanner) => {
    if (!(plan instanceof Aggregate) || !plan.isStreaming) return undefined;
    const state = ids.state('stateStoreSave');
    const planned = planner.planAggregate(plan, planner.plan(plan.child));
    if (!(planned instanceof HashAggregateExec)) throw new Error('Internal error: planAggregate did not end in a HashAggregate');
    const keys = planned.groupingExpressions.map((g) => g.toAttribute());
    const { delays } = eventTimeColumns(plan.child);
    const timeKeyIndex = plan.groupingExpressions.findIndex((g) => 'exprId' in g && delays.has((g as { exprId: number }).exprId));
    return new StatefulAggregationExec(keys, planned.aggregateFunctions, planned.aggregateAttributes, planned.resultExpressions,
      timeKeyIndex, planned.child, state);
  };
}

/** The strategies for one batch, with fresh operator ids. */
export function statefulStrategies(ctx: StatefulOperatorContext): Strategy[] {
  const ids = new OperatorIds(ctx);
  return [watermarkStrategy, aggregationStrategy(ids)];
}

function watermarkExecs(plan: SparkPlan): EventTimeWatermarkExec[] {
  return plan.collect((p) => (p instanceof EventTimeWatermarkExec ? p : undefined));
}

/** The hooks MicroBatchExecution calls. */
export const statefulPlanningHooks: StatefulPlanningHooks = {
  strategies: statefulStrategies,
  checkStreamingPlan: checkForStreaming,
  shouldRunNoDataBatch(executedPlan: SparkPlan, nextWatermarkMs: number): boolean {
    return executedPlan.collect((p) => (isStatefulExec(p) ? p : undefined)).some((p) => p.shouldRunAnotherBatch(nextWatermarkMs));
  },
  watermarkObservations(executedPlan: SparkPlan): readonly WatermarkObservation[] {
    return watermarkExecs(executedPlan).map((w, i) => ({ operatorId: String(i), delayMs: w.delayMs, stats: w.eventTimeStats }));
  },
  watermarkOperatorIds(plan: LogicalPlan): readonly string[] {
    return plan.collect((p) => (p instanceof EventTimeWatermark ? p : undefined)).map((_, i) => String(i));
  },
  stateOperatorMetrics(executedPlan: SparkPlan): readonly StateOperatorMetrics[] {
    return executedPlan.collect((p) => (isStatefulExec(p) ? p : undefined))
      .sort((a, b) => a.operatorState.operatorId - b.operatorState.operatorId)
      .map((p) => ({ ...p.operatorState.metrics }));
  },
};

registerStatefulPlanning(statefulPlanningHooks);
