/**
 * The base of physical operators: each turns its children's RDDs into one RDD of internal rows.
 * Spark: sql/core/.../execution/SparkPlan.scala (and CodegenSupport in WholeStageCodegenExec.scala).
 *
 * A physical plan is built per query execution; `execute` memoizes its RDD so an operator shared
 * by two parents (a self-join) computes one lineage.
 */
import type { RDD, SparkContext } from '../../../shared/index.js';
import type { CodegenContext } from '../../expressions/codegen/CodegenContext.js';
import type { Expression, InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import type { GeneratedStageCache } from './GeneratedStageCache.js';
import { TreeNode } from '../../trees/TreeNode.js';

/** Settings an executing plan reads (from the session's SQL conf). */
export interface ExecutionContext {
  readonly sparkContext: SparkContext;
  /** spark.sql.codegen.factoryMode != NO_CODEGEN: compile single expressions to JS. */
  readonly compileExpressions: boolean;
  /** The running streaming query's generated stages, reused batch to batch; undefined for a batch query. */
  readonly generatedStages?: GeneratedStageCache;
}

/** How an operator's output rows are spread over partitions. */
export type Partitioning =
  | { readonly kind: 'hash'; readonly expressions: readonly Expression[]; readonly numPartitions: number }
  | { readonly kind: 'single' }
  | { readonly kind: 'roundrobin'; readonly numPartitions: number }
  | { readonly kind: 'unknown' };

/** Emits the code that handles one row, given the JS expressions holding its columns. */
export type Consumer = (vars: readonly string[]) => string;

/** Generates the producing loop of a child inside the same fused stage. */
export type ProduceChild = (plan: SparkPlan, consume: Consumer) => string;

/** A physical operator. */
export abstract class SparkPlan extends TreeNode<SparkPlan> {
  #rdd: RDD<InternalRow> | undefined;

  /** The columns of each output row, in order. */
  abstract get output(): AttributeReference[];

  /** The node line without its children. */
  abstract simpleString(): string;

  /** Builds this operator's RDD from its children's. */
  protected abstract doExecute(ctx: ExecutionContext): RDD<InternalRow>;

  /** True for operators that can be fused into a whole-stage function (they implement doProduce). */
  get supportsCodegen(): boolean {
    return false;
  }

  /**
   * Generates code producing this operator's rows inside a fused stage, calling `consume` per row.
   * Only for operators with `supportsCodegen`.
   */
  doProduce(_ctx: CodegenContext, _consume: Consumer, _produceChild: ProduceChild): string {
    throw new Error(`Internal error: ${this.nodeName} does not support code generation`);
  }

  get outputPartitioning(): Partitioning {
    return { kind: 'unknown' };
  }

  /** Public fields holding values of one micro-batch, left out of a fused stage's cache key (GeneratedStageCache.ts). */
  get codegenBatchFields(): readonly string[] {
    return [];
  }

  /** The value this operator added with `ctx.addBatchReference(this, name, ...)`, for a cached stage of a later batch. */
  codegenBatchReference(name: string): unknown {
    throw new Error(`Internal error: ${this.nodeName} has no batch reference ${name}`);
  }

  /** The RDD of this operator's rows, built once. */
  execute(ctx: ExecutionContext): RDD<InternalRow> {
    this.#rdd ??= this.doExecute(ctx);
    return this.#rdd;
  }

  /** Every row of this operator on the driver: a job over `execute`, unless the operator already holds its rows there. */
  executeCollect(ctx: ExecutionContext): Promise<InternalRow[]> {
    return this.execute(ctx).collect();
  }

  override get nodeName(): string {
    return this.constructor.name.replace(/Exec$/, '');
  }
}

/** A physical operator with one child. */
export abstract class UnaryExecNode extends SparkPlan {
  abstract get child(): SparkPlan;

  get children(): readonly SparkPlan[] {
    return [this.child];
  }
}

/** A physical operator without children. */
export abstract class LeafExecNode extends SparkPlan {
  get children(): readonly SparkPlan[] {
    return [];
  }

  withNewChildren(): SparkPlan {
    return this;
  }
}
