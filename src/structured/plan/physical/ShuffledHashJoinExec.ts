/**
 * Joins two inputs shuffled by their join keys: per partition, hash the right side by key and
 * probe it with each left row. Without equi-join keys both sides go to one partition and every
 * pair is tested (a nested-loop join). Spark: execution/joins/ShuffledHashJoinExec.scala and
 * BroadcastNestedLoopJoinExec.scala.
 *
 * Both exchanges' map sides are unioned with a side tag and shuffled once, so the k-th
 * partition holds the k-th partition of both sides (Spark's zipPartitions of co-partitioned RDDs).
 */
import { bind, HashPartitioner, type RDD, type TaskContext } from '../../../shared/index.js';
import { registerBuiltin } from '../../../shared/util/builtinFunctions.js';
import type { Expression, InternalRow } from '../../expressions/Expression.js';
import { type AttributeReference, bindReferences } from '../../expressions/NamedExpression.js';
import { ArrayType } from '../../types/ArrayType.js';
import { StructType } from '../../types/StructType.js';
import { GroupingTable } from '../../execution/GroupingTable.js';
import { type JoinType, keepsUnmatchedLeft, keepsUnmatchedRight } from '../logical/JoinType.js';
import { listString } from '../logical/LogicalPlan.js';
import { instantiate, predicateCode, projectionCode, type ShippableCode } from './ShippableCode.js';
import { type ExecutionContext, SparkPlan } from './SparkPlan.js';
import type { ShuffleExchangeExec } from './ShuffleExchangeExec.js';

type Tagged = [number, [0 | 1, InternalRow]];

/** Marks each `[partition, row]` of one side with the side (0 left, 1 right). */
const tagSide = registerBuiltin('structured.tagSide', (pairs: Iterable<[number, InternalRow]>, _task: TaskContext, env: { readonly side: 0 | 1 }): Tagged[] => {
  const out: Tagged[] = [];
  for (const [p, row] of pairs) out.push([p, [env.side, row]]);
  return out;
});

/** What the per-partition join needs, as data (so it runs on worker executors too). */
interface ProbeSpec {
  readonly leftKeys: ShippableCode;
  readonly rightKeys: ShippableCode;
  readonly condition: ShippableCode | undefined;
  readonly joinType: JoinType;
  readonly leftWidth: number;
  readonly rightWidth: number;
  /** Per right key: struct or array (grouped by its JSON text). */
  readonly complexKeys: readonly boolean[];
}

/** The per-partition join: hash the right rows by key, probe with each left row. */
const probeJoin = registerBuiltin('structured.probeJoin', (pairs: Iterable<Tagged>, _task: TaskContext, env: ProbeSpec): InternalRow[] => {
  const lk = instantiate<(row: InternalRow) => unknown[]>(env.leftKeys, []);
  const rk = instantiate<(row: InternalRow) => unknown[]>(env.rightKeys, []);
  const cond = env.condition ? instantiate<(row: InternalRow) => boolean>(env.condition, []) : undefined;
  const t = env.joinType;
  const nullsLeft: null[] = new Array<null>(env.leftWidth).fill(null);
  const nullsRight: null[] = new Array<null>(env.rightWidth).fill(null);
  const lefts: InternalRow[] = [];
  const rights: InternalRow[] = [];
  for (const [, [side, row]] of pairs) (side === 0 ? lefts : rights).push(row);
  const table = new GroupingTable(env.complexKeys);
  rights.forEach((row, index) => {
    const key = rk(row);
    if (!key.some((v) => v === null)) table.getOrCreate(key, () => []).push(index);
  });
  const matchedRight = new Array<boolean>(rights.length).fill(false);
  const out: InternalRow[] = [];
  for (const l of lefts) {
    const key = lk(l);
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
});

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
    const both = ctx.sparkContext.union([this.left.mapSide(ctx).mapPartitions(bind(tagSide, { side: 0 as const })), this.right.mapSide(ctx).mapPartitions(bind(tagSide, { side: 1 as const }))]);
    return both.partitionBy(new HashPartitioner(this.left.numPartitions)).mapPartitions(bind(probeJoin, this.#probeSpec(ctx)));
  }

  /** Keys and condition bound once, as shippable code. */
  #probeSpec(ctx: ExecutionContext): ProbeSpec {
    const leftWidth = this.left.output.length;
    const rightWidth = this.right.output.length;
    return {
      leftKeys: projectionCode(this.leftKeys.map((k) => bindReferences(k, this.left.output)), leftWidth, ctx),
      rightKeys: projectionCode(this.rightKeys.map((k) => bindReferences(k, this.right.output)), rightWidth, ctx),
      condition: this.condition ? predicateCode(bindReferences(this.condition, [...this.left.output, ...this.right.output]), leftWidth + rightWidth, ctx) : undefined,
      joinType: this.joinType,
      leftWidth,
      rightWidth,
      complexKeys: this.rightKeys.map((k) => k.dataType instanceof StructType || k.dataType instanceof ArrayType),
    };
  }

  simpleString(): string {
    const cond = this.condition ? `, ${this.condition.toString()}` : '';
    if (this.leftKeys.length === 0) return `NestedLoopJoin ${this.joinType}${cond}`;
    return `ShuffledHashJoin ${listString(this.leftKeys)}, ${listString(this.rightKeys)}, ${this.joinType}, BuildRight${cond}`;
  }
}
