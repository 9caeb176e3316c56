/**
 * Applies a function to every element of every batch. Spark: streaming/.../dstream/MappedDStream.scala.
 */
import type { RDD } from '../../shared/index.js';
import type { Duration } from '../Duration.js';
import type { Time } from '../Time.js';
import { DStream, type DStreamDescriptor } from './internal.js';
import { registerDStreamKind } from './DStreamRegistry.js';

/** The stream map() returns. */
export class MappedDStream<T, U> extends DStream<U> {
  constructor(
    readonly parent: DStream<T>,
    readonly fn: (item: T) => U,
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
    return this.parent.getOrCompute(validTime)?.map(this.fn);
  }

  describe(): DStreamDescriptor {
    return { kind: 'MappedDStream', params: { fn: this.fn } };
  }
}

registerDStreamKind('MappedDStream', (_ssc, [parent], params) => new MappedDStream(parent as DStream<never>, params.fn as never) as DStream<unknown>);
