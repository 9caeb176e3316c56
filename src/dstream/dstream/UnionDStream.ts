/**
 * The union of several streams with the same slide duration: batch t holds every parent's batch t.
 * Spark: streaming/.../dstream/UnionDStream.scala.
 */
import type { RDD } from '../../shared/index.js';
import { UnionRDD } from '../../shared/index.js';
import type { Duration } from '../Duration.js';
import { StreamingErrors } from '../errors.js';
import type { Time } from '../Time.js';
import { DStream, type DStreamDescriptor } from './internal.js';
import { registerDStreamKind } from './DStreamRegistry.js';

/** The stream union() and StreamingContext.union() return. */
export class UnionDStream<T> extends DStream<T> {
  constructor(readonly parents: DStream<T>[]) {
    super(parents[0].ssc);
    if (parents.some((p) => p.ssc !== this.ssc)) throw StreamingErrors.differentContexts();
    const slides = [...new Set(parents.map((p) => p.slideDuration.milliseconds))];
    if (slides.length > 1) throw StreamingErrors.differentSlideDurations(parents.map((p) => p.slideDuration));
  }

  get slideDuration(): Duration {
    return this.parents[0].slideDuration;
  }

  get dependencies(): DStream<unknown>[] {
    return this.parents as DStream<unknown>[];
  }

  compute(validTime: Time): RDD<T> | undefined {
    const rdds = this.parents.map((p) => {
      const rdd = p.getOrCompute(validTime);
      // Spark fails the batch rather than silently dropping a parent's data.
      if (!rdd) throw StreamingErrors.noParentRDD('union', validTime);
      return rdd;
    });
    return new UnionRDD(this.ssc.sparkContext, rdds);
  }

  describe(): DStreamDescriptor {
    return { kind: 'UnionDStream', params: {} };
  }
}

registerDStreamKind('UnionDStream', (_ssc, parents) => new UnionDStream(parents) as DStream<unknown>);
