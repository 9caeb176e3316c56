/**
 * What every stateful physical operator shares: its id and batch context, the state store of each
 * partition it runs on, and the metrics it reports for the batch. Spark:
 * sql/core/.../streaming/statefulOperators.scala (StatefulOperator, StateStoreWriter) and
 * state/StateStoreRDD.scala (mapPartitionsWithStateStore).
 *
 * Providers are kept per (state dir, operator, partition, store name) for the life of a query run,
 * so a batch loads its version from the provider's memory instead of replaying files; a new run
 * (new runId) starts from the files, as Spark's StateStoreProviderId includes the run id.
 */
import { HDFSBackedStateStoreProvider } from '../state/HDFSBackedStateStoreProvider.js';
import type { StateStore, StateStoreMetrics } from '../state/StateStore.js';
import { stateStoreConfFrom } from '../state/StateStoreConf.js';
import { DEFAULT_STORE_NAME, type StateSchema, StateSchemaCompatibilityChecker } from '../state/StateSchemaCompatibilityChecker.js';
import type { StatefulOperatorContext, StateOperatorMetrics, StateTimingMetric } from '../runtime/StatefulOperatorContext.js';
import type { Row } from '../../DataFrame.js';
import type { Clock, SparkContext } from '../../../shared/index.js';
import { shippableValues, shipsToWorkers } from '../../plan/physical/ShippableCode.js';
import type { SparkPlan } from '../../plan/physical/SparkPlan.js';
import { AccumulatorRef } from '../../plan/physical/TaskAccumulators.js';
import { type StateTaskSpec, taskClock } from './TaskState.js';
import type { LateDataSideOutput, LateRow } from '../LateDataSideOutput.js';

const STATE_STORE_CONF_KEYS = [
  'spark.sql.streaming.stateStore.minDeltasForSnapshot',
  'spark.sql.streaming.minBatchesToRetain',
  'spark.sql.streaming.maxBatchesToRetainInMemory',
];

interface CachedProvider {
  readonly runId: string;
  readonly provider: HDFSBackedStateStoreProvider;
}

const providers = new Map<string, CachedProvider>();

/**
 * At most this many providers stay loaded (least recently used leave first), so queries that
 * stopped long ago do not keep their state in memory; a provider that leaves is rebuilt from its
 * files when used again.
 */
const MAX_LOADED_PROVIDERS = 4096;

/**
 * Snapshots of a store with at least this many rows are written by the maintenance thread, as
 * Spark's are by its maintenance task: a 500k-row snapshot took ~0.4 s on the batch's thread
 * every 10 batches (bench/perf/stateCurve.ts without a watermark). Smaller ones stay in place,
 * where the file cadence is exact and the cost is below a thread hand-off.
 */
const BACKGROUND_SNAPSHOT_MIN_ROWS = 10_000;

/** The state store settings set for a query. */
function stateStoreConf(ctx: StatefulOperatorContext): Record<string, string> {
  const conf: Record<string, string> = {};
  for (const k of STATE_STORE_CONF_KEYS) {
    const v = ctx.conf(k);
    if (v !== undefined) conf[k] = v;
  }
  return conf;
}

/**
 * The provider of one store, reused within a query run, in this thread. On worker executors each
 * thread keeps its own; a partition that moves to another thread is loaded there from the files,
 * and a provider asked for a version it does not hold reads it from the files too.
 */
export function providerFor(stateDir: string, runId: string, conf: Readonly<Record<string, string>>, operatorId: number, partitionId: number, storeName: string): HDFSBackedStateStoreProvider {
  const key = `${stateDir}\u0000${operatorId}\u0000${partitionId}\u0000${storeName}`;
  const cached = providers.get(key);
  if (cached && cached.runId === runId) {
    providers.delete(key);
    providers.set(key, cached);
    return cached.provider;
  }
  const provider = new HDFSBackedStateStoreProvider(
    { checkpointRootLocation: stateDir, operatorId, partitionId, storeName },
    { conf: stateStoreConfFrom(conf), backgroundSnapshotMinRows: BACKGROUND_SNAPSHOT_MIN_ROWS },
  );
  cached?.provider.close();
  providers.delete(key);
  providers.set(key, { runId, provider });
  for (const [oldest, entry] of providers) {
    if (providers.size <= MAX_LOADED_PROVIDERS) break;
    entry.provider.close();
    providers.delete(oldest);
  }
  return provider;
}

/** How many store providers of `stateDir` this thread holds loaded (a test seam). */
export function loadedStateStoreProviders(stateDir: string): number {
  let n = 0;
  for (const key of providers.keys()) if (key.startsWith(`${stateDir}\u0000`)) n++;
  return n;
}

/** Forgets the providers of a state directory (a stopped query), releasing their loaded versions. */
export function unloadStateStores(stateDir: string): void {
  for (const [key, cached] of providers) {
    if (key.startsWith(`${stateDir}\u0000`)) {
      cached.provider.close();
      providers.delete(key);
    }
  }
}

/** The state-related half of a stateful operator: stores and metrics of one batch. */
export class OperatorState {
  readonly metrics: StateOperatorMetrics;

