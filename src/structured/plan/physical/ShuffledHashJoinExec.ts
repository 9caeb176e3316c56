/**
 * Joins two inputs shuffled by their join keys: per partition, hash the right side by key and
 * probe it with each left row. Without equi-join keys both sides go to one partition and every
 * pair is tested (a nested-loop join). Spark: execution/joins/ShuffledHashJoinExec.scala and
 * BroadcastNestedLoopJoinExec.scala.
 *
 * Both exchanges' map sides are unioned with a side tag and shuffled once, so the k-th
 * partition holds the k-th partition of both sides (Spark's zipPartitions of co-partitioned RDDs).
 */
import { HashPartitioner, type RDD } from '../../../shared/index.js';
import { compilePredicate } from '../../expressions/codegen/compileExpressions.js';
import type { Expression, InternalRow } from '../../expressions/Expression.js';
import { type AttributeReference, bindReferences } from '../../expressions/NamedExpression.js';
import { ArrayType } from '../../types/ArrayType.js';
import { StructType } from '../../types/StructType.js';
import { GroupingTable } from '../../execution/GroupingTable.js';
import { type JoinType, keepsUnmatchedLeft, keepsUnmatchedRight } from '../logical/JoinType.js';
import { listString } from '../logical/LogicalPlan.js';
import { type ExecutionContext, SparkPlan } from './SparkPlan.js';
import type { ShuffleExchangeExec } from './ShuffleExchangeExec.js';

type Tagged = [number, [0 | 1, InternalRow]];

/** An equi-join (or nested-loop join when `leftKeys` is empty) over two exchanges. */
export class ShuffledHashJoinExec extends SparkPlan {
  constructor(
    readonly leftKeys: readonly Expression[],
    readonly rightKeys: readonly Expression[],
    readonly joinType: JoinType,
    readonly condition: Expression | undefined,
    readonly left: ShuffleExchangeExec,
    readonly right: ShuffleExchangeExec,
  ) {
    super();
  }

  get children(): readonly SparkPlan[] {
    return [this.left, this.right];
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    if (c[0] === this.left && c[1] === this.right) return this;
    return new ShuffledHashJoinExec(this.leftKeys, this.rightKeys, this.joinType, this.condition, c[0] as ShuffleExchangeExec, c[1] as ShuffleExchangeExec);
  }

  get output(): AttributeReference[] {
    const t = this.joinType;
    if (t === 'LeftSemi' || t === 'LeftAnti') return this.left.output;
    const l = keepsUnmatchedRight(t) ? this.left.output.map((a) => a.withNullability(true)) : this.left.output;
    const r = keepsUnmatchedLeft(t) ? this.right.output.map((a) => a.withNullability(true)) : this.right.output;
    return [...l, ...r];
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const tag = (side: 0 | 1) => ([p, row]: [number, InternalRow]): Tagged => [p, [side, row]];
    const both = ctx.sparkContext.union([this.left.mapSide(ctx).map(tag(0)), this.right.mapSide(ctx).map(tag(1))]);
    const probe = this.#probe(ctx);
    return both.partitionBy(new HashPartitioner(this.left.numPartitions)).mapPartitions((pairs) => probe(pairs as Iterable<Tagged>));
  }

  /** The per-partition join, with keys and condition bound once. */
  #probe(ctx: ExecutionContext): (pairs: Iterable<Tagged>) => InternalRow[] {
    const leftWidth = this.left.output.length;
    const rightWidth = this.right.output.length;
    const lk = this.leftKeys.map((k) => bindReferences(k, this.left.output));
    const rk = this.rightKeys.map((k) => bindReferences(k, this.right.output));
    const complex = this.rightKeys.map((k) => k.dataType instanceof StructType || k.dataType instanceof ArrayType);
    const cond = this.condition
      ? compilePredicate(bindReferences(this.condition, [...this.left.output, ...this.right.output]), ctx.compileExpressions, leftWidth + rightWidth)
      : undefined;
    const t = this.joinType;
    const nullsLeft: null[] = new Array<null>(leftWidth).fill(null);
    const nullsRight: null[] = new Array<null>(rightWidth).fill(null);
    return (pairs) => {
      const lefts: InternalRow[] = [];
      const rights: InternalRow[] = [];
      for (const [, [side, row]] of pairs) (side === 0 ? lefts : rights).push(row);
      const table = new GroupingTable(complex);
      rights.forEach((row, index) => {
        const key = rk.map((k) => k.eval(row));
        if (!key.some((v) => v === null)) table.getOrCreate(key, () => []).push(index);
      });
      const matchedRight = new Array<boolean>(rights.length).fill(false);
      const out: InternalRow[] = [];
      for (const l of lefts) {
        const key = lk.map((k) => k.eval(l));
        const bucket = key.some((v) => v === null) ? undefined : (table.get(key) as number[] | undefined);
        let matched = false;
        for (const index of bucket ?? []) {
          const r = rights[index]!;
          const joined = [...l, ...r];
          if (cond && !cond(joined)) continue;
          matched = true;
          if (t === 'LeftSemi' || t === 'LeftAnti') break;
          matchedRight[index] = true;
          out.push(joined);
        }
        if (t === 'LeftSemi' && matched) out.push(l);
        if (t === 'LeftAnti' && !matched) out.push(l);
        if (keepsUnmatchedLeft(t) && !matched) out.push([...l, ...nullsRight]);
      }
      if (keepsUnmatchedRight(t)) rights.forEach((r, i) => {
          if (!matchedRight[i]) out.push([...nullsLeft, ...r]);
        });
      return out;
    };
  }

  simpleString(): string {
    const cond = this.condition ? `, ${this.condition.toString()}` : '';
    if (this.leftKeys.length === 0) return `NestedLoopJoin ${this.joinType}${cond}`;
    return `ShuffledHashJoin ${listString(this.leftKeys)}, ${listString(this.rightKeys)}, ${this.joinType}, BuildRight${cond}`;
  }
}
