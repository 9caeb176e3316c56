/**
 * Passes rows through and records the max, min, average and count of their event times, from
 * which the query moves its watermark at the end of the batch. Spark:
 * sql/core/.../streaming/EventTimeWatermarkExec.scala.
 *
 * Event time: the operator never drops a row; late rows are dropped by the stateful operators
 * above it. Null event times are not counted, as in Spark.
 */
import { bind, type RDD, type TaskContext } from '../../../shared/index.js';
import { registerBuiltin } from '../../../shared/util/builtinFunctions.js';
import type { CodegenContext } from '../../expressions/codegen/CodegenContext.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { instantiate, reportLocals, type ShippableCode, shippableValues, type TaskLocals } from '../../plan/physical/ShippableCode.js';
import { AccumulatorRef, registerAccumulatorKind } from '../../plan/physical/TaskAccumulators.js';
import { type Consumer, type ExecutionContext, type ProduceChild, type SparkPlan, UnaryExecNode } from '../../plan/physical/SparkPlan.js';
import { EventTimeStats } from '../runtime/WatermarkTracker.js';

/** Event-time stats travel back from tasks as `[max, min, avg, count]`. */
registerAccumulatorKind<EventTimeStats, EventTimeStats>('eventTimeStats', {
  create: () => new EventTimeStats(),
  toData: (s) => [s.maxMs, s.minMs, s.avgMs, s.count],
  merge: (target, data) => target.merge(new EventTimeStats(...(data as [number, number, number, number]))),
});

/** The unfused operator's task function: rows pass through, their event times go to the task's stats. */
const observeEventTimes = registerBuiltin('structured.observeEventTimes', (rows: Iterable<InternalRow>, task: TaskContext, env: { readonly ordinal: number; readonly stats: ShippableCode }): InternalRow[] => {
  const locals: TaskLocals = [];
  const stats = instantiate<[EventTimeStats]>(env.stats, locals)[0];
  const out = Array.isArray(rows) ? (rows as InternalRow[]) : [...rows];
  for (const row of out) {
    const eventTimeMs = row[env.ordinal];
    if (eventTimeMs !== null && eventTimeMs !== undefined) stats.add(eventTimeMs as number);
  }
  reportLocals(task, locals);
  return out;
});

/** The physical withWatermark. */
export class EventTimeWatermarkExec extends UnaryExecNode {
  /** The event times seen in this batch, over all partitions (merged from each task's copy, TaskAccumulators.ts). */
  readonly eventTimeStats = new EventTimeStats();

  constructor(
    readonly eventTime: AttributeReference,
    readonly delayMs: number,
    readonly child: SparkPlan,
    readonly delayText: string,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.child.output;
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    return c[0] === this.child ? this : new EventTimeWatermarkExec(this.eventTime, this.delayMs, c[0]!, this.delayText);
  }

  /**
   * Fused into its stage: the rows pass through and each event time is added to the stats where
   * the row is. Why: as a stage boundary it split the yahoo query's narrow operators into two
   * generated functions with an array of rows between them.
   */
  override get supportsCodegen(): boolean {
    return true;
  }

  override doProduce(ctx: CodegenContext, consume: Consumer, produceChild: ProduceChild): string {
    const ordinal = this.child.output.findIndex((a) => a.exprId === this.eventTime.exprId);
    const stats = ctx.addBatchReference(this, 'eventTimeStats', this.codegenBatchReference('eventTimeStats'));
    return produceChild(this.child, (vars) => {
      const eventTimeMs = vars[ordinal]!;
      return `if (${eventTimeMs} !== null && ${eventTimeMs} !== undefined) ${stats}.add(${eventTimeMs});\n${consume(vars)}`;
    });
  }

  /** The stats are this batch's: a stage generated for an earlier batch reads them through its references. */
  override get codegenBatchFields(): readonly string[] {
    return ['eventTimeStats'];
  }

  override codegenBatchReference(name: string): unknown {
    if (name !== 'eventTimeStats') return super.codegenBatchReference(name);
    return new AccumulatorRef('eventTimeStats', this.eventTimeStats);
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const ordinal = this.child.output.findIndex((a) => a.exprId === this.eventTime.exprId);
    const stats = shippableValues([new AccumulatorRef('eventTimeStats', this.eventTimeStats)], ctx.sparkContext);
    return this.child.execute(ctx).mapPartitions(bind(observeEventTimes, { ordinal, stats }), true);
  }

  simpleString(): string {
    return `EventTimeWatermark ${this.eventTime.toString()}, ${this.delayText}`;
  }
}
