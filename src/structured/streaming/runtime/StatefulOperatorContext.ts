/**
 * What a stateful physical operator learns about the micro-batch it runs in: which state
 * version to load and save, and the watermark to filter late rows and evict state with.
 * Spark: StatefulOperatorStateInfo and the eventTimeWatermark fields of IncrementalExecution.
 *
 * IncrementalExecution fills one per batch; each stateful operator gets its own operatorId.
 */
import type { LogicalPlan } from '../../plan/logical/LogicalPlan.js';
import type { SparkPlan } from '../../plan/physical/SparkPlan.js';
import type { Strategy } from '../../plan/physical/SparkPlanner.js';
import type { OutputMode } from '../OutputMode.js';
import type { WatermarkObservation } from './WatermarkTracker.js';

/** Per-batch facts every stateful operator of a streaming query reads. */
export interface StatefulOperatorContext {
  /** `<checkpointLocation>/state`: operator state lives in `<stateDir>/<operatorId>/<partition>/`. */
  readonly stateDir: string;
  /** The batch being run; its state is committed as version `batchId + 1`. */
  readonly batchId: number;
  /** The query run, so state stores of an older run are never reused by mistake. */
  readonly runId: string;
  /** The watermark this batch uses (computed at the end of the previous batch); 0 before any data. */
  readonly eventTimeWatermarkMs: number;
  /** The batch's processing time from the query's Clock: processing-time timeouts and current_timestamp(). */
  readonly batchTimestampMs: number;
  readonly outputMode: OutputMode;
  /** spark.sql.shuffle.partitions of the first run, fixed for the checkpoint's life. */
  readonly numStatePartitions: number;
  /** spark.sql.streaming.* settings the state store reads (minDeltasForSnapshot, minBatchesToRetain). */
  readonly conf: (key: string) => string | undefined;
  /**
   * (Added by the stateful-operators helper.) The watermark the previous batch ran with (0 for the
   * first batch of a checkpoint): stateful operators drop input rows older than it, and evict state
   * with `eventTimeWatermarkMs`. Spark 3.5+ does the same (IncrementalExecution's
   * eventTimeWatermarkForLateEvents vs ForEviction, SPARK-42376). Unset means `eventTimeWatermarkMs`.
   */
  readonly eventTimeWatermarkForLateEventsMs?: number;
}

/** Metrics one stateful operator reports for a batch, summed over partitions (Spark's StateOperatorProgress). */
export interface StateOperatorMetrics {
  readonly operatorName: string;
  numRowsTotal: number;
  numRowsUpdated: number;
  numRowsRemoved: number;
  numRowsDroppedByWatermark: number;
  memoryUsedBytes: number;
  numShufflePartitions: number;
  numStateStoreInstances: number;
  /** Clock time the tasks spent reading and writing state rows for the batch's input (Spark's allUpdatesTimeMs). */
  allUpdatesTimeMs: number;
  /** Clock time the tasks spent evicting state behind the watermark or timing groups out (Spark's allRemovalsTimeMs). */
  allRemovalsTimeMs: number;
  /** Clock time the tasks spent committing their state stores (Spark's commitTimeMs). */
  commitTimeMs: number;
}

/** The three durations a stateful operator times on the query's Clock, summed over its tasks. */
export type StateTimingMetric = 'allUpdatesTimeMs' | 'allRemovalsTimeMs' | 'commitTimeMs';

// ---- Added by the streaming-execution helper (additive): how the stateful layer plugs into each batch.

/** The stateful layer's answers to IncrementalExecution and MicroBatchExecution, per query and batch. */
export interface StatefulPlanningHooks {
  /**
   * Planning strategies for this batch's stateful logical operators (aggregation, dedup, joins,
   * mapGroupsWithState, withWatermark), tried before the built-in ones. Each physical operator it
   * creates reads `context` (and takes its operatorId in plan order, the same in every batch).
   */
  strategies(context: StatefulOperatorContext): readonly Strategy[];
  /**
   * Checks a streaming plan at query start for the output mode (Spark's UnsupportedOperationChecker
   * .checkForStreaming); throws AnalysisException listing every problem.
   */
  checkStreamingPlan?(plan: LogicalPlan, outputMode: OutputMode): void;
  /**
   * Spark's shouldRunAnotherBatch: after a batch ran with `executedPlan`, whether a batch without new
   * data would emit rows or evict state at `nextWatermarkMs` (the watermark the next batch would use).
   */
  shouldRunNoDataBatch?(executedPlan: SparkPlan, nextWatermarkMs: number): boolean;
  /** What each withWatermark operator of `executedPlan` saw in the batch that just ran. */
  watermarkObservations?(executedPlan: SparkPlan): readonly WatermarkObservation[];
  /** The ids of the withWatermark operators of a (logical) streaming plan, for the WatermarkTracker. */
  watermarkOperatorIds?(plan: LogicalPlan): readonly string[];
  /** The state metrics of the stateful operators of `executedPlan` for the batch that just ran, in plan order. */
  stateOperatorMetrics?(executedPlan: SparkPlan): readonly StateOperatorMetrics[];
  /**
   * The streaming operators of a (logical) plan that keep driver objects in their tasks and so
   * cannot run on worker executors (`local-workers[N]`), by their Spark names; empty when all can.
   */
  operatorsNotOnWorkers?(plan: LogicalPlan): readonly string[];
}

let registeredHooks: StatefulPlanningHooks | undefined;

/**
 * Registers the stateful layer (called once, on import of its module). Without it, queries run
 * stateless plans only and report no state operators.
 */
export function registerStatefulPlanning(hooks: StatefulPlanningHooks): void {
  registeredHooks = hooks;
}

/** The registered stateful layer, if any. */
export function statefulPlanning(): StatefulPlanningHooks | undefined {
  return registeredHooks;
}
