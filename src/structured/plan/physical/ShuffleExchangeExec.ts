/**
 * Redistributes rows across partitions: by a hash of key columns, or all into one partition.
 * Spark: execution/exchange/ShuffleExchangeExec.scala.
 *
 * The partition id is computed on the map side and used as the shuffle key, with a
 * HashPartitioner(n) that places an integer key k < n in partition k (Spark's
 * PartitionIdPassThrough). The row itself is never used as a key, so no per-row string key.
 */
import { bind, HashPartitioner, hashCode, nonNegativeMod, type RDD, type TaskContext } from '../../../shared/index.js';
import { registerBuiltin } from '../../../shared/util/builtinFunctions.js';
import type { InternalRow } from '../../expressions/Expression.js';
import { type AttributeReference, bindReferences } from '../../expressions/NamedExpression.js';
import { instantiate, projectionCode, type ShippableCode } from './ShippableCode.js';
import { type ExecutionContext, type Partitioning, type SparkPlan, UnaryExecNode } from './SparkPlan.js';

/** Combines the Java-style hashes of the key values (31 * h + hash(v)). */
export function hashKeys(values: readonly unknown[]): number {
  let h = 1;
  for (const v of values) h = (Math.imul(31, h) + hashCode(v)) | 0;
  return h;
}

/** Map side of a single-partition exchange: every row to partition 0. */
const toPartitionZero = registerBuiltin('structured.toPartitionZero', (rows: Iterable<InternalRow>): [number, InternalRow][] => {
  const out: [number, InternalRow][] = [];
  for (const row of rows) out.push([0, row]);
  return out;
});

/** Map side of a round-robin exchange; Spark starts each input partition at a different position so small inputs still spread. */
const toRoundRobin = registerBuiltin('structured.toRoundRobin', (index: number, rows: Iterable<InternalRow>, env: { readonly n: number }): [number, InternalRow][] => {
  const out: [number, InternalRow][] = [];
  let position = index;
  for (const row of rows) out.push([position++ % env.n, row]);
  return out;
});

/** Map side of a hash exchange: the target partition from the key columns' hash. */
const toHashPartition = registerBuiltin('structured.toHashPartition', (rows: Iterable<InternalRow>, _task: TaskContext, env: { readonly keys: ShippableCode; readonly n: number }): [number, InternalRow][] => {
  const keyOf = instantiate<(row: InternalRow) => unknown[]>(env.keys, []);
  const n = env.n;
  const out: [number, InternalRow][] = [];
  for (const row of rows) out.push([nonNegativeMod(hashKeys(keyOf(row)), n), row]);
  return out;
});

/** Reduce side: the rows without their partition ids. */
const dropPartitionIds = registerBuiltin('structured.dropPartitionIds', (pairs: Iterable<[number, InternalRow]>): InternalRow[] => {
  const out: InternalRow[] = [];
  for (const pair of pairs) out.push(pair[1]);
  return out;
});

/** A shuffle to `partitioning` (hash or single). */
export class ShuffleExchangeExec extends UnaryExecNode {
  constructor(
    readonly partitioning: Exclude<Partitioning, { kind: 'unknown' }>,
    readonly child: SparkPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.child.output;
  }

  override get outputPartitioning(): Partitioning {
    return this.partitioning;
  }

  get numPartitions(): number {
    return this.partitioning.kind === 'single' ? 1 : this.partitioning.numPartitions;
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    return c[0] === this.child ? this : new ShuffleExchangeExec(this.partitioning, c[0]!);
  }

  /** The map side: each row paired with its target partition. */
  mapSide(ctx: ExecutionContext): RDD<[number, InternalRow]> {
    const rdd = this.child.execute(ctx);
    if (this.partitioning.kind === 'single') return rdd.mapPartitions(toPartitionZero);
    if (this.partitioning.kind === 'roundrobin') return rdd.mapPartitionsWithIndex(bind(toRoundRobin, { n: this.partitioning.numPartitions }));
    const keys = projectionCode(this.partitioning.expressions.map((e) => bindReferences(e, this.child.output)), this.child.output.length, ctx);
    return rdd.mapPartitions(bind(toHashPartition, { keys, n: this.partitioning.numPartitions }));
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    return this.mapSide(ctx)
      .partitionBy(new HashPartitioner(this.numPartitions))
      .mapPartitions(dropPartitionIds);
  }

  simpleString(): string {
    const p = this.partitioning;
    if (p.kind === 'single') return 'Exchange SinglePartition';
    if (p.kind === 'roundrobin') return `Exchange RoundRobinPartitioning(${p.numPartitions})`;
    return `Exchange hashpartitioning(${p.expressions.map(String).join(', ')}, ${p.numPartitions})`;
  }
}
