/**
 * Replaces every current_timestamp() of a query with one literal: the query's start time from
 * the session Clock. Spark: optimizer/finishAnalysis.scala (ComputeCurrentTime).
 */
import { CurrentTimestamp } from '../../../expressions/datetimeExpressions.js';
import { Literal } from '../../../expressions/Literal.js';
import { TimestampType } from '../../../types/DataType.js';
import type { LogicalPlan } from '../../logical/LogicalPlan.js';
import type { Rule } from '../Rule.js';

/** The rule for a query starting at `currentTimeMs` (processing time, from the Clock). */
export function computeCurrentTime(currentTimeMs: number): Rule {
  const now = new Literal(currentTimeMs, TimestampType);
  return {
    ruleName: 'ComputeCurrentTime',
    apply(plan: LogicalPlan): LogicalPlan {
      return plan.transformAllExpressions((e) => (e instanceof CurrentTimestamp ? now : undefined));
    },
  };
}
