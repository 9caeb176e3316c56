/**
 * The stateful half of a streaming aggregation: merges the batch's partial aggregates per key,
 * restores each key's running buffers from the state store, saves the merged buffers, and emits
 * rows by output mode. Spark: sql/core/.../streaming/statefulOperators.scala (StateStoreRestoreExec,
 * StateStoreSaveExec) with the PartialMerge and Final HashAggregates around them, in one operator.
 *
 * ```
 * StatefulAggregation(keys=[window#7], functions=[count(1)], Append)   restore, merge, save, emit, finish
 * +- Exchange hashpartitioning(window#7, numStatePartitions)
 *    +- HashAggregate(keys=[window#7], functions=[partial_count(1)])  (partial aggregation first)
 * ```
 * Event time, when a grouping key carries the watermark (the window, or the event-time column):
 * - Append and Update drop a key's new rows when the key is older than the late-events watermark
 *   (window end <= watermark, or time <= watermark), counting one dropped row per key, as Spark
 *   does after its PartialMerge (so the count is of late keys per partition, not of input rows).
 * - Append emits a key once it is older than the eviction watermark, and removes it from state.
 * - Update emits every key it saved, then removes keys older than the eviction watermark.
 * - Complete saves everything, evicts nothing, and emits the whole state every batch.
 * Each task times, on the query's Clock, its restores and saves (allUpdatesTimeMs), its eviction
 * (allRemovalsTimeMs; none in Complete mode) and its commit (commitTimeMs).
 */
import { bind, type RDD, type TaskContext } from '../../../shared/index.js';
import { registerBuiltin } from '../../../shared/util/builtinFunctions.js';
import type { AggregateFunction } from '../../expressions/aggregate/AggregateFunction.js';
import { shippableAggregate } from '../../expressions/aggregate/shippableAggregate.js';
import type { Expression, InternalRow } from '../../expressions/Expression.js';
import { GroupingTable } from '../../execution/GroupingTable.js';
import { type AttributeReference, bindReferences, type NamedExpression } from '../../expressions/NamedExpression.js';
import { listString } from '../../plan/logical/LogicalPlan.js';
import { instantiate, projectionCode, type ShippableCode, shippableValues } from '../../plan/physical/ShippableCode.js';
import { type ExecutionContext, type SparkPlan, UnaryExecNode } from '../../plan/physical/SparkPlan.js';
import { ArrayType } from '../../types/ArrayType.js';
import { StructField, StructType } from '../../types/StructType.js';
import type { OutputMode } from '../OutputMode.js';
import type { JsonValue } from '../sources/Offset.js';
import { encodeStateKey } from '../state/encodeStateKey.js';
import type { OperatorState, StatefulExec } from './OperatorState.js';
import { type StateTaskSpec, TaskState } from './TaskState.js';
import { copyJson, isOlderThanWatermark } from './watermarkPredicates.js';

/** What a partition of the stateful aggregation needs, as data (so it runs on worker executors too). */
interface StatefulAggregateSpec {
  readonly numKeys: number;
  readonly complexKeys: readonly boolean[];
  /** The aggregate functions (shippableValues). */
  readonly functions: ShippableCode;
  /** resultExpressions over keys ++ finished values. */
  readonly results: ShippableCode;
  readonly outputMode: OutputMode;
  /** Which grouping key carries the watermark, or -1 for none. */
  readonly eventTimeKeyIndex: number;
  readonly lateEventsWatermarkMs: number;
  readonly evictionWatermarkMs: number;
  readonly state: StateTaskSpec;
}

