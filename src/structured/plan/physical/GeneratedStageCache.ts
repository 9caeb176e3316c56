/**
 * Keeps the generated source of fused stages across micro-batches: a stage whose canonical
 * description equals an earlier stage's gets that stage's source and references, with the values
 * that belong to its own batch (the watermark operator's event-time accumulator) put in. No Spark
 * counterpart: Spark generates each batch's stages again and caches only the compiled class by
 * source (CodeGenerator's cache), as compileFunction does here.
 *
 * ```
 * batch 7: *(1) HashAggregate <- Project <- EventTimeWatermark(stats of 7) <- InputAdapter
 *          key "WholeStageCodegenExec|1|HashAggregateExec(...#1#...)|..."    generate: source S, refs [agg, stats7]
 * batch 8: the same plan, new nodes, new buffer exprIds                      same key: S, refs [agg, stats8]
 * ```
 * The key is built from the stage's own operators down to its input: each node's class and
 * public fields, expressions by class and fields, exprIds renumbered by first appearance (as
 * Spark's canonicalized plans do, so the fresh exprIds each batch's planner hands out do not
 * matter), and objects that are data (a join's local rows, a Map, a function) by an identity id, so
 * other data never matches. Fields an operator lists in `codegenBatchFields` are left out, and it
 * supplies their values for a cached stage through `codegenBatchReference`. Why: generating the
 * yahoo stage's source was ~0.14 ms of every micro-batch's driver time (profile of 200 batches).
 * Each streaming query owns its cache (ExecutionContext.generatedStages) and clears it on stop; a
 * batch query generates its stages once and has none.
 */
import type { CodegenContext } from '../../expressions/codegen/CodegenContext.js';
import { Expression } from '../../expressions/Expression.js';
import { DataType } from '../../types/DataType.js';
import { AccumulatorRef } from './TaskAccumulators.js';
import { SparkPlan } from './SparkPlan.js';

/** A generated stage: its source, its references, and which of them are per-batch values. */
export interface GeneratedStage {
  readonly source: string;
  readonly references: readonly unknown[];
  /** reference index -> the node (pre-order index among the keyed nodes) and name that supply it. */
  readonly batchSlots: ReadonlyMap<number, { readonly node: number; readonly name: string }>;
}

/** How often generate() found its stage here, and how often it generated one (a test seam). */
export const generatedStageCacheStats = { hits: 0, misses: 0 };

/** Stages kept by one cache, most recently used last. */
const MAX_STAGES = 64;

/** Identity ids of objects described by identity (data, functions). */
const identityIds = new WeakMap<object, number>();
let nextIdentityId = 0;

/** Raw descriptions (exprIds not yet renumbered) of immutable expression and type objects. */
const described = new WeakMap<object, string>();

function identity(obj: object): string {
  let id = identityIds.get(obj);
  if (id === undefined) identityIds.set(obj, (id = nextIdentityId++));
  return `@${id}`;
}

/** Objects being described (a cycle is described by identity). */
const open = new Set<object>();

/** The raw description of a value; exprIds appear as `#<id>#`, renumbered by stageKey. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'u';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'function':
    case 'symbol':
      return identity(value as object);
  }
  const obj = value as object;
  // An array of arrays is data (a join's local rows): by identity, not walked.
  if (Array.isArray(obj)) return obj.some((v) => Array.isArray(v)) ? identity(obj) : `[${obj.map(describe).join(',')}]`;
  const isPlain = Object.getPrototypeOf(obj) === Object.prototype;
  if ((!isPlain && !(obj instanceof Expression) && !(obj instanceof DataType)) || open.has(obj)) return identity(obj);
  const memo = described.get(obj);
  if (memo !== undefined) return memo;
  open.add(obj);
  try {
    const fields = Object.keys(obj).map((k) => {
      const v = (obj as Record<string, unknown>)[k];
      return k === 'exprId' && typeof v === 'number' ? `exprId=#${v}#` : `${k}=${describe(v)}`;
    });
    const text = `${isPlain ? '' : obj.constructor.name}{${fields.join(',')}}`;
    if (!isPlain) described.set(obj, text);
    return text;
  } finally {
    open.delete(obj);
  }
}

/** Describes one operator of the stage (not its children, which the walk visits). */
function describeNode(node: SparkPlan): string {
  const skip = new Set(node.codegenBatchFields);
  const fields = Object.keys(node).filter((k) => !skip.has(k)).map((k) => {
    const v = (node as unknown as Record<string, unknown>)[k];
    return v instanceof SparkPlan ? `${k}=child` : `${k}=${describe(v)}`;
  });
  return `${node.constructor.name}(${fields.join(',')})`;
}

