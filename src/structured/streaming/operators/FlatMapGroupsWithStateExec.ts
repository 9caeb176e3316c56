/**
 * Streaming [flat]MapGroupsWithState: per key with new rows, and then per timed-out key, calls the
 * user function with the key's GroupState and saves what it left in the state. Spark:
 * sql/core/.../streaming/FlatMapGroupsWithStateExec.scala and GroupStateImpl.scala.
 *
 * Processing time: a ProcessingTimeTimeout key times out in the first batch whose timestamp (the
 * query's Clock) is past its timeout; such queries always ask for another batch. Event time: with
 * EventTimeTimeout, input rows <= the late-events watermark are dropped first, and a key times out
 * once the eviction watermark passes its timeout timestamp. Keys with new data are processed
 * before timeouts are looked for, so a key that just set a new timeout does not time out now.
 *
 * State schema (checked on restart): keys and states are JSON values with no encoder to describe
 * them, so the schema recorded is the store's layout: key `key string` (the key's JSON), value
 * `groupState string` (the state's JSON) and `timeoutTimestamp bigint not null`, as Spark's state
 * format v2 pairs the state with its timeout. It refuses another operator kind at this operator
 * id; a change of the key's or state's own type inside the JSON is not detected.
 */
import type { RDD } from '../../../shared/index.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { listString } from '../../plan/logical/LogicalPlan.js';
import { type ExecutionContext, type SparkPlan, UnaryExecNode } from '../../plan/physical/SparkPlan.js';
import { GroupStateImpl, NO_TIMESTAMP } from '../GroupState.js';
import type { FlatMapGroupsWithState } from '../logical/FlatMapGroupsWithState.js';
import { GroupStateErrors } from '../logical/statefulErrors.js';
import type { JsonValue } from '../sources/Offset.js';
import { LongType, StringType } from '../../types/DataType.js';
import { StructField, StructType } from '../../types/StructType.js';
import { DEFAULT_STORE_NAME, StateSchemaCompatibilityChecker } from '../state/StateSchemaCompatibilityChecker.js';
import type { StateStore } from '../state/StateStore.js';
import { callUserFunction, groupPartition, isJsonValue, outputConverter, shuffleByKey } from './groupByKeyInternals.js';
import type { OperatorState, StatefulExec } from './OperatorState.js';
import { copyJson, isOlderThanWatermark } from './watermarkPredicates.js';

/** A key's stored state: the value (null when removed with a timeout still set) and the timeout. */
interface StoredGroupState {
  readonly s: JsonValue;
  readonly t: number;
}

