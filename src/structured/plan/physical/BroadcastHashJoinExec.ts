/**
 * Joins a large input to a small local table without a shuffle: the table's rows are hashed by
 * join key once, when the plan is built, and every row of the other side probes that table where
 * it is (the streamed side keeps its partitioning). With one key and no residual condition the
 * probe is generated into the streamed side's whole-stage function. On worker executors the table
 * travels as a broadcast variable, once per executor (broadcastHashTable.ts). Spark:
 * execution/joins/BroadcastHashJoinExec.scala (and JoinSelection's canBroadcastBySize).
 *
 * Why: a stream-static join (the yahoo benchmark's ad -> campaign lookup) planned as a shuffled
 * hash join shuffled every micro-batch's rows and the static table once per batch; the profile
 * showed the shuffle and the per-partition hash build among the largest costs.
 */
import { bind, type RDD, type TaskContext } from '../../../shared/index.js';
import { registerBuiltin } from '../../../shared/util/builtinFunctions.js';
import type { CodegenContext } from '../../expressions/codegen/CodegenContext.js';
import type { Expression, InternalRow } from '../../expressions/Expression.js';
import { type AttributeReference, bindReferences } from '../../expressions/NamedExpression.js';
import { ArrayType } from '../../types/ArrayType.js';
import type { DataType } from '../../types/DataType.js';
import { StructType } from '../../types/StructType.js';
import { listString } from '../logical/LogicalPlan.js';
import type { JoinType } from '../logical/JoinType.js';
import { broadcastHashTable, uniqueRowsByKey, uniqueRowsWithIds } from './broadcastHashTable.js';
import { instantiate, predicateCode, projectionCode, type ShippableCode, shippableValues } from './ShippableCode.js';
import { type Consumer, type ExecutionContext, type Partitioning, type ProduceChild, type SparkPlan, UnaryExecNode } from './SparkPlan.js';

const isComplex = (t: DataType) => t instanceof StructType || t instanceof ArrayType;

/** Join types whose right side can be the broadcast (build) side. */
const BROADCAST_JOIN_TYPES: ReadonlySet<JoinType> = new Set<JoinType>(['Inner', 'LeftOuter', 'LeftSemi', 'LeftAnti']);

/** The largest local table broadcast (Spark's autoBroadcastJoinThreshold is 10 MB of rows). */
export const BROADCAST_MAX_ROWS = 100_000;

/** True when a join of this type on these right keys may broadcast a right side of `rows` rows. */
export function canBroadcastRight(joinType: JoinType, rightKeys: readonly Expression[], rows: number): boolean {
  const primitive = rightKeys.every((k) => !isComplex(k.dataType));
  return BROADCAST_JOIN_TYPES.has(joinType) && rightKeys.length > 0 && primitive && rows <= BROADCAST_MAX_ROWS;
}

/** What the unfused probe needs, as data: the hash table reaches a worker executor once, as a broadcast. */
interface BroadcastProbeSpec {
  readonly table: ShippableCode;
  readonly keys: ShippableCode;
  readonly condition: ShippableCode | undefined;
  readonly joinType: JoinType;
  readonly buildWidth: number;
}

/** The unfused probe of one streamed partition. */
const probeBroadcast = registerBuiltin('structured.probeBroadcast', (rows: Iterable<InternalRow>, _task: TaskContext, env: BroadcastProbeSpec): InternalRow[] => {
  const [table] = instantiate<[Map<unknown, unknown>]>(env.table, []);
  const keyOf = instantiate<(row: InternalRow) => unknown[]>(env.keys, []);
  const cond = env.condition ? instantiate<(row: InternalRow) => boolean>(env.condition, []) : undefined;
  const nulls: null[] = new Array<null>(env.buildWidth).fill(null);
  const t = env.joinType;
  const out: InternalRow[] = [];
  for (const row of rows) {
    const key = keyOf(row);
    let node: unknown = key.some((v) => v === null) ? undefined : table;
    for (let i = 0; i < key.length && node !== undefined; i++) node = (node as Map<unknown, unknown>).get(key[i]);
    let matched = false;
    for (const build of (node as InternalRow[] | undefined) ?? []) {
      const joined = [...row, ...build];
      if (cond && !cond(joined)) continue;
      matched = true;
      if (t === 'LeftSemi' || t === 'LeftAnti') break;
      out.push(joined);
    }
    if ((t === 'LeftSemi' && matched) || (t === 'LeftAnti' && !matched)) out.push(row);
    if (t === 'LeftOuter' && !matched) out.push([...row, ...nulls]);
  }
  return out;
});

/** An equi-join of `streamed` with local rows `buildRows` (the right side), hashed once. */
export class BroadcastHashJoinExec extends UnaryExecNode {
  #table: Map<unknown, unknown> | undefined;

  constructor(
    readonly leftKeys: readonly Expression[],
    readonly rightKeys: readonly Expression[],
    readonly joinType: JoinType,
    readonly condition: Expression | undefined,
    readonly child: SparkPlan,
    readonly buildOutput: AttributeReference[],
    readonly buildRows: readonly InternalRow[],
  ) {
    super();
  }

