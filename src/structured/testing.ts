/**
 * White-box seams of the Structured engine for tests: the optimizer's rules one by one (so a
 * test can show a rule's plan before and after), the rule runner, and the show() formatter.
 */
export type { Rule, Batch, RuleTrace } from './plan/optimizer/Rule.js';
export { executeBatches } from './plan/optimizer/Rule.js';
export { Optimizer, OPERATOR_OPTIMIZATION_RULES } from './plan/optimizer/Optimizer.js';
export { CombineFilters } from './plan/optimizer/rules/CombineFilters.js';
export { PushDownPredicate } from './plan/optimizer/rules/PushDownPredicate.js';
export { ColumnPruning } from './plan/optimizer/rules/ColumnPruning.js';
export { CollapseProject } from './plan/optimizer/rules/CollapseProject.js';
export { ConstantFolding } from './plan/optimizer/rules/ConstantFolding.js';
export { BooleanSimplification } from './plan/optimizer/rules/BooleanSimplification.js';
export { PruneFilters } from './plan/optimizer/rules/PruneFilters.js';
export { RemoveNoopOperators } from './plan/optimizer/rules/RemoveNoopOperators.js';
export { computeCurrentTime } from './plan/optimizer/rules/ComputeCurrentTime.js';
export { ReplaceDistinctWithAggregate, ReplaceDeduplicateWithAggregate } from './plan/optimizer/rules/ReplaceDistinctWithAggregate.js';
export type { LogicalPlan } from './plan/logical/LogicalPlan.js';
export { formatShowString } from './execution/showString.js';
