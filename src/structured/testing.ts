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
export { generatedStageCacheStats } from './plan/physical/GeneratedStageCache.js';
export { unansweredSpareRequests } from './streaming/checkpointing/SpareTempFiles.js';

// Streaming: Spark StreamTest's testStream DSL, and the engines behind a StreamingQuery (query.execution).
export { testStream, StreamTestFailure, type TestStreamOptions } from './streaming/testing/testStream.js';
export {
  AddData,
  CheckAnswer,
  CheckNewAnswer,
  CheckLastBatch,
  AdvanceManualClock,
  StopStream,
  StartStream,
  ExpectFailure,
  AssertOnQuery,
  Execute,
  type StreamAction,
  type ExpectedRow,
  type ExpectedFailure,
  type StartStreamOptions,
} from './streaming/testing/StreamAction.js';
export { StreamExecution } from './streaming/runtime/StreamExecution.js';
export { loadedStateStoreProviders } from './streaming/operators/OperatorState.js';
export { MicroBatchExecution } from './streaming/runtime/MicroBatchExecution.js';
export { MemorySink } from './streaming/sinks/MemorySink.js';

// Stateful streaming seams (added by the stateful-operators helper): the start-time plan check on its own.
export { checkForStreaming, unsupportedOperations, type UnsupportedOperation } from './streaming/runtime/UnsupportedOperationChecker.js';

// Fault seams (added by the faults helper): crash points after each step of the micro-batch protocol.
export { CrashPoints, MICRO_BATCH_STEPS, CRASH_AFTER_KEY, CRASH_ACTION_KEY, type MicroBatchStep, type CrashPointHook } from './streaming/runtime/CrashPoints.js';
