/**
 * The task side of an operator's state: what a task needs to open and commit its partition's
 * stores and count its metrics, as data, so the task runs on worker executors too. Spark:
 * state/StateStoreRDD.scala (the executor opens the store through the provider, from the
 * checkpoint location) and the SQLMetrics a StateStoreWriter updates on the executor.
 */
import { type Clock, SystemClock, type TaskContext } from '../../../shared/index.js';
import { instantiate, reportLocals, type ShippableCode, type TaskLocals } from '../../plan/physical/ShippableCode.js';
import { registerAccumulatorKind } from '../../plan/physical/TaskAccumulators.js';
import type { StateOperatorMetrics, StateTimingMetric } from '../runtime/StatefulOperatorContext.js';
import type { StateStore } from '../state/StateStore.js';
import { providerFor } from './OperatorState.js';

/** Where a task finds an operator's stores, as data: a worker executor opens the provider itself from the checkpoint, as a Spark executor does. */
export interface StateStoreLocation {
  readonly stateDir: string;
  readonly runId: string;
  readonly operatorId: number;
  readonly batchId: number;
  /** The state store settings set for the query (STATE_STORE_CONF_KEYS). */
  readonly conf: Readonly<Record<string, string>>;
}

/** A task's share of an operator's batch metrics, summed into OperatorState.metrics on the driver. */
type StateMetricsDelta = Pick<StateOperatorMetrics, (typeof METRIC_KEYS)[number]>;

const METRIC_KEYS = [
  'numRowsTotal', 'numRowsUpdated', 'numRowsRemoved', 'numRowsDroppedByWatermark', 'memoryUsedBytes', 'numStateStoreInstances',
  'allUpdatesTimeMs', 'allRemovalsTimeMs', 'commitTimeMs',
] as const;

registerAccumulatorKind<StateMetricsDelta, StateOperatorMetrics>('stateOperatorMetrics', {
  create: () => ({
    numRowsTotal: 0, numRowsUpdated: 0, numRowsRemoved: 0, numRowsDroppedByWatermark: 0, memoryUsedBytes: 0, numStateStoreInstances: 0,
    allUpdatesTimeMs: 0, allRemovalsTimeMs: 0, commitTimeMs: 0,
  }),
  toData: (delta) => ({ ...delta }),
  merge: (target, data) => {
    for (const key of METRIC_KEYS) target[key] += (data as StateMetricsDelta)[key];
  },
});

/**
 * The query's Clock as a task on a worker thread gets it: a worker cannot read the driver's
 * clock, so a SystemClock becomes the worker's own (the same wall time), and any other clock (a
 * ManualClock, which only a test moves) one that stands still, so its durations are 0 there.
 */
export type TaskClock = Clock | { readonly kind: 'system' | 'still' };

/** `clock` for the tasks of a job: itself on inline masters, its description for worker threads. */
export function taskClock(clock: Clock, shipsToWorkers: boolean): TaskClock {
  if (!shipsToWorkers) return clock;
  return { kind: clock instanceof SystemClock ? 'system' : 'still' };
}

/** A clock that never moves: durations timed on it are 0. */
const STILL_CLOCK: Clock = { getTimeMillis: () => 0, waitTillTime: () => Promise.resolve(0) };

function resolveClock(clock: TaskClock): Clock {
  if (!('kind' in clock)) return clock;
  return clock.kind === 'system' ? new SystemClock() : STILL_CLOCK;
}

/** What a task needs to use an operator's state: where the stores are, and the metrics accumulator. */
export interface StateTaskSpec {
  readonly location: StateStoreLocation;
  readonly metrics: ShippableCode;
  /** Where the task reads processing time for the operator's durations. */
  readonly clock: TaskClock;
}

/**
 * The task side of an operator's state, built from a StateTaskSpec in whatever thread runs the
 * task: opens and commits stores, counts into the task's copy of the metrics.
 */
export class TaskState {
  readonly #locals: TaskLocals = [];
  readonly #metrics: StateMetricsDelta;
  readonly #clock: Clock;

  constructor(
    readonly spec: StateTaskSpec,
    private readonly task: TaskContext,
  ) {
    this.#metrics = instantiate<[StateMetricsDelta]>(spec.metrics, this.#locals)[0];
    this.#clock = resolveClock(spec.clock);
  }

  /** A reading of the task's clock, to start timing a region (see addTime). */
  nowMs(): number {
    return this.#clock.getTimeMillis();
  }

  /** Adds the clock time since `startMs` (a nowMs reading) to `metric`. */
  addTime(metric: StateTimingMetric, startMs: number): void {
    this.#metrics[metric] += this.#clock.getTimeMillis() - startMs;
  }

  /** The store of this task's partition at the batch's version, open for updates. */
  openStore(storeName = 'default'): StateStore {
    const l = this.spec.location;
    return providerFor(l.stateDir, l.runId, l.conf, l.operatorId, this.task.partitionId, storeName).getStore(l.batchId);
  }

  /** Commits `store` (timed as commitTimeMs) and counts its numbers and this task as one store instance. */
  commit(store: StateStore): void {
    const startMs = this.nowMs();
    store.commit();
    this.addTime('commitTimeMs', startMs);
    const m = store.metrics();
    this.#metrics.numRowsTotal += m.numRowsTotal;
    this.#metrics.numRowsUpdated += m.numRowsUpdated;
    this.#metrics.numRowsRemoved += m.numRowsRemoved;
    this.#metrics.memoryUsedBytes += m.memoryUsedBytes;
    this.#metrics.numStateStoreInstances += 1;
  }

  /** Counts input rows dropped as older than the late-events watermark. */
  countDropped(n = 1): void {
    this.#metrics.numRowsDroppedByWatermark += n;
  }

  /** Sends the task's metrics to the driver with the task's end; call once, when the partition is done. */
  report(): void {
    reportLocals(this.task, this.#locals);
  }
}
