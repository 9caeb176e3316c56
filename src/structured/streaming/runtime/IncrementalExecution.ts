/**
 * The plans of one micro-batch: the query's streaming plan with each source replaced by the
 * batch's rows, optimized at the batch's timestamp and planned with the stateful strategies.
 * Spark: sql/core/.../execution/streaming/IncrementalExecution.scala.
 *
 * ```
 * Project [v#1]                          Project [v#1]
 * +- Filter (v#1 > 1)          ==>       +- Filter (v#1 > 1)
 *    +- StreamingRelation m, [v#1]          +- StreamingBatchRelation [v#1]   (RDD of batch 3's rows)
 * ```
 */
import type { RDD } from '../../../shared/index.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { LogicalRDD } from '../../plan/logical/LogicalRDD.js';
import type { LogicalPlan } from '../../plan/logical/LogicalPlan.js';
import type { GeneratedStageCache } from '../../plan/physical/GeneratedStageCache.js';
import type { SparkPlan } from '../../plan/physical/SparkPlan.js';
import { SparkPlanner } from '../../plan/physical/SparkPlanner.js';
import { QueryExecution } from '../../QueryExecution.js';
import type { SparkSession } from '../../SparkSession.js';
import type { StatefulOperatorContext, StatefulPlanningHooks } from './StatefulOperatorContext.js';
import { StreamingRelation } from './StreamingRelation.js';

/**
 * One batch's rows in the plan. It still says isStreaming, so optimizer rules that must not treat
 * a stream as a finite table (PruneFilters, ReplaceDeduplicateWithAggregate) keep away from it.
 */
export class StreamingBatchRelation extends LogicalRDD {
  constructor(outputAttrs: AttributeReference[], rdd: () => RDD<InternalRow>) {
    super(outputAttrs, rdd, 'StreamingBatchRelation');
  }

  override get isStreaming(): boolean {
    return true;
  }
}

/** The plan of `plan` for one batch: each StreamingRelation becomes that source's batch RDD. */
export function replaceSources(plan: LogicalPlan, relations: readonly StreamingRelation[], batchRdds: readonly RDD<InternalRow>[]): LogicalPlan {
  return plan.transformUp((node) => {
    if (!(node instanceof StreamingRelation)) return undefined;
    const index = relations.indexOf(node);
    const rdd = batchRdds[index]!;
    return new StreamingBatchRelation(node.output, () => rdd);
  });
}

/** The query execution of one micro-batch. */
export class IncrementalExecution extends QueryExecution {
  #optimizedPlan: LogicalPlan | undefined;
  #sparkPlan: SparkPlan | undefined;

  constructor(
    session: SparkSession,
    /** The batch plan: sources already replaced (replaceSources). */
    batchPlan: LogicalPlan,
    readonly context: StatefulOperatorContext,
    readonly hooks: StatefulPlanningHooks | undefined,
    /** The query's generated stages (MicroBatchExecution owns them), or none. */
    readonly stageCache?: GeneratedStageCache,
  ) {
    super(session, batchPlan, batchPlan);
  }

  override get generatedStages(): GeneratedStageCache | undefined {
    return this.stageCache;
  }

  /** Optimized with the batch's timestamp, so current_timestamp() is the same on a re-run of the batch. */
  override get optimizedPlan(): LogicalPlan {
    this.#optimizedPlan ??= this.session.optimizer.execute(this.analyzed, this.context.batchTimestampMs, this.optimizerTrace);
    return this.#optimizedPlan;
  }

  override get sparkPlan(): SparkPlan {
    this.#sparkPlan ??= new SparkPlanner({
      exprIds: this.session.exprIds,
      shufflePartitions: this.context.numStatePartitions,
      extraStrategies: [...(this.hooks?.strategies(this.context) ?? []), ...this.session.experimental.extraStrategies],
    }).plan(this.optimizedPlan);
    return this.#sparkPlan;
  }
}
