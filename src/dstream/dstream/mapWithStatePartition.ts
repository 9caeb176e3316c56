/**
 * The task side of mapWithState: applies the mapping function to one partition's keys and
 * returns their new states and the mapped records. Spark: streaming/.../rdd/MapWithStateRDD.scala
 * (MapWithStateRDDRecord.updateRecordWithData) and State.scala (StateImpl).
 *
 * Self-contained on purpose: worker executors receive it as source text, so the State
 * implementation is declared inside it.
 */
import type { MappingFunction } from '../StateSpec.js';

/** One record of a state RDD: a key's state with its last update time, or a mapped value. */
export type StateRecord = ['s', unknown, unknown, number] | ['m', unknown];

/** What a task needs besides its records. */
export interface MapWithStateEnv {
  readonly mapping: MappingFunction<unknown, unknown, unknown, unknown>;
  readonly batchTimeMs: number;
  /** Keys not updated since before this time time out; null without a timeout. */
  readonly timeoutThresholdMs: number | null;
  /** Whether this batch removes timed-out keys (Spark's full scan, on checkpointed batches). */
  readonly removeTimedOut: boolean;
}

/** Cogrouped [key, [values, [[state, updateTimeMs]]]] in, state and mapped records out. */
export function mapWithStatePartition(items: Iterable<[unknown, unknown[][]]>, _context: unknown, env: MapWithStateEnv): StateRecord[] {
  class StateImpl {
    defined = false;
    value: unknown = undefined;
    timingOut = false;
    updated = false;
    removed = false;
    wrap(entry: [unknown, number] | undefined) {
      this.defined = entry !== undefined;
      this.value = entry?.[0];
      this.timingOut = false;
      this.updated = false;
      this.removed = false;
    }
    wrapTimingOutState(value: unknown) {
      this.defined = true;
      this.value = value;
      this.timingOut = true;
      this.updated = false;
      this.removed = false;
    }
    exists() {
      return this.defined;
    }
    get() {
      if (!this.defined) throw new Error('State is not set');
      return this.value;
    }
    getOption() {
      return this.defined ? this.value : undefined;
    }
    update(newState: unknown) {
      if (this.removed) throw new Error('Cannot update the state after it has been removed');
      if (this.timingOut) throw new Error('Cannot update the state that is timing out');
      this.defined = true;
      this.value = newState;
      this.updated = true;
    }
    remove() {
      if (this.timingOut) throw new Error('Cannot remove the state that is timing out');
      if (this.removed) throw new Error('Cannot remove the state that has already been removed');
      this.defined = false;
      this.value = undefined;
      this.updated = false;
      this.removed = true;
    }
    isTimingOut() {
      return this.timingOut;
    }
    isUpdated() {
      return this.updated;
    }
    isRemoved() {
      return this.removed;
    }
  }
  const out: StateRecord[] = [];
  const state = new StateImpl();
  const call = (key: unknown, value: unknown) => {
    if (env.mapping.kind === 'simple') out.push(['m', env.mapping.fn(key, value, state as never)]);
    else {
      const mapped = env.mapping.fn(env.batchTimeMs, key, value, state as never);
      if (mapped !== undefined) out.push(['m', mapped]);
    }
  };
  for (const [key, [values, entries]] of items) {
    let entry = entries[0] as [unknown, number] | undefined;
    for (const value of values) {
      state.wrap(entry);
      call(key, value);
      if (state.isRemoved()) entry = undefined;
      // With a timeout, touching a key refreshes its update time even when the state is unchanged.
      else if (state.isUpdated() || (state.exists() && env.timeoutThresholdMs !== null)) entry = [state.get(), env.batchTimeMs];
    }
    if (entry && env.removeTimedOut && env.timeoutThresholdMs !== null && entry[1] < env.timeoutThresholdMs) {
      state.wrapTimingOutState(entry[0]);
      call(key, undefined);
      entry = undefined;
    }
    if (entry) out.push(['s', key, entry[0], entry[1]]);
  }
  return out;
}
