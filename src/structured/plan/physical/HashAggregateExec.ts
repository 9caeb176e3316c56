/**
 * Hash aggregation, in two modes around a shuffle: Partial (update buffers from input rows,
 * emit keys + buffers per partition) and Final (merge buffers by key, finish, project results).
 * Spark: execution/aggregate/HashAggregateExec.scala.
 *
 * ```
 * Final    HashAggregate(keys=[k], functions=[count(1)])        merge + finish + project
 *          Exchange hashpartitioning(k, n)                      rows [k, buffer] by hash(k)
 * Partial  HashAggregate(keys=[k], functions=[partial_count(1)]) update buffers per partition
 * ```
 * Both modes fuse into a whole-stage function: the partial one as the sink of its child's loop,
 * the final one as the source of its parent's. Without grouping keys the final mode emits
 * exactly one row, even for empty input (`count` of nothing is 0).
 */
import { bind, type RDD } from '../../../shared/index.js';
import type { AggregateFunction } from '../../expressions/aggregate/AggregateFunction.js';
import { shippableAggregate } from '../../expressions/aggregate/shippableAggregate.js';
import type { CodegenContext } from '../../expressions/codegen/CodegenContext.js';
import type { Expression, InternalRow } from '../../expressions/Expression.js';
import { type AttributeReference, bindReferences, type NamedExpression } from '../../expressions/NamedExpression.js';
import { ArrayType } from '../../types/ArrayType.js';
import type { DataType } from '../../types/DataType.js';
import { StructType } from '../../types/StructType.js';
import { listString } from '../logical/LogicalPlan.js';
import { type AggregateSpec, finalAggregate, partialAggregate } from './hashAggregateInternals.js';
import { projectionCode, shippableValues } from './ShippableCode.js';
import { type Consumer, type ExecutionContext, type ProduceChild, type SparkPlan, UnaryExecNode } from './SparkPlan.js';

/** Which half of a two-phase aggregation an operator is. */
export type AggregateMode = 'Partial' | 'Final';

const isComplex = (t: DataType) => t instanceof StructType || t instanceof ArrayType;

/** One HashAggregate operator. */
export class HashAggregateExec extends UnaryExecNode {
  constructor(
    readonly mode: AggregateMode,
    /** Partial: named grouping expressions over the child; Final: the grouping attributes. */
    readonly groupingExpressions: readonly NamedExpression[],
    readonly aggregateFunctions: readonly AggregateFunction[],
    /** Partial: one buffer attribute per function; Final: one result attribute per function. */
    readonly aggregateAttributes: readonly AttributeReference[],
    /** Final: the output expressions over grouping attributes ++ aggregateAttributes. */
    readonly resultExpressions: readonly NamedExpression[],
    readonly child: SparkPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    if (this.mode === 'Partial') return [...this.groupingExpressions.map((g) => g.toAttribute()), ...this.aggregateAttributes];
    return this.resultExpressions.map((e) => e.toAttribute());
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    if (c[0] === this.child) return this;
    return new HashAggregateExec(this.mode, this.groupingExpressions, this.aggregateFunctions, this.aggregateAttributes, this.resultExpressions, c[0]!);
  }

  override get supportsCodegen(): boolean {
    return true;
  }