/**
 * The canonical key of a stage rooted at `root` and its operators in pre-order; the walk stops at
 * the stage's input (`isInput`), which is described by its output columns only.
 */
export function stageKey(root: SparkPlan, isInput: (plan: SparkPlan) => boolean): { key: string; nodes: SparkPlan[] } {
  const nodes: SparkPlan[] = [];
  const parts: string[] = [];
  const visit = (node: SparkPlan) => {
    if (isInput(node)) {
      parts.push(`input(${describe(node.output)})`);
      return;
    }
    nodes.push(node);
    parts.push(describeNode(node));
    for (const child of node.children) visit(child);
  };
  visit(root);
  const ranks = new Map<string, number>();
  const key = parts.join('|').replace(/#(\d+)#/g, (_, id: string) => {
    let rank = ranks.get(id);
    if (rank === undefined) ranks.set(id, (rank = ranks.size));
    return `#${rank}`;
  });
  return { key, nodes };
}

/**
 * The stages one streaming query generated, owned by that query (MicroBatchExecution) and cleared
 * when it stops. Why owned: a stage's references hold the query's data (a static join table's
 * rows, broadcast hash tables), so a cache shared by the process kept a stopped query's data
 * alive until 64 other stages pushed it out, and let unrelated sessions see each other's stages.
 */
export class GeneratedStageCache {
  readonly #stages = new Map<string, GeneratedStage>();

  /** How many stages the cache holds. */
  get size(): number {
    return this.#stages.size;
  }

  /** The stage generated for `key`, with the batch values of `nodes` (the new stage's operators) put in. */
  lookup(key: string, nodes: readonly SparkPlan[]): { source: string; references: unknown[] } | undefined {
    const stage = this.#stages.get(key);
    if (stage === undefined) {
      generatedStageCacheStats.misses++;
      return undefined;
    }
    generatedStageCacheStats.hits++;
    this.#stages.delete(key);
    this.#stages.set(key, stage);
    const references = [...stage.references];
    for (const [index, slot] of stage.batchSlots) references[index] = nodes[slot.node]!.codegenBatchReference(slot.name);
    return { source: stage.source, references };
  }

  /**
   * Remembers a stage generated with `ctx` over `nodes`. A stage holding an accumulator that is not a
   * declared batch value is not kept: a later batch would add to this batch's accumulator.
   */
  store(key: string, nodes: readonly SparkPlan[], source: string, ctx: CodegenContext): void {
    const batchSlots = new Map<number, { node: number; name: string }>();
    for (const [index, slot] of ctx.batchReferences) {
      const node = nodes.indexOf(slot.node as SparkPlan);
      if (node < 0) return;
      batchSlots.set(index, { node, name: slot.name });
    }
    if (ctx.references.some((r, i) => r instanceof AccumulatorRef && !batchSlots.has(i))) return;
    this.#stages.set(key, { source, references: [...ctx.references], batchSlots });
    if (this.#stages.size > MAX_STAGES) this.#stages.delete(this.#stages.keys().next().value!);
  }

  /** Drops every stage (the owning query stopped), so nothing here keeps its data reachable. */
  clear(): void {
    this.#stages.clear();
  }
}
