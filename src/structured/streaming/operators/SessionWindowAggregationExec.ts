/**
 * Streaming aggregation over session windows: merges each key's new row sessions, restores the
 * key's open sessions from state, merges sessions that now overlap, saves them, and emits by
 * output mode. Spark: sql/core/.../streaming/statefulOperators.scala
 * (SessionWindowStateStoreRestoreExec, SessionWindowStateStoreSaveExec),
 * aggregate/MergingSessionsExec.scala and MergingSessionsIterator.scala, in one operator.
 *
 * Sessions of a key merge when the next one starts at or before the current one's end
 * (`start <= end`, Spark's check). Event time: the batch's merged input sessions that end at or
 * before the late-events watermark are dropped (counted per session); Append emits and removes a
 * session once its end is at or before the eviction watermark; Complete emits every session every
 * batch and evicts nothing.
 *
 * State schema (checked on restart): the key is the grouping columns but the session; the value
 * the session column and the aggregate results (Spark keeps whole input rows per key; the store
 * here keeps each key's sessions with their aggregate buffers).
 */
import type { RDD } from '../../../shared/index.js';
import type { AggregateFunction } from '../../expressions/aggregate/AggregateFunction.js';
import { compileProjection } from '../../expressions/codegen/compileExpressions.js';
import type { Expression, InternalRow } from '../../expressions/Expression.js';
import { type AttributeReference, bindReferences, type NamedExpression } from '../../expressions/NamedExpression.js';
import type { WindowValue } from '../../expressions/TimeWindow.js';
import { GroupingTable } from '../../execution/GroupingTable.js';
import { listString } from '../../plan/logical/LogicalPlan.js';
import { type ExecutionContext, type SparkPlan, UnaryExecNode } from '../../plan/physical/SparkPlan.js';
import { ArrayType } from '../../types/ArrayType.js';
import { StructType } from '../../types/StructType.js';
import type { JsonValue } from '../sources/Offset.js';
import { DEFAULT_STORE_NAME, StateSchemaCompatibilityChecker, structOf } from '../state/StateSchemaCompatibilityChecker.js';
import type { OperatorState, StatefulExec } from './OperatorState.js';
import { copyJson, isOlderThanWatermark } from './watermarkPredicates.js';

/** A session and its aggregate buffers. */
type Session = [window: WindowValue, buffers: unknown[]];

/** Merges sessions sorted by start: overlapping ones (start <= current end) combine. */
export function mergeSessions(sorted: readonly Session[], fns: readonly AggregateFunction[]): Session[] {
  const out: Session[] = [];
  for (const [w, buffers] of sorted) {
    const last = out[out.length - 1];
    if (last && w.start <= last[0].end) {
      last[0] = { start: last[0].start, end: Math.max(last[0].end, w.end) };
      last[1] = fns.map((f, i) => f.merge(last[1][i], buffers[i]));
    } else {
      out.push([{ start: w.start, end: w.end }, buffers]);
    }
  }
  return out;
}

const byStart = (a: Session, b: Session) => a[0].start - b[0].start;

