/**
 * Sorts rows within each partition; a global sort runs over one partition.
 * Spark: execution/SortExec.scala. Differs from Spark: a global sort shuffles into a single
 * partition instead of range-partitioning, so its output is one partition.
 */
import { bind, type RDD, type TaskContext } from '../../../shared/index.js';
import { registerBuiltin } from '../../../shared/util/builtinFunctions.js';
import type { InternalRow } from '../../expressions/Expression.js';
import { type AttributeReference, bindReferences } from '../../expressions/NamedExpression.js';
import { compareValues } from '../../expressions/ordering.js';
import type { SortOrder } from '../../expressions/SortOrder.js';
import { listString } from '../logical/LogicalPlan.js';
import { instantiate, projectionCode, type ShippableCode } from './ShippableCode.js';
import { type ExecutionContext, type Partitioning, type SparkPlan, UnaryExecNode } from './SparkPlan.js';

/** How rows compare: their sort keys (one projection) and each key's direction and null placement. */
interface SortSpec {
  readonly keys: ShippableCode;
  readonly ascending: readonly boolean[];
  readonly nullsFirst: readonly boolean[];
}

/**
 * Sorts a partition by its keys, each computed once per row rather than once per comparison
 * (a builtin, so it runs on worker executors too). Array.prototype.sort is stable.
 */
const sortRows = registerBuiltin('structured.sortRows', (rows: Iterable<InternalRow>, _task: TaskContext, env: SortSpec): InternalRow[] => {
  const keyOf = instantiate<(row: InternalRow) => unknown[]>(env.keys, []);
  const { ascending, nullsFirst } = env;
  const keyed: [unknown[], InternalRow][] = [];
  for (const row of rows) keyed.push([keyOf(row), row]);
  keyed.sort(([a], [b]) => {
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      const y = b[i];
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === nullsFirst[i] ? -1 : 1;
      }
      const c = compareValues(x, y);
      if (c !== 0) return ascending[i] ? c : -c;
    }
    return 0;
  });
  return keyed.map(([, row]) => row);
});

/** ORDER BY within each partition (stable). */
export class SortExec extends UnaryExecNode {
  constructor(
    readonly order: readonly SortOrder[],
    readonly global: boolean,
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
    return c[0] === this.child ? this : new SortExec(this.order, this.global, c[0]!);
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const keys = projectionCode(this.order.map((o) => bindReferences(o.child, this.child.output)), this.child.output.length, ctx);
    const spec: SortSpec = { keys, ascending: this.order.map((o) => o.ascending), nullsFirst: this.order.map((o) => o.nullsFirst) };
    return this.child.execute(ctx).mapPartitions(bind(sortRows, spec), true);
  }

  simpleString(): string {
    return `Sort ${listString(this.order)}, ${this.global}, 0`;
  }
}
