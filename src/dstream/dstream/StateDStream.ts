/**
 * updateStateByKey: a state per key, updated every batch from the key's new values.
 * Spark: streaming/.../dstream/StateDStream.scala.
 *
 * Batch t's state RDD is the cogroup of batch t's data with batch t - slide's state RDD, mapped
 * by the update function; so each state RDD depends on the previous one, and the stream must be
 * checkpointed (default: every max(10 s, slide), rounded to slides) to cut that lineage.
 */
import { CoGroupedRDD, StorageLevel, bind } from '../../shared/index.js';
import type { Partitioner, RDD } from '../../shared/index.js';
import type { Duration } from '../Duration.js';
import type { Time } from '../Time.js';
import { DStream, type DStreamDescriptor } from './internal.js';
import { registerDStreamKind } from './DStreamRegistry.js';

/** The update function in the form the stream calls it. */
export type UpdateFunction<K, V, S> =
  | { readonly kind: 'simple'; readonly fn: (values: V[], state: S | undefined) => S | undefined }
  | { readonly kind: 'withKeyAndTime'; readonly fn: (batchTimeMs: number, key: K, values: V[], state: S | undefined) => S | undefined };

interface UpdateEnv {
  readonly update: UpdateFunction<unknown, unknown, unknown>;
  readonly batchTimeMs: number;
}

/** Runs in the task (self-contained): one output pair per key whose update returned a state. */
function updatePartition(items: Iterable<[unknown, unknown[][]]>, _context: unknown, env: UpdateEnv): [unknown, unknown][] {
  const out: [unknown, unknown][] = [];
  for (const [key, [values, states]] of items) {
    const previous = states.length > 0 ? states[0] : undefined;
    const next = env.update.kind === 'simple' ? env.update.fn(values, previous) : env.update.fn(env.batchTimeMs, key, values, previous);
    if (next !== undefined) out.push([key, next]);
  }
  return out;
}

/** The stream updateStateByKey() returns. */
export class StateDStream<K, V, S> extends DStream<[K, S]> {
  constructor(
    readonly parent: DStream<[K, V]>,
    readonly update: UpdateFunction<K, V, S>,
    readonly partitioner: Partitioner,
    readonly preservePartitioning: boolean,
    readonly initialRDD: RDD<[K, S]> | undefined,
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

  compute(validTime: Time): RDD<[K, S]> | undefined {
    const previous = this.getOrCompute(validTime.minus(this.slideDuration)) ?? this.initialRDD;
    const data = this.parent.getOrCompute(validTime);
    // Spark: no previous state and no data means no state RDD yet (the initial state waits for data).
    if (!data && (!previous || previous === this.initialRDD)) return undefined;
    const sc = this.ssc.sparkContext;
    const cogrouped = new CoGroupedRDD<K>([(data ?? sc.emptyRDD()) as RDD<[K, unknown]>, (previous ?? sc.emptyRDD()) as RDD<[K, unknown]>], this.partitioner);
    const env: UpdateEnv = { update: this.update as UpdateFunction<unknown, unknown, unknown>, batchTimeMs: validTime.milliseconds };
    return cogrouped.mapPartitions(bind(updatePartition, env), this.preservePartitioning) as RDD<[K, S]>;
  }

  describe(): DStreamDescriptor {
    const { update, partitioner, preservePartitioning, initialRDD } = this;
    return { kind: 'StateDStream', params: { update, partitioner, preservePartitioning, initialRDD } };
  }
}

registerDStreamKind('StateDStream', (_ssc, [parent], p) =>
  new StateDStream(parent as DStream<[unknown, unknown]>, p.update as never, p.partitioner as Partitioner, p.preservePartitioning as boolean, p.initialRDD as never) as DStream<unknown>);
