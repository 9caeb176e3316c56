/**
 * Redistributes rows across partitions: by a hash of key columns, or all into one partition.
 * Spark: execution/exchange/ShuffleExchangeExec.scala.
 *
 * The partition id is computed on the map side and used as the shuffle key, with a
 * HashPartitioner(n) that places an integer key k < n in partition k (Spark's
 * PartitionIdPassThrough). The row itself is never used as a key, so no per-row string key.
 */
import { HashPartitioner, hashCode, nonNegativeMod, type RDD } from '../../../shared/index.js';
import type { InternalRow } from '../../expressions/Expression.js';
import { type AttributeReference, bindReferences } from '../../expressions/NamedExpression.js';
import { type ExecutionContext, type Partitioning, type SparkPlan, UnaryExecNode } from './SparkPlan.js';

/** Combines the Java-style hashes of the key values (31 * h + hash(v)). */
export function hashKeys(values: readonly unknown[]): number {
  let h = 1;
  for (const v of values) h = (Math.imul(31, h) + hashCode(v)) | 0;
  return h;
}

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
    if (this.partitioning.kind === 'single') return rdd.map((row): [number, InternalRow] => [0, row]);
    if (this.partitioning.kind === 'roundrobin') {
      const n = this.partitioning.numPartitions;
      // Spark starts each input partition at a different position so small inputs still spread.
      return rdd.mapPartitionsWithIndex((index, rows) => {
        const out: [number, InternalRow][] = [];
        let position = index;
        for (const row of rows) out.push([position++ % n, row]);
        return out;
      });
    }
    const n = this.partitioning.numPartitions;
    const keys = this.partitioning.expressions.map((e) => bindReferences(e, this.child.output));
    return rdd.map((row): [number, InternalRow] => [nonNegativeMod(hashKeys(keys.map((k) => k.eval(row))), n), row]);
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    return this.mapSide(ctx)
      .partitionBy(new HashPartitioner(this.numPartitions))
      .mapPartitions((pairs) => {
        const out: InternalRow[] = [];
        for (const pair of pairs) out.push(pair[1]);
        return out;
      });
  }

  simpleString(): string {
    const p = this.partitioning;
    if (p.kind === 'single') return 'Exchange SinglePartition';
    if (p.kind === 'roundrobin') return `Exchange RoundRobinPartitioning(${p.numPartitions})`;
    return `Exchange hashpartitioning(${p.expressions.map(String).join(', ')}, ${p.numPartitions})`;
  }
}
