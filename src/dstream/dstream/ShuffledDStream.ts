/**
 * Combines the values of each key within every batch, through a shuffle.
 * Spark: streaming/.../dstream/ShuffledDStream.scala.
 */
import type { Partitioner, RDD } from '../../shared/index.js';
import type { Duration } from '../Duration.js';
import type { Time } from '../Time.js';
import { DStream, type DStreamDescriptor } from './internal.js';
import { registerDStreamKind } from './DStreamRegistry.js';

/** The stream combineByKey(), reduceByKey() and groupByKey() return. */
export class ShuffledDStream<K, V, C> extends DStream<[K, C]> {
  constructor(
    readonly parent: DStream<[K, V]>,
    readonly createCombiner: (value: V) => C,
    readonly mergeValue: (combiner: C, value: V) => C,
    readonly mergeCombiner: (a: C, b: C) => C,
    readonly partitioner: Partitioner,
    readonly mapSideCombine = true,
  ) {
    super(parent.ssc);
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  get dependencies(): DStream<unknown>[] {
    return [this.parent as DStream<unknown>];
  }

  compute(validTime: Time): RDD<[K, C]> | undefined {
    return this.parent.getOrCompute(validTime)?.combineByKey(this.createCombiner, this.mergeValue, this.mergeCombiner, this.partitioner, this.mapSideCombine);
  }

  describe(): DStreamDescriptor {
    const { createCombiner, mergeValue, mergeCombiner, partitioner, mapSideCombine } = this;
    return { kind: 'ShuffledDStream', params: { createCombiner, mergeValue, mergeCombiner, partitioner, mapSideCombine } };
  }
}

registerDStreamKind('ShuffledDStream', (_ssc, [parent], p) =>
  new ShuffledDStream(parent as DStream<[unknown, unknown]>, p.createCombiner as never, p.mergeValue as never, p.mergeCombiner as never, p.partitioner as Partitioner, p.mapSideCombine as boolean) as DStream<unknown>);
