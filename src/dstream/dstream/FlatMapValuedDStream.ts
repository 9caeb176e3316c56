/**
 * Applies a function to the value of every pair and flattens, keeping keys and partitioning. Spark: streaming/.../dstream/FlatMapValuedDStream.scala.
 */
import type { RDD } from '../../shared/index.js';
import type { Duration } from '../Duration.js';
import type { Time } from '../Time.js';
import { DStream, type DStreamDescriptor } from './internal.js';
import { registerDStreamKind } from './DStreamRegistry.js';

/** The stream flatMapValues() returns. */
export class FlatMapValuedDStream<K, V, U> extends DStream<[K, U]> {
  constructor(
    readonly parent: DStream<[K, V]>,
    readonly fn: (value: V) => Iterable<U>,
  ) {
    super(parent.ssc);
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  get dependencies(): DStream<unknown>[] {
    return [this.parent as DStream<unknown>];
  }

  compute(validTime: Time): RDD<[K, U]> | undefined {
    return this.parent.getOrCompute(validTime)?.flatMapValues(this.fn);
  }

  describe(): DStreamDescriptor {
    return { kind: 'FlatMapValuedDStream', params: { fn: this.fn } };
  }
}

registerDStreamKind('FlatMapValuedDStream', (_ssc, [parent], params) => new FlatMapValuedDStream(parent as DStream<never>, params.fn as never) as DStream<unknown>);