/** The session-window stateful aggregation. */
export class SessionWindowAggregationExec extends UnaryExecNode implements StatefulExec {
  constructor(
    /** The grouping attributes in the aggregate's order; `sessionIndex` is the session column. */
    readonly groupingAttributes: readonly AttributeReference[],
    readonly sessionIndex: number,
    readonly aggregateFunctions: readonly AggregateFunction[],
    readonly aggregateAttributes: readonly AttributeReference[],
    readonly resultExpressions: readonly NamedExpression[],
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
    return new SessionWindowAggregationExec(this.groupingAttributes, this.sessionIndex, this.aggregateFunctions, this.aggregateAttributes,
      this.resultExpressions, c[0]!, this.operatorState);
  }

  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    return this.operatorState.ctx.outputMode !== 'Complete' && newWatermarkMs > this.operatorState.evictionWatermarkMs;
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const nk = this.groupingAttributes.length;
    const si = this.sessionIndex;
    const fns = this.aggregateFunctions;
    const keyOf = (row: readonly unknown[]) => [...row.slice(0, si), ...row.slice(si + 1, nk)];
    const fullKey = (key: readonly unknown[], w: WindowValue) => [...key.slice(0, si), w, ...key.slice(si)];
    const bound = this.resultExpressions.map((e) => bindReferences(e as Expression, [...this.groupingAttributes, ...this.aggregateAttributes]));
    const project = compileProjection(bound, ctx.compileExpressions, nk + fns.length);
    const complex = this.groupingAttributes.filter((_, i) => i !== si).map((a) => a.dataType instanceof StructType || a.dataType instanceof ArrayType);
    const state = this.operatorState;
    const mode = state.ctx.outputMode;
    StateSchemaCompatibilityChecker.checkOncePerRun(state.ctx, state.operatorId, DEFAULT_STORE_NAME, {
      keySchema: structOf(this.groupingAttributes.filter((_, i) => i !== si).map((a) => [a.name, a])),
      valueSchema: structOf([this.groupingAttributes[si]!, ...this.aggregateAttributes].map((a) => [a.name, a])),
    });
    const clock = ctx.sparkContext.clock;
    return this.child.execute(ctx).mapPartitions((rows, task) => {
      const table = new GroupingTable(complex);
      for (const row of rows) {
        const key = keyOf(row);
        (table.getOrCreate(key, () => [key, []])[1] as Session[]).push([row[si] as WindowValue, row.slice(nk)]);
      }
      const store = state.openStore(task.partitionId);
      const lateMs = state.lateEventsWatermarkMs;
      let updatedSessions = 0;
      let removedSessions = 0;
      const emitted: [readonly unknown[], Session][] = [];
      state.timed(clock, 'allUpdatesTimeMs', () => {
        for (const [key, input] of table.entries as [unknown[], Session[]][]) {
          const fresh = mergeSessions([...input].sort(byStart), fns).filter(([w]) => {
            const late = mode !== 'Complete' && isOlderThanWatermark(w, lateMs);
            if (late) {
              state.countDropped();
              if (state.lateData) state.reportLate(Object.fromEntries(this.groupingAttributes.map((a, i) => [a.name, fullKey(key, w)[i]])), w, lateMs);
            }
            return !late;
          });
          if (fresh.length === 0) continue;
          const stored = ((store.get(key as JsonValue) as unknown as Session[] | undefined) ?? []).map(([w, b]): Session => [w, b.map(copyJson)]);
          const merged = mergeSessions([...stored, ...fresh].sort(byStart), fns);
          // A merged session is new or changed exactly when a fresh session fell into it.
          const changed = merged.filter(([w]) => fresh.some(([f]) => f.start >= w.start && f.start <= w.end));
          updatedSessions += changed.length;
          removedSessions += stored.filter(([w]) => !merged.some(([m]) => m.start === w.start && m.end === w.end)).length;
          store.put(key as JsonValue, merged as unknown as JsonValue);
          if (mode === 'Update') for (const s of changed) emitted.push([key, s]);
        }
      });
      const evictionMs = state.evictionWatermarkMs;
      // The walk evicts (allRemovalsTimeMs) except in Complete mode, where it only emits, as Spark times nothing there.
      const walk = (): void => {
        for (const [k, v] of [...store.iterator()]) {
          const sessions = v as unknown as Session[];
          if (mode === 'Complete') {
            for (const s of sessions) emitted.push([k as unknown[], s]);
            continue;
          }
          const expired = sessions.filter(([w]) => isOlderThanWatermark(w, evictionMs));
          if (expired.length === 0) continue;
          removedSessions += expired.length;
          if (mode === 'Append') for (const s of expired) emitted.push([k as unknown[], s]);
          const kept = sessions.filter((s) => !expired.includes(s));
          if (kept.length === 0) store.remove(k);
          else store.put(k, kept as unknown as JsonValue);
        }
      };
      if (mode === 'Complete') walk();
      else state.timed(clock, 'allRemovalsTimeMs', walk);
      let total = 0;
      for (const [, v] of store.iterator()) total += (v as unknown[]).length;
      state.commit(clock, store, { numRowsTotal: total, numRowsUpdated: updatedSessions, numRowsRemoved: removedSessions });
      state.countInstance();
      return emitted.map(([key, [w, buffers]]) => project([...fullKey(key, w), ...fns.map((f, i) => f.finish(buffers[i]))]));
    });
  }

  simpleString(): string {
    return `SessionWindowAggregation(keys=${listString(this.groupingAttributes)}, functions=[${this.aggregateFunctions.map(String).join(', ')}], `
      + `outputMode=${this.operatorState.ctx.outputMode}, operatorId=${this.operatorState.operatorId})`;
  }
}
