/**
 * The life of one query: analyzed -> optimized -> physical plan -> fused stages -> RDD.
 * Spark: sql/core/.../execution/QueryExecution.scala.
 *
 * Each phase runs once, on first use. current_timestamp() is fixed when the optimizer runs,
 * from the session's Clock.
 */
import type { RDD } from '../shared/index.js';
// Registers the engine's executor module, so worker executors can run DataFrame tasks.
import './executorRuntime.js';
import { QueryErrors } from './errors.js';
import type { InternalRow } from './expressions/Expression.js';
import type { LogicalPlan } from './plan/logical/LogicalPlan.js';
import type { RuleTrace } from './plan/optimizer/Rule.js';
import { collapseCodegenStages, physicalTreeString } from './plan/physical/CollapseCodegenStages.js';
import type { GeneratedStageCache } from './plan/physical/GeneratedStageCache.js';
import type { ExecutionContext, SparkPlan } from './plan/physical/SparkPlan.js';
import { SparkPlanner } from './plan/physical/SparkPlanner.js';
import { shipsToWorkers } from './plan/physical/ShippableCode.js';
import { WholeStageCodegenExec } from './plan/physical/WholeStageCodegenExec.js';
import type { SparkSession } from './SparkSession.js';

/**
 * Physical operators whose tasks still close over driver objects (user functions, their state
 * helpers), by node name, with the Spark name the error shows. Named rather than imported: the
 * streaming layer that defines them imports this module.
 */
const DRIVER_ONLY_OPERATORS: Readonly<Record<string, string>> = {
  BatchFlatMapGroupsWithState: '[flat]MapGroupsWithState',
  BatchSessionWindowAggregation: 'session window aggregation',
};

/** `explain` modes: simple (physical only), extended (all four plans), codegen (generated JS). */
export type ExplainMode = 'simple' | 'extended' | 'codegen';

/** The plans of one query. */
export class QueryExecution {
  #optimized: LogicalPlan | undefined;
  #sparkPlan: SparkPlan | undefined;
  #executedPlan: SparkPlan | undefined;
  /** The optimizer rules that changed the plan, in order (filled when the optimizer runs). */
  readonly optimizerTrace: RuleTrace[] = [];

  constructor(
    readonly session: SparkSession,
    /** The plan as the DataFrame API built it (its top node may still be unresolved). */
    readonly logical: LogicalPlan,
    readonly analyzed: LogicalPlan,
    /** True when this execution builds a cache entry for `analyzed` itself (so it must not read that entry). */
    readonly cacheRoot = false,
  ) {}

  /** The analyzed plan with cached sub-plans replaced by their InMemoryRelation. */
  get withCachedData(): LogicalPlan {
    return this.cacheRoot ? this.session.cacheManager.useCachedDataBelow(this.analyzed) : this.session.cacheManager.useCachedData(this.analyzed);
  }

  get optimizedPlan(): LogicalPlan {
    this.#optimized ??= this.session.optimizer.execute(this.withCachedData, this.session.sparkContext.clock.getTimeMillis(), this.optimizerTrace);
    return this.#optimized;
  }

  /** The physical plan before stages are fused. */
  get sparkPlan(): SparkPlan {
    this.#sparkPlan ??= new SparkPlanner({
      exprIds: this.session.exprIds,
      shufflePartitions: this.session.conf.getPositiveInt('spark.sql.shuffle.partitions'),
      extraStrategies: this.session.experimental.extraStrategies,
    }).plan(this.optimizedPlan);
    return this.#sparkPlan;
  }

  /** The physical plan that runs: fused into codegen stages unless spark.sql.codegen.wholeStage is false. */
  get executedPlan(): SparkPlan {
    this.#executedPlan ??= this.session.conf.getBoolean('spark.sql.codegen.wholeStage') ? collapseCodegenStages(this.sparkPlan) : this.sparkPlan;
    return this.#executedPlan;
  }

  /**
   * What physical operators need at execution time.
   * @throws IllegalArgumentError UNSUPPORTED_MASTER_FOR_DATAFRAMES for interpreted expressions
   *   (spark.sql.codegen.factoryMode=NO_CODEGEN) on a local-workers master.
   */
  get executionContext(): ExecutionContext {
    const sc = this.session.sparkContext;
    const factoryMode = (this.session.conf.get('spark.sql.codegen.factoryMode') ?? 'FALLBACK').toUpperCase();
    // Interpreted expressions are driver objects; only generated code travels to worker threads.
    if (factoryMode === 'NO_CODEGEN' && shipsToWorkers(sc)) throw QueryErrors.workerMasterUnsupported(sc.master, 'spark.sql.codegen.factoryMode=NO_CODEGEN');
    return { sparkContext: sc, compileExpressions: factoryMode !== 'NO_CODEGEN', generatedStages: this.generatedStages };
  }

  /** Where fused stages generated for an earlier execution of the same plan are kept: none for a batch query. */
  get generatedStages(): GeneratedStageCache | undefined {
    return undefined;
  }

  /**
   * The RDD of the query's internal rows (arrays in output order).
   * @throws IllegalArgumentError UNSUPPORTED_MASTER_FOR_DATAFRAMES on a local-workers master for
   *   operators whose tasks call user functions or keep driver objects (batch [flat]MapGroupsWithState,
   *   session windows)
   */
  toRdd(): RDD<InternalRow> {
    return this.executedPlan.execute(this.#runnableContext());
  }

  /**
   * The query's rows on the driver, as an action collects them: the plan's executeCollect, so a
   * plan over rows the driver holds runs no job.
   * @throws IllegalArgumentError UNSUPPORTED_MASTER_FOR_DATAFRAMES as toRdd
   */
  executeCollect(): Promise<InternalRow[]> {
    return this.executedPlan.executeCollect(this.#runnableContext());
  }

  #runnableContext(): ExecutionContext {
    const ctx = this.executionContext;
    if (shipsToWorkers(ctx.sparkContext)) {
      const driverOnly = [...new Set(this.executedPlan.collect((p) => DRIVER_ONLY_OPERATORS[p.nodeName]))];
      if (driverOnly.length > 0) throw QueryErrors.operatorsNotOnWorkers(ctx.sparkContext.master, driverOnly);
    }
    return ctx;
  }

  /** The generated source of every fused stage, in stage order. */
  codegenSources(): { stageId: number; source: string }[] {
    const stages = this.executedPlan.collect((p) => (p instanceof WholeStageCodegenExec ? p : undefined));
    return stages.sort((a, b) => a.codegenStageId - b.codegenStageId).map((s) => ({ stageId: s.codegenStageId, source: s.generate().source }));
  }

  /** Spark's explain text for `mode`. */
  explainString(mode: ExplainMode): string {
    const physical = `== Physical Plan ==\n${physicalTreeString(this.executedPlan)}`;
    if (mode === 'simple') return physical;
    if (mode === 'codegen') {
      const sources = this.codegenSources();
      const parts = sources.map((s) => `== Subtree ${s.stageId} / ${sources.length} (codegen stage ${s.stageId}) ==\n${s.source}\n`);
      return `Found ${sources.length} WholeStageCodegen subtrees.\n${parts.join('\n')}`;
    }
    const schema = this.analyzed.output.map((a) => `${a.name}: ${a.dataType.simpleString}`).join(', ');
    return [
      `== Parsed Logical Plan ==\n${this.logical.treeString()}`,
      `== Analyzed Logical Plan ==\n${schema}\n${this.analyzed.treeString()}`,
      `== Optimized Logical Plan ==\n${this.optimizedPlan.treeString()}`,
      physical,
    ].join('\n');
  }
}
