/**
 * The rule batches that turn an analyzed plan into an optimized one. Spark: optimizer/Optimizer.scala.
 *
 * Batches, in order: Finish Analysis (once: current time, distinct -> aggregate), then Operator
 * Optimization to a fixed point (push filters down, prune columns, collapse projections, fold
 * constants, simplify booleans, drop no-op operators). Other engines (streaming) can append
 * rules through `extraRules`.
 */
import type { LogicalPlan } from '../logical/LogicalPlan.js';
import { OptimizedPlanCache } from './OptimizedPlanCache.js';
import { type Batch, executeBatches, type Rule, type RuleTrace } from './Rule.js';
import { BooleanSimplification } from './rules/BooleanSimplification.js';
import { CollapseProject } from './rules/CollapseProject.js';
import { ColumnPruning } from './rules/ColumnPruning.js';
import { CombineFilters } from './rules/CombineFilters.js';
import { computeCurrentTime } from './rules/ComputeCurrentTime.js';
import { ConstantFolding } from './rules/ConstantFolding.js';
import { PruneFilters } from './rules/PruneFilters.js';
import { PushDownPredicate } from './rules/PushDownPredicate.js';
import { RemoveNoopOperators } from './rules/RemoveNoopOperators.js';
import { ReplaceDeduplicateWithAggregate, ReplaceDistinctWithAggregate } from './rules/ReplaceDistinctWithAggregate.js';

/** The fixed-point pass limit (spark.sql.optimizer.maxIterations). */
export const MAX_ITERATIONS = 100;

/** The operator-optimization rules, in the order each pass applies them. */
export const OPERATOR_OPTIMIZATION_RULES: readonly Rule[] = [
  PushDownPredicate,
  CombineFilters,
  ColumnPruning,
  CollapseProject,
  RemoveNoopOperators,
  ConstantFolding,
  BooleanSimplification,
  PruneFilters,
];

/** Micro-batch plans optimized before, shared by every session (plans match by object identity). */
const planCache = new OptimizedPlanCache();

/** Optimizes plans for one session. */
export class Optimizer {
  constructor(readonly extraRules: readonly Rule[] = []) {}

  /** The batches for a query starting at `currentTimeMs`. */
  batches(currentTimeMs: number): Batch[] {
    return [
      {
        name: 'Finish Analysis',
        strategy: 'once',
        rules: [computeCurrentTime(currentTimeMs), ReplaceDistinctWithAggregate, ReplaceDeduplicateWithAggregate],
      },
      { name: 'Operator Optimization', strategy: MAX_ITERATIONS, rules: [...OPERATOR_OPTIMIZATION_RULES, ...this.extraRules] },
    ];
  }

  /** The optimized plan; `trace` (if given) records each rule that changed it. */
  execute(plan: LogicalPlan, currentTimeMs: number, trace?: RuleTrace[]): LogicalPlan {
    const [finishAnalysis, ...rest] = this.batches(currentTimeMs);
    const analyzed = executeBatches(plan, [finishAnalysis!], trace);
    // Extra rules are the user's: nothing says they ignore what an RDD relation holds.
    if (this.extraRules.length > 0) return executeBatches(analyzed, rest, trace);
    // A lone relation without expressions (a foreachBatch DataFrame over the batch's rows) is its
    // own optimized plan: every operator-optimization rule rewrites an operator over a child or an
    // expression. Not caching it keeps such one-off plans out of the micro-batch cache.
    if (analyzed.children.length === 0 && analyzed.expressions.length === 0) return analyzed;
    // A micro-batch's plan is the previous one over new RDD relations: reuse its optimization
    // (OptimizedPlanCache.ts); the rules took ~3 ms of every batch, no-data batches included.
    const cached = planCache.lookup(analyzed);
    if (cached) {
      trace?.push(...cached.trace);
      return cached.optimized;
    }
    const ruleTrace: RuleTrace[] = [];
    const optimized = executeBatches(analyzed, rest, ruleTrace);
    trace?.push(...ruleTrace);
    planCache.store(analyzed, optimized, ruleTrace);
    return optimized;
  }
}
