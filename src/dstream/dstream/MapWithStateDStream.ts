/**
 * mapWithState: a mapping function with per-key state, idle timeouts and state snapshots.
 * Spark: streaming/.../dstream/MapWithStateDStream.scala and rdd/MapWithStateRDD.scala.
 *
 * The internal stream's RDD of batch t holds, per partition, the key states after batch t and
 * the records the mapping function returned: `['s', key, state, updateTimeMs]` and
 * `['m', mapped]`. The public stream keeps the mapped records; stateSnapshots() the states.
 * Differs from Spark: records instead of one StateMap object per partition, so the states
 * checkpoint as JSON and travel to worker executors as data.
 */
import { CoGroupedRDD, HashPartitioner, Partitioner, StorageLevel, bind } from '../../shared/index.js';
import type { RDD } from '../../shared/index.js';
import { Duration } from '../Duration.js';
import type { MappingFunction, StateSpec } from '../StateSpec.js';
import type { Time } from '../Time.js';
import { DStream, FlatMappedDStream, type DStreamDescriptor } from './internal.js';
import { registerDStreamKind } from './DStreamRegistry.js';
import { mapWithStatePartition, type MapWithStateEnv, type StateRecord } from './mapWithStatePartition.js';

/** Spark's DEFAULT_CHECKPOINT_DURATION_MULTIPLIER: state is checkpointed every 10 slides. */
const CHECKPOINT_MULTIPLIER = 10;

/** The stream of state maps and mapped records; one RDD record per key state or mapped value. */
export class InternalMapWithStateDStream<K, V, S, E> extends DStream<StateRecord> {
  constructor(
    readonly parent: DStream<[K, V]>,
    readonly mappingFunction: MappingFunction<K, V, S, E>,
    readonly partitioner: Partitioner,
    readonly initialState: RDD<[K, S]> | undefined,
    readonly timeout: Duration | undefined,
  ) {
    super(parent.ssc);
    this.storageLevel = StorageLevel.MEMORY_ONLY;
  }

  override get mustCheckpoint(): boolean {
    return true;
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  get dependencies(): DStream<unknown>[] {
    return [this.parent as DStream<unknown>];
  }

  override initialize(time: Time): void {
    this.checkpointDuration ??= this.slideDuration.times(CHECKPOINT_MULTIPLIER);
    super.initialize(time);
  }

  compute(validTime: Time): RDD<StateRecord> | undefined {
    const sc = this.ssc.sparkContext;
    const previous = this.getOrCompute(validTime.minus(this.slideDuration));
    const previousStates: RDD<[unknown, unknown]> = previous
      ? previous.mapPartitions((records) => {
          const out: [unknown, [unknown, number]][] = [];
          for (const r of records) if (r[0] === 's') out.push([r[1], [r[2], r[3]]]);
          return out;
        }, true)
      : (this.initialState ?? sc.emptyRDD<[K, S]>()).map(bind(([key, state]: [K, S], env: { timeMs: number }) => [key, [state, env.timeMs]] as [K, [S, number]], { timeMs: validTime.milliseconds }));
    const data = this.parent.getOrCompute(validTime) ?? sc.emptyRDD<[K, V]>();
    const cogrouped = new CoGroupedRDD<unknown>([data as RDD<[unknown, unknown]>, previousStates], this.partitioner);
    // Spark removes timed-out keys only when it scans the whole state: on checkpointed batches.
    const isFullScan = this.checkpointDuration !== undefined && validTime.since(this.zeroTime as Time).isMultipleOf(this.checkpointDuration);
    const env: MapWithStateEnv = {
      mapping: this.mappingFunction as MappingFunction<unknown, unknown, unknown, unknown>,
      batchTimeMs: validTime.milliseconds,
      timeoutThresholdMs: this.timeout ? validTime.milliseconds - this.timeout.milliseconds : null,
      removeTimedOut: isFullScan,
    };
    return cogrouped.mapPartitions(bind(mapWithStatePartition, env), true);
  }

  describe(): DStreamDescriptor {
    const { mappingFunction, partitioner, initialState } = this;
    return { kind: 'InternalMapWithStateDStream', params: { mappingFunction, partitioner, initialState, timeoutMs: this.timeout?.milliseconds ?? null } };
  }
}

/** The stream mapWithState() returns: the mapped records; stateSnapshots() gives the states. */
export class MapWithStateDStream<K, V, S, E> extends DStream<E> {
  constructor(readonly internalStream: InternalMapWithStateDStream<K, V, S, E>) {
    super(internalStream.ssc);
  }

  /** Builds the pair of streams for a StateSpec. */
  static create<K, V, S, E>(parent: DStream<[K, V]>, spec: StateSpec<K, V, S, E>): MapWithStateDStream<K, V, S, E> {
    const p = spec.getPartitioner();
    const partitioner = p instanceof Partitioner ? p : new HashPartitioner(p ?? parent.ssc.sparkContext.defaultParallelism);
    return new MapWithStateDStream(new InternalMapWithStateDStream(parent, spec.mappingFunction, partitioner, spec.getInitialStateRDD(), spec.getTimeoutInterval()));
  }

  get slideDuration(): Duration {
    return this.internalStream.slideDuration;
  }

  get dependencies(): DStream<unknown>[] {
    return [this.internalStream as DStream<unknown>];
  }

  compute(validTime: Time): RDD<E> | undefined {
    return this.internalStream.getOrCompute(validTime)?.flatMap((r) => (r[0] === 'm' ? [r[1] as E] : []));
  }

  /** Forwards the interval to the internal stream: only the states are checkpointed, as in Spark. */
  override checkpoint(interval: Duration): this {
    this.internalStream.checkpoint(interval);
    return this;
  }

  /** Every batch, all keys with their state after the batch. */
  stateSnapshots(): DStream<[K, S]> {
    return new FlatMappedDStream(this.internalStream, (r: StateRecord) => (r[0] === 's' ? [[r[1], r[2]] as [K, S]] : []));
  }

  describe(): DStreamDescriptor {
    return { kind: 'MapWithStateDStream', params: {} };
  }
}

registerDStreamKind('InternalMapWithStateDStream', (_ssc, [parent], p) =>
  new InternalMapWithStateDStream(parent as DStream<[unknown, unknown]>, p.mappingFunction as never, p.partitioner as Partitioner, p.initialState as never,
    p.timeoutMs === null ? undefined : new Duration(p.timeoutMs as number)) as DStream<unknown>);
registerDStreamKind('MapWithStateDStream', (_ssc, [internal]) => new MapWithStateDStream(internal as InternalMapWithStateDStream<unknown, unknown, unknown, unknown>) as DStream<unknown>);
