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
import type { Expression } from '../../expressions/Expression.js';
import { AttributeReference } from '../../expressions/NamedExpression.js';
import { Aggregate } from '../../plan/logical/Aggregate.js';
import { Deduplicate } from '../../plan/logical/Distinct.js';
import { Join } from '../../plan/logical/Join.js';
import { combineConjuncts } from '../../plan/optimizer/PredicateHelper.js';
import type { LogicalPlan } from '../../plan/logical/LogicalPlan.js';
import { HashAggregateExec } from '../../plan/physical/HashAggregateExec.js';
import { ShuffleExchangeExec } from '../../plan/physical/ShuffleExchangeExec.js';
import type { SparkPlan } from '../../plan/physical/SparkPlan.js';
import type { SparkPlanner, Strategy } from '../../plan/physical/SparkPlanner.js';
import { EventTimeWatermark } from '../logical/EventTimeWatermark.js';
import { DeduplicateWithinWatermark } from '../logical/DeduplicateWithinWatermark.js';
import { eventTimeColumns, findEventTimeColumn, sessionWindowAttribute } from '../logical/eventTimeColumns.js';
import { FlatMapGroupsWithState } from '../logical/FlatMapGroupsWithState.js';
import { StreamingJoinErrors, WindowErrors } from '../logical/statefulErrors.js';
import { splitJoinCondition, stateValueWatermark } from '../logical/StreamingJoinHelper.js';
import { EventTimeWatermarkExec } from '../operators/EventTimeWatermarkExec.js';
import { FlatMapGroupsWithStateExec } from '../operators/FlatMapGroupsWithStateExec.js';
import { LateRowTapExec } from '../operators/LateRowTapExec.js';
import { isStatefulExec, OperatorState } from '../operators/OperatorState.js';
import { SessionWindowAggregationExec } from '../operators/SessionWindowAggregationExec.js';
import { StatefulAggregationExec } from '../operators/StatefulAggregationExec.js';
import { type DeduplicateMode, StreamingDeduplicateExec } from '../operators/StreamingDeduplicateExec.js';
import { type JoinSideSpec, StreamingSymmetricHashJoinExec } from '../operators/StreamingSymmetricHashJoinExec.js';
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
    const session = sessionWindowAttribute(plan);
    const state = ids.state(session ? 'sessionWindowStateStoreSaveExec' : 'stateStoreSave');
    const planned = planner.planAggregate(plan, planner.plan(plan.child));
    if (!(planned instanceof HashAggregateExec)) throw new Error('Internal error: planAggregate did not end in a HashAggregate');
    const keys = planned.groupingExpressions.map((g) => g.toAttribute());
    if (session) {
      if (keys.length === 1) throw WindowErrors.globalSessionWindow();
      state.lateData = eventTimeColumns(plan.child).lateData.get(session.exprId);
      const si = keys.findIndex((k) => k.exprId === session.exprId);
      const partial = (planned.child as ShuffleExchangeExec).child;
      const exchange = exchangeByKeys(keys.filter((_, i) => i !== si), partial, ids.ctx.numStatePartitions);
      return new SessionWindowAggregationExec(keys, si, planned.aggregateFunctions, planned.aggregateAttributes, planned.resultExpressions, exchange, state);
    }
    const { delays } = eventTimeColumns(plan.child);
    const timeKeyIndex = plan.groupingExpressions.findIndex((g) => 'exprId' in g && delays.has((g as { exprId: number }).exprId));
    let exchange = planned.child;
    const timeKey = plan.groupingExpressions[timeKeyIndex];
    state.lateData = timeKey instanceof AttributeReference ? eventTimeColumns(plan.child).lateData.get(timeKey.exprId) : undefined;
    if (state.lateData && ids.ctx.outputMode !== 'Complete' && timeKey instanceof AttributeReference) {
      const partial = exchange.children[0]!;
      exchange = exchange.withNewChildren([partial.withNewChildren([new LateRowTapExec(timeKey, partial.children[0]!, state)])]);
    }
    return new StatefulAggregationExec(keys, planned.aggregateFunctions, planned.aggregateAttributes, planned.resultExpressions,
      timeKeyIndex, exchange, state);
  };
}

/** `child` shuffled by `keys` into the state partitions (one partition without keys). */
function exchangeByKeys(keys: readonly AttributeReference[], child: SparkPlan, numPartitions: number): SparkPlan {
  return keys.length === 0
    ? new ShuffleExchangeExec({ kind: 'single' }, child)
    : new ShuffleExchangeExec({ kind: 'hash', expressions: keys, numPartitions }, child);
}