/** One partition: merge the batch's partial buffers per key, restore and save state, emit by output mode. */
const aggregateWithState = registerBuiltin('structured.aggregateWithState', (rows: Iterable<InternalRow>, task: TaskContext, env: StatefulAggregateSpec): InternalRow[] => {
  const nk = env.numKeys;
  const fns = instantiate<AggregateFunction[]>(env.functions, []);
  const nf = fns.length;
  const project = instantiate<(row: InternalRow) => InternalRow>(env.results, []);
  const { outputMode: mode, eventTimeKeyIndex: ti } = env;
  const isOlder = (keys: readonly unknown[], watermarkMs: number) => ti >= 0 && isOlderThanWatermark(keys[ti], watermarkMs);
  const table = new GroupingTable(env.complexKeys);
  for (const row of rows) {
    const entry = table.getOrCreate(row, () => {
      const created = row.slice(0, nk);
      for (let i = 0; i < nf; i++) created.push(fns[i]!.initialize());
      return created;
    }, nk);
    for (let i = 0; i < nf; i++) entry[nk + i] = fns[i]!.merge(entry[nk + i], row[nk + i]);
  }
  const state = new TaskState(env.state, task);
  const store = state.openStore();
  const updated: unknown[][] = [];
  // Timed as Spark's StateStoreSaveExec: restoring and saving the keys (updates), evicting (removals), committing.
  const updatesStartMs = state.nowMs();
  for (const entry of table.entries) {
    const keys = entry.slice(0, nk);
    // Encoded once per key, for both the restore and the save.
    const keyJson = encodeStateKey(keys);
    if (mode !== 'Complete' && isOlder(keys, env.lateEventsWatermarkMs)) {
      state.countDropped();
      continue;
    }
    const previous = store.get(keys as JsonValue, keyJson) as JsonValue[] | undefined;
    const merged = entry.slice(nk);
    if (previous !== undefined) for (let i = 0; i < nf; i++) merged[i] = fns[i]!.merge(copyJson(previous[i]!), merged[i]);
    store.put(keys as JsonValue, merged as JsonValue, keyJson);
    if (mode === 'Update') updated.push(keys.concat(merged));
  }
  state.addTime('allUpdatesTimeMs', updatesStartMs);
  let emitted: unknown[][];
  if (mode === 'Complete') {
    emitted = [...store.iterator()].map(([k, v]) => [...(k as unknown[]), ...(v as unknown[])]);
  } else {
    // Without an event-time key nothing ever expires (as in Spark): not walking the whole state
    // keeps a batch's cost proportional to the keys it touched.
    const removalsStartMs = state.nowMs();
    const expired = ti < 0 ? [] : store.removeWhere((k) => isOlder(k as unknown[], env.evictionWatermarkMs));
    state.addTime('allRemovalsTimeMs', removalsStartMs);
    emitted = mode === 'Append' ? expired.map(([k, v]) => [...(k as unknown[]), ...(v as unknown[])]) : updated;
  }
  state.commit(store);
  state.report();
  return emitted.map((r) => {
    for (let i = 0; i < nf; i++) r[nk + i] = fns[i]!.finish(r[nk + i]);
    return project(r);
  });
});

/** A streaming aggregation's state, restore, save and emit steps. */
export class StatefulAggregationExec extends UnaryExecNode implements StatefulExec {
  constructor(
    /** The grouping attributes (the first columns of the child's rows). */
    readonly groupingAttributes: readonly AttributeReference[],
    readonly aggregateFunctions: readonly AggregateFunction[],
    /** One result attribute per function, which resultExpressions read. */
    readonly aggregateAttributes: readonly AttributeReference[],
    readonly resultExpressions: readonly NamedExpression[],
    /** Which grouping key carries the watermark, or -1 for none. */
    readonly eventTimeKeyIndex: number,
    readonly child: SparkPlan,
    readonly operatorState: OperatorState,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.resultExpressions.map((e) => e.toAttribute());
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    if (c[0] === this.child) return this;
    return new StatefulAggregationExec(this.groupingAttributes, this.aggregateFunctions, this.aggregateAttributes,
      this.resultExpressions, this.eventTimeKeyIndex, c[0]!, this.operatorState);
  }

  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    const mode = this.operatorState.ctx.outputMode;
    return mode !== 'Complete' && newWatermarkMs > this.operatorState.evictionWatermarkMs;
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const nk = this.groupingAttributes.length;
    const fns = this.aggregateFunctions;
    const input = [...this.groupingAttributes, ...this.aggregateAttributes];
    const state = this.operatorState;
    state.checkStateSchema({ keySchema: structOf(this.groupingAttributes), valueSchema: structOf(this.aggregateAttributes) });
    const mode = state.ctx.outputMode;
    if (mode === 'Append' && this.eventTimeKeyIndex < 0) {
      throw new Error('Internal error: append-mode streaming aggregation planned without a watermarked grouping key');
    }
    const spec: StatefulAggregateSpec = {
      numKeys: nk,
      complexKeys: this.groupingAttributes.map((a) => a.dataType instanceof StructType || a.dataType instanceof ArrayType),
      functions: shippableValues(fns.map((f) => shippableAggregate(f)), ctx.sparkContext),
      results: projectionCode(this.resultExpressions.map((e) => bindReferences(e as Expression, input)), nk + fns.length, ctx),
      outputMode: mode,
      eventTimeKeyIndex: this.eventTimeKeyIndex,
      lateEventsWatermarkMs: state.lateEventsWatermarkMs,
      evictionWatermarkMs: state.evictionWatermarkMs,
      state: state.taskSpec(ctx.sparkContext),
    };
    return this.child.execute(ctx).mapPartitions(bind(aggregateWithState, spec));
  }

  simpleString(): string {
    const ctx = this.operatorState.ctx;
    return `StatefulAggregation(keys=${listString(this.groupingAttributes)}, functions=[${this.aggregateFunctions.map(String).join(', ')}], `
      + `outputMode=${ctx.outputMode}, operatorId=${this.operatorState.operatorId})`;
  }
}

/** The schema of a state key or value: one field per attribute. */
function structOf(attributes: readonly AttributeReference[]): StructType {
  return new StructType(attributes.map((a) => new StructField(a.name, a.dataType, a.nullable)));
}
