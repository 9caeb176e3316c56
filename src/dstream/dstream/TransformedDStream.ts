/**
 * Applies a driver-side function to the RDDs of one or more parents of the same batch.
 * Spark: streaming/.../dstream/TransformedDStream.scala.
 */
import type { RDD } from '../../shared/index.js';
import type { Duration } from '../Duration.js';
import { StreamingErrors } from '../errors.js';
import type { Time } from '../Time.js';
import { DStream, type DStreamDescriptor } from './internal.js';
import { registerDStreamKind } from './DStreamRegistry.js';

/** The stream transform(), transformWith() and StreamingContext.transform() return. */
export class TransformedDStream<U> extends DStream<U> {
  constructor(
    readonly parents: DStream<unknown>[],
    readonly transformFunc: (rdds: RDD<unknown>[], time: Time) => RDD<U>,
  ) {
    super(parents[0].ssc);
    if (parents.some((p) => p.ssc !== this.ssc)) throw StreamingErrors.differentContexts();
    const slides = [...new Set(parents.map((p) => p.slideDuration.milliseconds))];
    if (slides.length > 1) throw StreamingErrors.differentSlideDurations(parents.map((p) => p.slideDuration));
  }

  get slideDuration(): Duration {
    return this.parents[0].slideDuration;
  }

  get dependencies(): DStream<unknown>[] {
    return this.parents;
  }

  compute(validTime: Time): RDD<U> | undefined {
    const rdds = this.parents.map((p) => {
      const rdd = p.getOrCompute(validTime);
      if (!rdd) throw StreamingErrors.noParentRDD('transform', validTime);
      return rdd;
    });
    const result = this.transformFunc(rdds, validTime);
    if (result === null || result === undefined) throw StreamingErrors.transformReturnedNothing(validTime);
    return result;
  }

  describe(): DStreamDescriptor {
    return { kind: 'TransformedDStream', params: { transformFunc: this.transformFunc } };
  }
}

registerDStreamKind('TransformedDStream', (_ssc, parents, p) => new TransformedDStream(parents, p.transformFunc as never) as DStream<unknown>);
