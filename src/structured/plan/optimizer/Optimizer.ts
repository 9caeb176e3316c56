/**
 * The rule batches that turn an analyzed plan into an optimized one. Spark: optimizer/Optimizer.scala.
 *
 * Batches, in order: Finish Analysis (once: current time, distinct -> aggregate), then Operator
 * Optimization to a fixed point (push filters down, prune columns, collapse projections, fold
 * constants, simplify booleans, drop no-op operators). Other engines (streaming) can append
 * rules through `extraRules`.
 */
import type { LogicalPlan } from '../logical/LogicalPlan.js';
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
    return executeBatches(plan, this.batches(currentTimeMs), trace);
  }
}
