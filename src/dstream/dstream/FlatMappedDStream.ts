/**
 * Applies a function to every element and flattens the results. Spark: streaming/.../dstream/FlatMappedDStream.scala.
 */
import type { RDD } from '../../shared/index.js';
import type { Duration } from '../Duration.js';
import type { Time } from '../Time.js';
import { DStream, type DStreamDescriptor } from './internal.js';
import { registerDStreamKind } from './DStreamRegistry.js';

/** The stream flatMap() returns. */
export class FlatMappedDStream<T, U> extends DStream<U> {
  constructor(
    readonly parent: DStream<T>,
    readonly fn: (item: T) => Iterable<U>,
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
    return this.parent.getOrCompute(validTime)?.flatMap(this.fn);
  }

  describe(): DStreamDescriptor {
    return { kind: 'FlatMappedDStream', params: { fn: this.fn } };
  }
}

registerDStreamKind('FlatMappedDStream', (_ssc, [parent], params) => new FlatMappedDStream(parent as DStream<never>, params.fn as never) as DStream<unknown>);