  get output(): AttributeReference[] {
    const t = this.joinType;
    if (t === 'LeftSemi' || t === 'LeftAnti') return this.child.output;
    return [...this.child.output, ...(t === 'LeftOuter' ? this.buildOutput.map((a) => a.withNullability(true)) : this.buildOutput)];
  }

  override get outputPartitioning(): Partitioning {
    return this.child.outputPartitioning;
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    return c[0] === this.child ? this : new BroadcastHashJoinExec(this.leftKeys, this.rightKeys, this.joinType, this.condition, c[0]!, this.buildOutput, this.buildRows);
  }

  #hashTable(): Map<unknown, unknown> {
    this.#table ??= broadcastHashTable(this.buildRows, this.rightKeys.map((k) => bindReferences(k, this.buildOutput)), this.buildOutput.length);
    return this.#table;
  }

  #uniqueTable(): Map<unknown, InternalRow> | undefined {
    return this.leftKeys.length === 1 ? uniqueRowsByKey(this.#hashTable()) : undefined;
  }

  override get supportsCodegen(): boolean {
    return this.leftKeys.length === 1 && this.condition === undefined;
  }

  override doProduce(ctx: CodegenContext, consume: Consumer, produceChild: ProduceChild): string {
    const unique = this.joinType === 'Inner' || this.joinType === 'LeftOuter' ? this.#uniqueTable() : undefined;
    if (unique) return this.#produceUnique(ctx, consume, produceChild, unique);
    const table = ctx.addReference(this.#hashTable());
    const bound = bindReferences(this.leftKeys[0]!, this.child.output);
    const t = this.joinType;
    return produceChild(this.child, (vars) => {
      ctx.currentVars = vars;
      const key = bound.genCode(ctx);
      const matches = ctx.freshName('matches');
      const build = ctx.freshName('build');
      const buildVars = this.buildOutput.map((_, i) => `${build}[${i}]`);
      const lookup = `${key.code}const ${matches} = ${key.value} === null ? undefined : ${table}.get(${key.value});\n`;
      if (t === 'LeftSemi') return `${lookup}if (${matches} === undefined) continue;\n${consume(vars)}`;
      if (t === 'LeftAnti') return `${lookup}if (${matches} !== undefined) continue;\n${consume(vars)}`;
      const each = `for (const ${build} of ${matches}) {\n${consume([...vars, ...buildVars])}}\n`;
      if (t === 'Inner') return `${lookup}if (${matches} === undefined) continue;\n${each}`;
      return `${lookup}if (${matches} === undefined) {\n${consume([...vars, ...this.buildOutput.map(() => 'null')])}} else {\n${each}}\n`;
    });
  }

  /**
   * The probe of a table with one row per key: no bucket loop. An inner join reads rows that also
   * carry each column's dictionary id (uniqueRowsWithIds) and registers them in
   * `ctx.dictionaryIds`, for a grouping on a build column further up the stage. Not for a left
   * outer join: its unmatched rows hold nulls without ids, so one grouping would see a column
   * with ids on one path and without on the other.
   */
  #produceUnique(ctx: CodegenContext, consume: Consumer, produceChild: ProduceChild, unique: Map<unknown, InternalRow>): string {
    const bound = bindReferences(this.leftKeys[0]!, this.child.output);
    const width = this.buildOutput.length;
    const withIds = this.joinType === 'Inner' && this.buildOutput.some((a) => !isComplex(a.dataType));
    const table = ctx.addReference(withIds ? uniqueRowsWithIds(unique, width) : unique);
    return produceChild(this.child, (vars) => {
      ctx.currentVars = vars;
      const key = bound.genCode(ctx);
      const build = ctx.freshName('build');
      const lookup = `${key.code}const ${build} = ${key.value} === null ? undefined : ${table}.get(${key.value});\n`;
      const buildVars = this.buildOutput.map((_, i) => `${build}[${i}]`);
      if (withIds) this.buildOutput.forEach((a, i) => !isComplex(a.dataType) && ctx.dictionaryIds.set(buildVars[i]!, `${build}[${width + i}]`));
      const joined = consume([...vars, ...buildVars]);
      if (this.joinType === 'Inner') return `${lookup}if (${build} === undefined) continue;\n${joined}`;
      return `${lookup}if (${build} === undefined) {\n${consume([...vars, ...this.buildOutput.map(() => 'null')])}} else {\n${joined}}\n`;
    });
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const width = this.child.output.length + this.buildOutput.length;
    const spec: BroadcastProbeSpec = {
      table: shippableValues([this.#hashTable()], ctx.sparkContext),
      keys: projectionCode(this.leftKeys.map((k) => bindReferences(k, this.child.output)), this.child.output.length, ctx),
      condition: this.condition ? predicateCode(bindReferences(this.condition, [...this.child.output, ...this.buildOutput]), width, ctx) : undefined,
      joinType: this.joinType,
      buildWidth: this.buildOutput.length,
    };
    return this.child.execute(ctx).mapPartitions(bind(probeBroadcast, spec));
  }

  simpleString(): string {
    const cond = this.condition ? `, ${this.condition.toString()}` : '';
    return `BroadcastHashJoin ${listString(this.leftKeys)}, ${listString(this.rightKeys)}, ${this.joinType}, BuildRight${cond}`;
  }
}
