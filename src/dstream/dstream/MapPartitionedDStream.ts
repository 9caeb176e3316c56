/**
 * Applies a function to each partition of every batch. Spark: streaming/.../dstream/MapPartitionedDStream.scala.
 */
import type { TaskContext, RDD } from '../../shared/index.js';
import type { Duration } from '../Duration.js';
import type { Time } from '../Time.js';
import { DStream, type DStreamDescriptor } from './internal.js';
import { registerDStreamKind } from './DStreamRegistry.js';

/** The stream mapPartitions() returns. */
export class MapPartitionedDStream<T, U> extends DStream<U> {
  constructor(
    readonly parent: DStream<T>,
    readonly fn: (items: Iterable<T>, context: TaskContext) => Iterable<U>,
    readonly preservePartitioning: boolean,
  ) {
    super(parent.ssc);
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  get dependencies(): DStream<unknown>[] {
    return [this.parent as DStream<unknown>];
  }

  compute(validTime: Time): RDD<U> | undefined {
    return this.parent.getOrCompute(validTime)?.mapPartitions(this.fn, this.preservePartitioning);
  }

  describe(): DStreamDescriptor {
    return { kind: 'MapPartitionedDStream', params: { fn: this.fn, preservePartitioning: this.preservePartitioning } };
  }
}

registerDStreamKind('MapPartitionedDStream', (_ssc, [parent], p) => new MapPartitionedDStream(parent, p.fn as never, p.preservePartitioning as boolean) as DStream<unknown>);