  get #numKeys(): number {
    return this.groupingExpressions.length;
  }

  #complexKeys(): boolean[] {
    return this.groupingExpressions.map((g) => isComplex(g.dataType));
  }

  /** Partial: key expressions and function inputs bound to the child's row. Final: ordinals. */
  #boundInputs(): { keys: Expression[]; values: Expression[] } {
    const input = this.child.output;
    if (this.mode === 'Final') return { keys: [], values: [] };
    return {
      keys: this.groupingExpressions.map((g) => bindReferences(g as Expression, input)),
      values: this.aggregateFunctions.map((f) => bindReferences(f.child, input)),
    };
  }

  #boundResults(): Expression[] {
    const input = [...this.groupingExpressions.map((g) => g.toAttribute()), ...this.aggregateAttributes];
    return this.resultExpressions.map((e) => bindReferences(e as Expression, input));
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const nk = this.#numKeys;
    const width = this.mode === 'Partial' ? this.child.output.length : nk + this.aggregateFunctions.length;
    const spec: AggregateSpec = {
      numKeys: nk,
      complexKeys: this.#complexKeys(),
      functions: shippableValues(this.aggregateFunctions.map((f) => shippableAggregate(f)), ctx.sparkContext),
    };
    if (this.mode === 'Partial') {
      const { keys, values } = this.#boundInputs();
      return this.child.execute(ctx).mapPartitions(bind(partialAggregate, { ...spec, keys: projectionCode(keys, width, ctx), values: projectionCode(values, width, ctx) }));
    }
    return this.child.execute(ctx).mapPartitions(bind(finalAggregate, { ...spec, results: projectionCode(this.#boundResults(), width, ctx) }));
  }

  override doProduce(ctx: CodegenContext, consume: Consumer, produceChild: ProduceChild): string {
    const generated = this.#produce(ctx, consume, produceChild);
    if (generated !== undefined) return generated;
    // Two paths into this aggregation disagreed on which keys have dictionary ids: one table
    // cannot be indexed both ways, so generate it again with Maps only.
    ctx.useDictionaryIds = false;
    try {
      return this.#produce(ctx, consume, produceChild)!;
    } finally {
      ctx.useDictionaryIds = true;
    }
  }

  /** The fused code, or undefined when the consume calls chose different key levels (see doProduce). */
  #produce(ctx: CodegenContext, consume: Consumer, produceChild: ProduceChild): string | undefined {
    const nk = this.#numKeys;
    const fns = this.aggregateFunctions;
    const refs = fns.map((f) => ctx.addReference(shippableAggregate(f)));
    const entries = ctx.freshName('entries');
    const table = ctx.freshName('table');
    const initial = fns.map((f, i) => {
      const v = f.initialize();
      return v === null || typeof v === 'number' ? String(v) : `${refs[i]}.initialize()`;
    });
    let code = '';
    if (nk === 0) code += `${entries}.push([${initial.join(', ')}]);\n`;
    const { keys, values } = this.#boundInputs();
    /** Which key levels index by dictionary id, as the first consume call chose them. */
    let levelKinds: string | undefined;
    let consistent = true;
    code += produceChild(this.child, (vars) => {
      ctx.currentVars = vars;
      const keyCodes = this.mode === 'Partial' ? keys.map((k) => k.genCode(ctx)) : vars.slice(0, nk).map((v) => ({ code: '', value: v }));
      const entry = ctx.freshName('e');
      let body = keyCodes.map((k) => k.code).join('');
      const keyValues = keyCodes.map((k) => k.value);
      const levels = keyLevels(ctx, keyValues, this.groupingExpressions.map((g) => g.dataType));
      const kinds = levels.map((l) => (l.id === undefined ? 'm' : 'i')).join('');
      if (levelKinds !== undefined && levelKinds !== kinds) consistent = false;
      levelKinds = kinds;
      body += lookupCode(ctx, entry, table, entries, keyValues, levels, initial);
      fns.forEach((f, i) => {
        const slot = `${entry}[${nk + i}]`;
        if (this.mode === 'Partial') {
          const v = values[i]!.genCode(ctx);
          body += `${v.code}${slot} = ${f.updateCode(slot, v.value) ?? `${refs[i]}.update(${slot}, ${v.value})`};\n`;
        } else {
          const v = vars[nk + i]!;
          body += `${slot} = ${f.mergeCode(slot, v) ?? `${refs[i]}.merge(${slot}, ${v})`};\n`;
        }
      });
      return body;
    });
    if (!consistent) return undefined;
    const tableInit = levelKinds?.startsWith('i') ? '[]' : 'new Map()';
    code = `const ${entries} = [];\nconst ${table} = ${tableInit};\n${code}`;
    const e = ctx.freshName('e');
    const keyVars = Array.from({ length: nk }, (_, i) => `${e}[${i}]`);
    let loop: string;
    if (this.mode === 'Partial') {
      loop = consume([...keyVars, ...fns.map((_, i) => `${e}[${nk + i}]`)]);
    } else {
      const finished = fns.map((f, i) => f.finishCode(`${e}[${nk + i}]`) ?? `${refs[i]}.finish(${e}[${nk + i}])`);
      const names = finished.map(() => ctx.freshName('agg'));
      const decls = names.map((n, i) => `const ${n} = ${finished[i]};\n`).join('');
      ctx.currentVars = [...keyVars, ...names];
      const results = this.#boundResults().map((r) => r.genCode(ctx));
      loop = decls + results.map((r) => r.code).join('') + consume(results.map((r) => r.value));
    }
    return `${code}for (const ${e} of ${entries}) {\n${loop}}\n`;
  }

  simpleString(): string {
    const prefix = this.mode === 'Partial' ? 'partial_' : '';
    const keys = this.mode === 'Partial' ? this.groupingExpressions : this.groupingExpressions.map((g) => g.toAttribute());
    return `HashAggregate(keys=${listString(keys)}, functions=[${this.aggregateFunctions.map((f) => prefix + f.toString()).join(', ')}])`;
  }
}

/** Stands for a null struct key in the first level of its fields, so it differs from a struct of nulls. */
const NULL_STRUCT = Object.freeze({ nullStruct: true });

/** One level of the nested group lookup: the key expression, and its dictionary id when the stage holds one. */
interface KeyLevel {
  readonly key: string;
  /** Set: this level is an array indexed by the id instead of a Map keyed by `key`. */
  readonly id?: string;
}

/**
 * The levels that find a group, one per key part: a primitive key as it is (or by its dictionary
 * id, CodegenContext.dictionaryIds, when the stage holds one), a struct of primitive fields (the
 * `window` of a windowed count) one level per field, any other struct or array as its JSON text;
 * a struct the stage holds field by field (a tumbling window) by the fields that identify it,
 * never null. Why: JSON.stringify of the window struct per row was the largest cost of a windowed
 * partial aggregation after the join (design notes: string keys ~4x slower than nested maps).
 */
function keyLevels(ctx: CodegenContext, keys: readonly string[], types: readonly DataType[]): KeyLevel[] {
  return keys.flatMap((k, i): KeyLevel[] => {
    const known = ctx.knownStructs.get(k);
    if (known !== undefined) return known.identity.map((key) => ({ key }));
    const type = types[i];
    if (type instanceof StructType && type.fields.length > 0 && type.fields.every((f) => !isComplex(f.dataType))) {
      const nullStruct = ctx.addReference(NULL_STRUCT);
      return type.fields.map((f, j) => ({ key: `(${k} === null ? ${j === 0 ? nullStruct : 'null'} : ${k}[${JSON.stringify(f.name)}])` }));
    }
    if (type !== undefined && isComplex(type)) return [{ key: `(${k} === null ? null : JSON.stringify(${k}))` }];
    const id = ctx.useDictionaryIds ? ctx.dictionaryIds.get(k) : undefined;
    return [id === undefined ? { key: k } : { key: k, id }];
  });
}

/**
 * Generated lookup: nested levels, one per key level, creating the entry (holding the keys) on
 * first sight. A level is a Map keyed by its key, or an array indexed by its dictionary id; the
 * container of a level is made by the level before it (the table itself for the first).
 */
function lookupCode(
  ctx: CodegenContext,
  entry: string,
  table: string,
  entries: string,
  keys: readonly string[],
  levels: readonly KeyLevel[],
  initial: readonly string[],
): string {
  if (keys.length === 0) return `const ${entry} = ${entries}[0];\n`;
  const get = (container: string, level: KeyLevel) => (level.id === undefined ? `${container}.get(${level.key})` : `${container}[${level.id}]`);
  const set = (container: string, level: KeyLevel, value: string) => (level.id === undefined ? `${container}.set(${level.key}, ${value})` : `${container}[${level.id}] = ${value}`);
  let code = '';
  let map = table;
  for (let i = 0; i < levels.length - 1; i++) {
    const next = ctx.freshName('m');
    const make = levels[i + 1]!.id === undefined ? 'new Map()' : '[]';
    code += `let ${next} = ${get(map, levels[i]!)};\nif (${next} === undefined) { ${next} = ${make}; ${set(map, levels[i]!, next)}; }\n`;
    map = next;
  }
  const last = levels[levels.length - 1]!;
  code += `let ${entry} = ${get(map, last)};\n`;
  code += `if (${entry} === undefined) { ${entry} = [${[...keys, ...initial].join(', ')}]; ${set(map, last, entry)}; ${entries}.push(${entry}); }\n`;
  return code;
}
