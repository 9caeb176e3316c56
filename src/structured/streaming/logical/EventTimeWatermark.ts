/**
 * `withWatermark(eventTime, delay)` in a logical plan: marks a timestamp column as the event time
 * and says how late its rows may arrive. Spark: sql/catalyst/.../plans/logical/EventTimeWatermark.scala
 * and Dataset.withWatermark.
 *
 * Event time: the watermark is `max(eventTime seen in earlier batches) - delay`; the node itself
 * passes rows through and only records the event times it sees (EventTimeWatermarkExec). A new
 * withWatermark replaces an earlier one: only the latest event-time column keeps a delay.
 */
import type { Expression } from '../../expressions/Expression.js';
import { AttributeReference } from '../../expressions/NamedExpression.js';
import { type LogicalPlan, UnaryNode } from '../../plan/logical/LogicalPlan.js';
import { TimestampType } from '../../types/DataType.js';
import type { LateDataSideOutput } from '../LateDataSideOutput.js';
import { parseIntervalMs } from '../Trigger.js';
import { WatermarkErrors } from './statefulErrors.js';

/** Spark counts a month as 31 days in a watermark delay (EventTimeWatermark.getDelayMs). */
const MS_PER_MONTH = 31 * 86_400_000;

/**
 * The delay of an interval string in ms: `'10 seconds'`, `'1 minute 30 seconds'`, `'2 years 5 months'`
 * (a month is 31 days, a year 12 months, as in Spark).
 * @throws IllegalArgumentError INVALID_WATERMARK_DELAY for text that is not an interval, or a negative total
 */
export function parseDelayMs(delay: string): number {
  const words = delay.trim().toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  if (words[0] === 'interval') words.shift();
  if (words.length === 0 || words.length % 2 !== 0) throw WatermarkErrors.unparsableDelay(delay, "write '<number> <unit>' pairs such as '10 seconds'");
  let totalMs = 0;
  for (let i = 0; i < words.length; i += 2) {
    const amount = Number(words[i]);
    const unit = words[i + 1]!.replace(/s$/, '');
    if (unit === 'month' || unit === 'year') {
      if (!Number.isFinite(amount)) throw WatermarkErrors.unparsableDelay(delay, `'${words[i]}' is not a number`);
      totalMs += amount * (unit === 'year' ? 12 : 1) * MS_PER_MONTH;
      continue;
    }
    try {
      totalMs += parseIntervalMs(`${words[i]} ${words[i + 1]}`);
    } catch (error) {
      throw WatermarkErrors.unparsableDelay(delay, (error as Error).message);
    }
  }
  if (totalMs < 0) throw WatermarkErrors.negativeDelay(delay);
  return totalMs;
}

/** The watermark node: output is the child's output. */
export class EventTimeWatermark extends UnaryNode {
  constructor(
    readonly eventTime: AttributeReference,
    readonly delayMs: number,
    readonly child: LogicalPlan,
    /** The delay as the user wrote it, for plan strings. */
    readonly delayText: string = `${delayMs} ms`,
    /** Where the stateful operators send the rows this watermark makes late (beyond Spark). */
    readonly lateData: LateDataSideOutput | undefined = undefined,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.child.output;
  }

  get expressions(): readonly Expression[] {
    return [this.eventTime];
  }

  withNewExpressions(e: readonly Expression[]): LogicalPlan {
    return new EventTimeWatermark(e[0] as AttributeReference, this.delayMs, this.child, this.delayText, this.lateData);
  }

  withNewChildren(c: readonly LogicalPlan[]): LogicalPlan {
    return c[0] === this.child ? this : new EventTimeWatermark(this.eventTime, this.delayMs, c[0]!, this.delayText, this.lateData);
  }

  simpleString(): string {
    return `EventTimeWatermark ${this.eventTime.toString()}, ${this.delayText}`;
  }
}

/**
 * The plan of `child.withWatermark(eventTime, delay)`. On a batch plan the watermark means
 * nothing and the plan is returned unchanged (Spark's EliminateEventTimeWatermark), after the same
 * checks.
 * @throws AnalysisException EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE when the column is not a timestamp
 * @throws IllegalArgumentError INVALID_WATERMARK_DELAY for a bad or negative delay
 */
export function withWatermarkPlan(child: LogicalPlan, eventTime: Expression, columnName: string, delay: string, lateData?: LateDataSideOutput): LogicalPlan {
  const delayMs = parseDelayMs(delay);
  if (eventTime.dataType !== TimestampType) throw WatermarkErrors.wrongEventTimeType(columnName, eventTime.dataType.sqlName);
  if (!(eventTime instanceof AttributeReference)) throw WatermarkErrors.wrongEventTimeType(columnName, 'a nested field');
  if (!child.isStreaming) return child;
  return new EventTimeWatermark(eventTime, delayMs, child, delay, lateData);
}