/** Streaming dropDuplicates and dropDuplicatesWithinWatermark. */
function deduplicateStrategy(ids: OperatorIds): Strategy {
  return (plan: LogicalPlan, planner: SparkPlanner) => {
    if (!(plan instanceof Deduplicate || plan instanceof DeduplicateWithinWatermark) || !plan.isStreaming) return undefined;
    const within = plan instanceof DeduplicateWithinWatermark;
    const state = ids.state(within ? 'dedupeWithinWatermark' : 'dedupe');
    const child = exchangeByKeys(plan.keys, planner.plan(plan.child), ids.ctx.numStatePartitions);
    const { delays } = eventTimeColumns(plan.child);
    const eventTime = findEventTimeColumn(plan.child, plan.child.output);
    const mode: DeduplicateMode = within
      ? { kind: 'withinWatermark', delayMs: eventTime ? delays.get(eventTime.exprId)! : 0 }
      : { kind: 'keys', eventTimeKeyIndex: plan.keys.findIndex((k) => delays.has(k.exprId)) };
    if (eventTime) state.lateData = eventTimeColumns(plan.child).lateData.get(eventTime.exprId);
    return new StreamingDeduplicateExec(plan.keys, mode, eventTime, child, state);
  };
}

/** [flat]MapGroupsWithState on a stream. */
function groupsWithStateStrategy(ids: OperatorIds): Strategy {
  return (plan: LogicalPlan, planner: SparkPlanner) => {
    if (!(plan instanceof FlatMapGroupsWithState) || !plan.isStreaming) return undefined;
    const state = ids.state('flatMapGroupsWithState');
    const eventTime = findEventTimeColumn(plan.child, plan.child.output);
    if (eventTime) state.lateData = eventTimeColumns(plan.child).lateData.get(eventTime.exprId);
    return new FlatMapGroupsWithStateExec(plan, eventTime, planner.plan(plan.child), state);
  };
}

/** A join of two streams (stream-static joins are stateless and planned as batch joins). */
function streamStreamJoinStrategy(ids: OperatorIds): Strategy {
  return (plan: LogicalPlan, planner: SparkPlanner) => {
    if (!(plan instanceof Join) || !plan.left.isStreaming || !plan.right.isStreaming) return undefined;
    const state = ids.state('symmetricHashJoin');
    const split = splitJoinCondition(plan);
    if (split.leftKeys.length === 0) throw StreamingJoinErrors.noEqualityPredicate(plan.condition?.sql() ?? 'none');
    const { delays, lateData } = eventTimeColumns(plan);
    state.lateData = [...plan.output].map((a) => lateData.get(a.exprId)).find((o) => o !== undefined);
    const watermarked = (k: Expression) => k instanceof AttributeReference && delays.has(k.exprId);
    const leftKeyIndex = split.leftKeys.findIndex(watermarked);
    const watermarkKeyIndex = leftKeyIndex >= 0 ? leftKeyIndex : split.rightKeys.findIndex(watermarked);
    const spec = (keys: Expression[], pre: Expression[], own: LogicalPlan, other: LogicalPlan): JoinSideSpec => ({
      keys,
      preJoinFilter: combineConjuncts(pre),
      eventTime: findEventTimeColumn(own, own.output),
      stateValueWatermark: (evictionMs) => stateValueWatermark(own.output, other.output, plan.condition, evictionMs, delays),
    });
    const n = ids.ctx.numStatePartitions;
    const left = new ShuffleExchangeExec({ kind: 'hash', expressions: split.leftKeys, numPartitions: n }, planner.plan(plan.left));
    const right = new ShuffleExchangeExec({ kind: 'hash', expressions: split.rightKeys, numPartitions: n }, planner.plan(plan.right));
    return new StreamingSymmetricHashJoinExec(plan.joinType, spec(split.leftKeys, split.leftOnly, plan.left, plan.right),
      spec(split.rightKeys, split.rightOnly, plan.right, plan.left), combineConjuncts(split.both), watermarkKeyIndex, plan.output, left, right, state);
  };
}

/** The strategies for one batch, with fresh operator ids. */
export function statefulStrategies(ctx: StatefulOperatorContext): Strategy[] {
  const ids = new OperatorIds(ctx);
  return [watermarkStrategy, aggregationStrategy(ids), deduplicateStrategy(ids), groupsWithStateStrategy(ids), streamStreamJoinStrategy(ids)];
}

function watermarkExecs(plan: SparkPlan): EventTimeWatermarkExec[] {
  return plan.collect((p) => (p instanceof EventTimeWatermarkExec ? p : undefined));
}

/**
 * Streaming operators whose tasks still close over driver objects (their state access, user
 * functions or side outputs), so they run on inline masters only. Streaming aggregation, the
 * watermark and stateless operators run on worker executors.
 */
function operatorsNotOnWorkers(plan: LogicalPlan): string[] {
  const found = new Set<string>();
  plan.foreach((p) => {
    if (!p.isStreaming) return;
    if (p instanceof Deduplicate) found.add('dropDuplicates');
    else if (p instanceof DeduplicateWithinWatermark) found.add('dropDuplicatesWithinWatermark');
    else if (p instanceof FlatMapGroupsWithState) found.add('[flat]MapGroupsWithState');
    else if (p instanceof Join && p.left.isStreaming && p.right.isStreaming) found.add('stream-stream join');
    else if (p instanceof Aggregate && sessionWindowAttribute(p)) found.add('session window aggregation');
  });
  return [...found];
}

/** The hooks MicroBatchExecution calls. */
export const statefulPlanningHooks: StatefulPlanningHooks = {
  strategies: statefulStrategies,
  checkStreamingPlan: checkForStreaming,
  operatorsNotOnWorkers,
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
