/**
 * Keeps the elements of every batch that satisfy a predicate. Spark: streaming/.../dstream/FilteredDStream.scala.
 */
import type { RDD } from '../../shared/index.js';
import type { Duration } from '../Duration.js';
import type { Time } from '../Time.js';
import { DStream, type DStreamDescriptor } from './internal.js';
import { registerDStreamKind } from './DStreamRegistry.js';

/** The stream filter() returns. */
export class FilteredDStream<T> extends DStream<T> {
  constructor(
    readonly parent: DStream<T>,
    readonly fn: (item: T) => boolean,
  ) {
    super(parent.ssc);
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  get dependencies(): DStream<unknown>[] {
    return [this.parent as DStream<unknown>];
  }

  compute(validTime: Time): RDD<T> | undefined {
    return this.parent.getOrCompute(validTime)?.filter(this.fn);
  }

  describe(): DStreamDescriptor {
    return { kind: 'FilteredDStream', params: { fn: this.fn } };
  }
}

registerDStreamKind('FilteredDStream', (_ssc, [parent], params) => new FilteredDStream(parent as DStream<never>, params.fn as never) as DStream<unknown>);
