/**
 * LIMIT: at most n rows per partition (local), then at most n overall (global, over one
 * partition). Spark: execution/limit.scala (LocalLimitExec, GlobalLimitExec, CollectLimitExec).
 */
import { bind, type RDD, type TaskContext } from '../../../shared/index.js';
import { registerBuiltin } from '../../../shared/util/builtinFunctions.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { type ExecutionContext, type Partitioning, type SparkPlan, UnaryExecNode } from './SparkPlan.js';

/** The first `env.n` rows of a partition (a builtin, so it runs on worker executors too). */
const takeFirst = registerBuiltin('structured.takeFirst', (rows: Iterable<InternalRow>, _task: TaskContext, env: { readonly n: number }): InternalRow[] => {
  const n = env.n;
  const out: InternalRow[] = [];
  if (n <= 0) return out;
  for (const row of rows) {
    out.push(row);
    if (out.length >= n) break;
  }
  return out;
});

/** At most `limit` rows from each partition. */
export class LocalLimitExec extends UnaryExecNode {
  constructor(
    readonly limit: number,
    readonly child: SparkPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.child.output;
  }

  override get outputPartitioning(): Partitioning {
    return this.child.outputPartitioning;
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    return c[0] === this.child ? this : new LocalLimitExec(this.limit, c[0]!);
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    return this.child.execute(ctx).mapPartitions(bind(takeFirst, { n: this.limit }), true);
  }

  simpleString(): string {
    return `LocalLimit ${this.limit}`;
  }
}

/** At most `limit` rows in total; its child has a single partition. */
export class GlobalLimitExec extends LocalLimitExec {
  override withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    return c[0] === this.child ? this : new GlobalLimitExec(this.limit, c[0]!);
  }

  override simpleString(): string {
    return `GlobalLimit ${this.limit}`;
  }
}
