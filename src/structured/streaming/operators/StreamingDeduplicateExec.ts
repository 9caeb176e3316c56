/**
 * Streaming dropDuplicates and dropDuplicatesWithinWatermark: keeps the first row of each key and
 * remembers the key in the state store. Spark: sql/core/.../streaming/statefulOperators.scala
 * (BaseStreamingDeduplicateExec, StreamingDeduplicateExec, StreamingDeduplicateWithinWatermarkExec).
 *
 * Event time, when the input has a watermarked column:
 * - rows whose event time is <= the late-events watermark are dropped (and counted) first;
 * - dropDuplicates forgets a key once its event-time key column is <= the eviction watermark (a
 *   key without an event-time column is kept forever);
 * - dropDuplicatesWithinWatermark remembers each key until `eventTime + delay`, forgetting it once
 *   that is below the eviction watermark.
 *
 * State schema (checked on restart, Spark's): the key columns; the value `__dummy__ void` for
 * dropDuplicates and `expiresAtMs bigint not null` for dropDuplicatesWithinWatermark (Spark keeps
 * `expiresAtMicros`; this engine keeps milliseconds).
 */
import type { RDD } from '../../../shared/index.js';
import { toExternalRow } from '../../execution/rowConversion.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { listString } from '../../plan/logical/LogicalPlan.js';
import { type ExecutionContext, type SparkPlan, UnaryExecNode } from '../../plan/physical/SparkPlan.js';
import { LongType, NullType } from '../../types/DataType.js';
import { StructField, StructType } from '../../types/StructType.js';
import type { JsonValue } from '../sources/Offset.js';
import { DEFAULT_STORE_NAME, StateSchemaCompatibilityChecker, structOf } from '../state/StateSchemaCompatibilityChecker.js';
import type { OperatorState, StatefulExec } from './OperatorState.js';
import { isOlderThanWatermark } from './watermarkPredicates.js';

/** How the operator remembers keys. */
export type DeduplicateMode =
  /** dropDuplicates: a key is remembered until its event-time key column passes the watermark. */
  | { readonly kind: 'keys'; readonly eventTimeKeyIndex: number }
  /** dropDuplicatesWithinWatermark: remembered until eventTime + delayMs passes the watermark. */
  | { readonly kind: 'withinWatermark'; readonly delayMs: number };

/** The stateful dropDuplicates operator. */
export class StreamingDeduplicateExec extends UnaryExecNode implements StatefulExec {
  constructor(
    readonly keys: readonly AttributeReference[],
    readonly mode: DeduplicateMode,
    /** The child's watermarked column, or undefined when the input has none. */
    readonly eventTime: AttributeReference | undefined,
    readonly child: SparkPlan,
    readonly operatorState: OperatorState,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.child.output;
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    return c[0] === this.child ? this : new StreamingDeduplicateExec(this.keys, this.mode, this.eventTime, c[0]!, this.operatorState);
  }

  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    return newWatermarkMs > this.operatorState.evictionWatermarkMs;
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const input = this.child.output;
    const keyOrdinals = this.keys.map((k) => input.findIndex((a) => a.exprId === k.exprId));
    const timeOrdinal = this.eventTime ? input.findIndex((a) => a.exprId === this.eventTime!.exprId) : -1;
    const state = this.operatorState;
    const mode = this.mode;
    StateSchemaCompatibilityChecker.checkOncePerRun(state.ctx, state.operatorId, DEFAULT_STORE_NAME, {
      keySchema: structOf(this.keys.map((k) => [k.name, k])),
      valueSchema: new StructType([mode.kind === 'withinWatermark' ? new StructField('expiresAtMs', LongType, false) : new StructField('__dummy__', NullType)]),
    });
    const clock = ctx.sparkContext.clock;
    return this.child.execute(ctx).mapPartitions((rows, task) => {
      const store = state.openStore(task.partitionId);
      const lateMs = state.lateEventsWatermarkMs;
      const out: InternalRow[] = [];
      state.timed(clock, 'allUpdatesTimeMs', () => {
        for (const row of rows) {
          if (timeOrdinal >= 0 && isOlderThanWatermark(row[timeOrdinal], lateMs)) {
            state.countDropped();
            if (state.lateData) state.reportLate(toExternalRow(row, input), row[timeOrdinal] as number, lateMs);
            continue;
          }
          const key = keyOrdinals.map((i) => row[i]) as JsonValue[];
          if (store.get(key) !== undefined) continue;
          store.put(key, mode.kind === 'withinWatermark' ? (row[timeOrdinal] as number) + mode.delayMs : null);
          out.push(row);
        }
      });
      const evictionMs = state.evictionWatermarkMs;
      state.timed(clock, 'allRemovalsTimeMs', () => {
        const expired = [...store.iterator()].filter(([k, v]) =>
          mode.kind === 'withinWatermark'
            ? (v as number) < evictionMs
            : mode.eventTimeKeyIndex >= 0 && isOlderThanWatermark((k as unknown[])[mode.eventTimeKeyIndex], evictionMs));
        for (const [k] of expired) store.remove(k);
      });
      state.commit(clock, store);
      state.countInstance();
      return out;
    });
  }

  simpleString(): string {
    const name = this.mode.kind === 'withinWatermark' ? 'DeduplicateWithinWatermark' : 'Deduplicate';
    return `Streaming${name} ${listString(this.keys)}, operatorId=${this.operatorState.operatorId}`;
  }
}
