/**
 * Passes rows through and sends those a streaming aggregation will drop as late to the
 * watermark's side output, before partial aggregation merges them. Beyond Spark (its
 * aggregation only counts late keys); see LateDataSideOutput.
 *
 * Event time: a row is late when its event-time grouping value (window end, or the time itself)
 * is at or before the late-events watermark, the test the aggregation's state operator applies.
 */
import type { RDD } from '../../../shared/index.js';
import { toExternalRow } from '../../execution/rowConversion.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { type ExecutionContext, type SparkPlan, UnaryExecNode } from '../../plan/physical/SparkPlan.js';
import type { OperatorState } from './OperatorState.js';
import { isOlderThanWatermark } from './watermarkPredicates.js';

/** The late-row tap under a streaming aggregation's partial aggregate. */
export class LateRowTapExec extends UnaryExecNode {
  constructor(
    readonly eventTime: AttributeReference,
    readonly child: SparkPlan,
    /** The aggregation's state, whose side output and watermarks the tap uses (not a stateful operator itself). */
    readonly aggregationState: OperatorState,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.child.output;
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    return c[0] === this.child ? this : new LateRowTapExec(this.eventTime, c[0]!, this.aggregationState);
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const output = this.child.output;
    const ordinal = output.findIndex((a) => a.exprId === this.eventTime.exprId);
    const state = this.aggregationState;
    return this.child.execute(ctx).mapPartitions((rows) => {
      const out = Array.isArray(rows) ? (rows as InternalRow[]) : [...rows];
      const watermarkMs = state.lateEventsWatermarkMs;
      for (const row of out) {
        const value = row[ordinal];
        if (isOlderThanWatermark(value, watermarkMs)) state.reportLate(toExternalRow(row, output), value as number, watermarkMs);
      }
      return out;
    }, true);
  }

  simpleString(): string {
    return `LateRowTap ${this.eventTime.toString()}`;
  }
}
