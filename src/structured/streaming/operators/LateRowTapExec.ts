/**
 * Passes rows through and sends those a streaming aggregation will drop as late to the
 * watermark's side output, before partial aggregation merges them. Beyond Spark (its
 * aggregation only counts late keys); see LateDataSideOutput.
 *
 * Event time: a row is late when its event-time grouping value (window end, or the time itself)
 * is at or before the late-events watermark, the test the aggregation's state operator applies.
 *
 * The task collects its late rows in an accumulator (TaskAccumulators.ts), so only late rows
 * travel back from worker executors; the driver reports them when the task succeeds.
 */
import { bind, type RDD, type TaskContext } from '../../../shared/index.js';
import { registerBuiltin } from '../../../shared/util/builtinFunctions.js';
import { toExternalRow } from '../../execution/rowConversion.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { instantiate, reportLocals, type ShippableCode, shippableValues, type TaskLocals } from '../../plan/physical/ShippableCode.js';
import { type ExecutionContext, type SparkPlan, UnaryExecNode } from '../../plan/physical/SparkPlan.js';
import { AccumulatorRef, registerAccumulatorKind } from '../../plan/physical/TaskAccumulators.js';
import type { OperatorState } from './OperatorState.js';
import { isOlderThanWatermark } from './watermarkPredicates.js';

/** A late row as a task found it: the internal row, its event-time value and the watermark. */
type LateEntry = [InternalRow, unknown, number];

/** Where a tap's late rows go on the driver. */
interface LateRowSink {
  report(entry: LateEntry): void;
}

registerAccumulatorKind<LateEntry[], LateRowSink>('lateRows', {
  create: () => [],
  toData: (entries) => entries,
  merge: (sink, data) => {
    for (const entry of data as LateEntry[]) sink.report(entry);
  },
});

/** The task function: rows pass through; late ones are also kept for the side output. */
const tapLateRows = registerBuiltin('structured.tapLateRows', (rows: Iterable<InternalRow>, task: TaskContext, env: { readonly ordinal: number; readonly watermarkMs: number; readonly late: ShippableCode }): InternalRow[] => {
  const locals: TaskLocals = [];
  const late = instantiate<[LateEntry[]]>(env.late, locals)[0];
  const out = Array.isArray(rows) ? (rows as InternalRow[]) : [...rows];
  for (const row of out) {
    const value = row[env.ordinal];
    if (isOlderThanWatermark(value, env.watermarkMs)) late.push([row, value, env.watermarkMs]);
  }
  reportLocals(task, locals);
  return out;
});

/** The late-row tap under a streaming aggregation's partial aggregate. */
export class LateRowTapExec extends UnaryExecNode {
  /** Receives the tasks' late rows on the driver (held here, so it lives as long as the batch's plan). */
  readonly #sink: LateRowSink = {
    report: ([row, value, watermarkMs]) => this.aggregationState.reportLate(toExternalRow(row, this.child.output), value as number, watermarkMs),
  };

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
    const ordinal = this.child.output.findIndex((a) => a.exprId === this.eventTime.exprId);
    const late = shippableValues([new AccumulatorRef('lateRows', this.#sink)], ctx.sparkContext);
    const env = { ordinal, watermarkMs: this.aggregationState.lateEventsWatermarkMs, late };
    return this.child.execute(ctx).mapPartitions(bind(tapLateRows, env), true);
  }

  simpleString(): string {
    return `LateRowTap ${this.eventTime.toString()}`;
  }
}