  /** Where late rows go besides being counted (the watermark's side output), if anywhere. */
  lateData: LateDataSideOutput | undefined;

  constructor(
    readonly ctx: StatefulOperatorContext,
    readonly operatorId: number,
    operatorName: string,
  ) {
    this.metrics = {
      operatorName,
      numRowsTotal: 0,
      numRowsUpdated: 0,
      numRowsRemoved: 0,
      numRowsDroppedByWatermark: 0,
      memoryUsedBytes: 0,
      numShufflePartitions: ctx.numStatePartitions,
      numStateStoreInstances: 0,
      allUpdatesTimeMs: 0,
      allRemovalsTimeMs: 0,
      commitTimeMs: 0,
    };
  }

  /**
   * On the driver, once per run: records the operator's state schema on its first batch, and
   * afterwards refuses a restart whose schema differs (Spark's StateSchemaCompatibilityChecker),
   * before any task opens a store.
   * @throws IllegalStateError STATE_SCHEMA_NOT_COMPATIBLE naming the schema file and both schemas
   */
  checkStateSchema(schema: StateSchema): void {
    StateSchemaCompatibilityChecker.checkOncePerRun(this.ctx, this.operatorId, DEFAULT_STORE_NAME, schema);
  }

  /** The watermark that evicts state in this batch. */
  get evictionWatermarkMs(): number {
    return this.ctx.eventTimeWatermarkMs;
  }

  /** The watermark that makes an input row late in this batch (the previous batch's watermark). */
  get lateEventsWatermarkMs(): number {
    return this.ctx.eventTimeWatermarkForLateEventsMs ?? this.ctx.eventTimeWatermarkMs;
  }

  /** The store of `partitionId` at this batch's version, open for updates. */
  openStore(partitionId: number, storeName = 'default'): StateStore {
    return providerFor(this.ctx.stateDir, this.ctx.runId, stateStoreConf(this.ctx), this.operatorId, partitionId, storeName).getStore(this.ctx.batchId);
  }

  /** The data a task needs to open this operator's stores and report its metrics on any executor. */
  taskSpec(sc: SparkContext): StateTaskSpec {
    const ctx = this.ctx;
    return {
      location: { stateDir: ctx.stateDir, runId: ctx.runId, operatorId: this.operatorId, batchId: ctx.batchId, conf: stateStoreConf(ctx) },
      metrics: shippableValues([new AccumulatorRef('stateOperatorMetrics', this.metrics)], sc),
      clock: taskClock(sc.clock, shipsToWorkers(sc)),
    };
  }

  /**
   * Commits `store` (its time on `clock` counted as commitTimeMs) and adds its numbers to the
   * batch's metrics; `counted` replaces the store's row counts for operators that keep several rows
   * under one store key (joins, sessions).
   */
  commit(clock: Clock, store: StateStore, counted?: Pick<StateStoreMetrics, 'numRowsTotal' | 'numRowsUpdated' | 'numRowsRemoved'>): void {
    this.timed(clock, 'commitTimeMs', () => store.commit());
    const m = { ...store.metrics(), ...counted };
    this.metrics.numRowsTotal += m.numRowsTotal;
    this.metrics.numRowsUpdated += m.numRowsUpdated;
    this.metrics.numRowsRemoved += m.numRowsRemoved;
    this.metrics.memoryUsedBytes += m.memoryUsedBytes;
  }

  /**
   * Runs `body` and adds the time it took on `clock` (the query's) to `metric`, for operators whose
   * tasks run on the driver. As Spark's StateStoreWriter: updates time the reads and writes of
   * state for the input, removals the eviction (or timeouts), commit the store's commit.
   */
  timed<T>(clock: Clock, metric: StateTimingMetric, body: () => T): T {
    const startMs = clock.getTimeMillis();
    try {
      return body();
    } finally {
      this.metrics[metric] += clock.getTimeMillis() - startMs;
    }
  }

  /** Counts one task of this operator (one partition), as Spark's numStateStoreInstances. */
  countInstance(): void {
    this.metrics.numStateStoreInstances += 1;
  }

  /** Sends a dropped row to the side output, when there is one. */
  reportLate(row: Row, eventTime: LateRow['eventTime'], watermarkMs: number): void {
    this.lateData?.report({ operatorName: this.metrics.operatorName, batchId: this.ctx.batchId, row, eventTime, watermarkMs });
  }

  /** Counts input rows dropped as older than the late-events watermark. */
  countDropped(n = 1): void {
    this.metrics.numRowsDroppedByWatermark += n;
  }
}

/** A physical operator that keeps state (Spark's StateStoreWriter). */
export interface StatefulExec {
  readonly operatorState: OperatorState;
  /** Whether a batch without new data would emit rows or evict state at `newWatermarkMs`. */
  shouldRunAnotherBatch(newWatermarkMs: number): boolean;
}

/** True for the stateful operators of a physical plan. */
export function isStatefulExec(plan: SparkPlan): plan is SparkPlan & StatefulExec {
  return 'operatorState' in plan && (plan as Partial<StatefulExec>).operatorState instanceof OperatorState;
}
