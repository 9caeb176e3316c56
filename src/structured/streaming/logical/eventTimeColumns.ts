/**
 * Which columns of a plan carry an event-time watermark (and its delay), and which are session
 * windows. Spark keeps both in attribute metadata (`spark.watermarkDelayMs`,
 * `spark.sessionWindow`); attributes here have no metadata, so the facts are derived from the plan:
 * EventTimeWatermark.scala (output), ResolveTimeWindows.scala (the window column inherits its time
 * column's metadata) and namedExpressions.scala (an Alias of an attribute keeps its metadata).
 *
 * ```
 * Aggregate [window#7]                 window#7 -> 10 s   (window of a watermarked column)
 * +- Generate window(eventTime#3)      eventTime#3 -> 10 s
 *    +- EventTimeWatermark eventTime#3, 10 seconds
 * ```
 */
import { Alias } from '../../expressions/Alias.js';
import type { Expression } from '../../expressions/Expression.js';
import { AttributeReference } from '../../expressions/NamedExpression.js';
import { SessionWindow } from '../../expressions/SessionWindow.js';
import { TimeWindow } from '../../expressions/TimeWindow.js';
import { Aggregate } from '../../plan/logical/Aggregate.js';
import { Generate } from '../../plan/logical/Generate.js';
import type { LogicalPlan } from '../../plan/logical/LogicalPlan.js';
import { Project } from '../../plan/logical/Project.js';
import type { LateDataSideOutput } from '../LateDataSideOutput.js';
import { EventTimeWatermark } from './EventTimeWatermark.js';

/** The event-time facts of a plan's columns, by exprId. */
export interface EventTimeColumns {
  /** Columns with a watermark: exprId -> delay in ms. */
  readonly delays: ReadonlyMap<number, number>;
  /** Columns holding session windows (before or after merging). */
  readonly sessionWindows: ReadonlySet<number>;
  /** The late-data side output of each watermarked column whose withWatermark has one. */
  readonly lateData: ReadonlyMap<number, LateDataSideOutput>;
}

const cache = new WeakMap<LogicalPlan, EventTimeColumns>();

/** The event-time facts for every column `plan` or its descendants produce. */
export function eventTimeColumns(plan: LogicalPlan): EventTimeColumns {
  const cached = cache.get(plan);
  if (cached) return cached;
  const delays = new Map<number, number>();
  const sessionWindows = new Set<number>();
  const lateData = new Map<number, LateDataSideOutput>();
  for (const child of plan.children) {
    const c = eventTimeColumns(child);
    for (const [id, ms] of c.delays) delays.set(id, ms);
    for (const id of c.sessionWindows) sessionWindows.add(id);
    for (const [id, out] of c.lateData) lateData.set(id, out);
  }
  if (plan instanceof EventTimeWatermark) {
    // A later withWatermark replaces the earlier one on this plan's columns (Spark test
    // "the new watermark should override the old one").
    for (const a of plan.child.output) {
      delays.delete(a.exprId);
      lateData.delete(a.exprId);
    }
    delays.set(plan.eventTime.exprId, plan.delayMs);
    if (plan.lateData) lateData.set(plan.eventTime.exprId, plan.lateData);
  }
  const named = plan instanceof Project ? plan.projectList : plan instanceof Aggregate ? plan.aggregateExpressions : [];
  for (const e of named) inherit(e, delays, sessionWindows, lateData);
  if (plan instanceof Generate && plan.generator instanceof TimeWindow) {
    const time = plan.generator.timeColumn;
    const delay = delayOf(time, delays);
    const out = time instanceof AttributeReference ? lateData.get(time.exprId) : undefined;
    for (const a of plan.generatorOutput) {
      if (delay !== undefined) delays.set(a.exprId, delay);
      if (out) lateData.set(a.exprId, out);
    }
  }
  const result = { delays, sessionWindows, lateData };
  cache.set(plan, result);
  return result;
}

function inherit(e: Expression, delays: Map<number, number>, sessions: Set<number>, lateData: Map<number, LateDataSideOutput>): void {
  if (!(e instanceof Alias) || e.exprId === undefined) return;
  if (e.child instanceof SessionWindow) sessions.add(e.exprId);
  const source = e.child instanceof SessionWindow ? e.child.timeColumn : e.child;
  if (!(source instanceof AttributeReference)) return;
  if (sessions.has(source.exprId)) sessions.add(e.exprId);
  const delay = delays.get(source.exprId);
  if (delay !== undefined) delays.set(e.exprId, delay);
  const out = lateData.get(source.exprId);
  if (out) lateData.set(e.exprId, out);
}

function delayOf(timeColumn: Expression, delays: ReadonlyMap<number, number>): number | undefined {
  return timeColumn instanceof AttributeReference ? delays.get(timeColumn.exprId) : undefined;
}

/** The watermark delay of `attr` as `plan` produces it, or undefined when it has none. */
export function watermarkDelayMs(plan: LogicalPlan, attr: AttributeReference): number | undefined {
  return eventTimeColumns(plan).delays.get(attr.exprId);
}

/** The first of `attrs` that carries a watermark (Spark's WatermarkSupport.findEventTimeColumn). */
export function findEventTimeColumn(plan: LogicalPlan, attrs: readonly AttributeReference[]): AttributeReference | undefined {
  const { delays } = eventTimeColumns(plan);
  return attrs.find((a) => delays.has(a.exprId));
}

/** True when some column of `plan`'s output carries a watermark. */
export function hasWatermarkedOutput(plan: LogicalPlan): boolean {
  return findEventTimeColumn(plan, plan.output) !== undefined;
}

/** The grouping attribute of `agg` that is a session window, if any. */
export function sessionWindowAttribute(agg: Aggregate): AttributeReference | undefined {
  const { sessionWindows } = eventTimeColumns(agg.child);
  return agg.groupingExpressions.find((g): g is AttributeReference => g instanceof AttributeReference && sessionWindows.has(g.exprId));
}