/** The streaming operator. */
export class FlatMapGroupsWithStateExec extends UnaryExecNode implements StatefulExec {
  constructor(
    readonly node: FlatMapGroupsWithState,
    /** The child's watermarked column (event-time timeouts and late rows), if any. */
    readonly eventTime: AttributeReference | undefined,
    readonly child: SparkPlan,
    readonly operatorState: OperatorState,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.node.outputAttrs;
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    return c[0] === this.child ? this : new FlatMapGroupsWithStateExec(this.node, this.eventTime, c[0]!, this.operatorState);
  }

  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    if (this.node.timeout === 'ProcessingTimeTimeout') return true;
    return this.node.timeout === 'EventTimeTimeout' && newWatermarkMs > this.operatorState.evictionWatermarkMs;
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const input = this.child.output;
    const { func, keyFunc, timeout } = this.node;
    const state = this.operatorState;
    const timeOrdinal = this.eventTime ? input.findIndex((a) => a.exprId === this.eventTime!.exprId) : -1;
    const watermarkPresent = this.eventTime !== undefined;
    const convert = outputConverter(this.node.outputAttrs);
    StateSchemaCompatibilityChecker.checkOncePerRun(state.ctx, state.operatorId, DEFAULT_STORE_NAME, GROUP_STATE_SCHEMA);
    const shuffled = shuffleByKey(this.child.execute(ctx), input, keyFunc, state.ctx.numStatePartitions);
    const clock = ctx.sparkContext.clock;
    return shuffled.mapPartitions((pairs, task) => {
      const store = state.openStore(task.partitionId);
      const lateMs = state.lateEventsWatermarkMs;
      const evictionMs = state.evictionWatermarkMs;
      const batchTimestampMs = state.ctx.batchTimestampMs;
      const out: InternalRow[] = [];
      const call = (key: JsonValue, values: GroupInput, stored: StoredGroupState | undefined, hasTimedOut: boolean) => {
        const value = stored === undefined || stored.s === null ? undefined : copyJson(stored.s);
        const gs = new GroupStateImpl<unknown>(value, batchTimestampMs, evictionMs, timeout, hasTimedOut, watermarkPresent);
        out.push(...convert(callUserFunction(key, () => func(key, values, gs))));
        saveState(store, key, gs, stored?.t ?? NO_TIMESTAMP);
      };
      // As Spark: the groups with data are updates, the timed-out groups removals.
      state.timed(clock, 'allUpdatesTimeMs', () => {
        for (const group of groupPartition(pairs, input)) {
          let rows = group.rows;
          if (timeout === 'EventTimeTimeout' && timeOrdinal >= 0) {
            rows = rows.filter((_, i) => {
              const late = isOlderThanWatermark(group.internal[i]![timeOrdinal], lateMs);
              if (late) {
                state.countDropped();
                state.reportLate(group.rows[i]!, group.internal[i]![timeOrdinal] as number, lateMs);
              }
              return !late;
            });
            if (rows.length === 0) continue;
          }
          call(group.key, rows, store.get(group.key) as StoredGroupState | undefined, false);
        }
      });
      if (timeout !== 'NoTimeout') {
        const thresholdMs = timeout === 'ProcessingTimeTimeout' ? batchTimestampMs : evictionMs;
        state.timed(clock, 'allRemovalsTimeMs', () => {
          const timingOut = [...store.iterator()].filter(([, v]) => {
            const t = (v as unknown as StoredGroupState).t;
            return t !== NO_TIMESTAMP && t < thresholdMs;
          });
          for (const [key, v] of timingOut) call(key, [], v as unknown as StoredGroupState, true);
        });
      }
      state.commit(clock, store);
      state.countInstance();
      return out;
    });
  }

  simpleString(): string {
    const name = this.node.isMapGroupsWithState ? 'MapGroupsWithState' : 'FlatMapGroupsWithState';
    return `${name} ${listString(this.output)}, ${this.node.outputMode}, ${this.node.timeout}, operatorId=${this.operatorState.operatorId}`;
  }
}

type GroupInput = readonly Record<string, unknown>[];

/** The store's layout: a JSON key, and a JSON state with its timeout (see the file header). */
const GROUP_STATE_SCHEMA = {
  keySchema: new StructType([new StructField('key', StringType)]),
  valueSchema: new StructType([new StructField('groupState', StringType), new StructField('timeoutTimestamp', LongType, false)]),
};

/** Spark's onIteratorCompletion: remove, or write when the value or the timeout changed. */
function saveState(store: StateStore, key: JsonValue, gs: GroupStateImpl<unknown>, previousTimeoutMs: number): void {
  const timeoutMs = gs.timeoutTimestampMs;
  if (gs.isRemoved && timeoutMs === NO_TIMESTAMP) {
    store.remove(key);
    return;
  }
  if (!gs.isUpdated && !gs.isRemoved && timeoutMs === previousTimeoutMs) return;
  const value = gs.exists ? gs.get() : null;
  if (!isJsonValue(value)) throw GroupStateErrors.notJson(`${String(value)} for key ${JSON.stringify(key)} is not plain JSON data`);
  store.put(key, { s: value as JsonValue, t: timeoutMs });
}
