/**
 * What a worker executor thread loads of the Structured engine: the modules that register the
 * builtin task functions, reference factories and accumulator kinds its tasks name. No Spark
 * counterpart: an executor JVM has the whole engine on its class path.
 *
 * The driver imports this module too (QueryExecution.ts), which registers it with the RDD core
 * (registerExecutorModule), so every worker a `local-workers[N]` context starts afterwards can run
 * DataFrame tasks, whichever session or query made them.
 */
import { registerExecutorModule } from '../shared/executor/executorModules.js';
// Expressions whose generated code references builtins or factory-made closures.
import './expressions/ordering.js';
import './expressions/Like.js';
import './expressions/stringExpressions.js';
import './expressions/SessionWindow.js';
import './expressions/Cast.js';
import './expressions/datetimeExpressions.js';
import './expressions/TimeWindow.js';
import './expressions/aggregate/shippableAggregate.js';
// Physical operators whose task functions are builtins.
import './plan/physical/WholeStageCodegenExec.js';
import './plan/physical/FilterExec.js';
import './plan/physical/ProjectExec.js';
import './plan/physical/GenerateExec.js';
import './plan/physical/SortExec.js';
import './plan/physical/LimitExec.js';
import './plan/physical/ShuffleExchangeExec.js';
import './plan/physical/ShuffledHashJoinExec.js';
import './plan/physical/BroadcastHashJoinExec.js';
import './plan/physical/HashAggregateExec.js';
import './plan/physical/FileScanExec.js';
import './streaming/operators/EventTimeWatermarkExec.js';
import './streaming/operators/StatefulAggregationExec.js';
import './streaming/operators/LateRowTapExec.js';
// df.rdd: internal rows converted to objects where the task runs.
import './execution/namedRows.js';
// Source batches: object rows converted to internal rows where the task runs, and input
// partitions read where the task runs (the reader of the built-in rate sources among them).
import './streaming/runtime/SourceBatchReader.js';
import './streaming/runtime/InputPartitionReader.js';
import './streaming/sources/RatePartitionReader.js';

registerExecutorModule(import.meta.url);
