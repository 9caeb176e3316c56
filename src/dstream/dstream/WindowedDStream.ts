/**
 * A DStream whose batch at time t is the union of its parent's batches in
 * (t - windowDuration, t]. Spark: streaming/.../dstream/WindowedDStream.scala.
 *
 * Ingestion time: the window holds what *arrived* in it; a record stamped earlier but arriving
 * late is counted in the window of its arrival.
 */
import type { RDD } from '../../shared/index.js';
import { UnionRDD, StorageLevel } from '../../shared/index.js';
import { Duration } from '../Duration.js';
import { StreamingErrors } from '../errors.js';
import { Interval } from '../Interval.js';
import type { Time } from '../Time.js';
import { DStream, type DStreamDescriptor } from './internal.js';
import { registerDStreamKind } from './DStreamRegistry.js';

/** The stream window() returns. */
export class WindowedDStream<T> extends DStream<T> {
  constructor(
    readonly parent: DStream<T>,
    readonly windowDuration: Duration,
    readonly windowSlideDuration: Duration,
  ) {
    super(parent.ssc);
    if (!windowDuration.isMultipleOf(parent.slideDuration)) throw StreamingErrors.windowDurationNotMultiple(windowDuration, parent.slideDuration);
    if (!windowSlideDuration.isMultipleOf(parent.slideDuration)) throw StreamingErrors.slideDurationNotMultiple(windowSlideDuration, parent.slideDuration);
    // A parent batch is read by several windows: keep it rather than recompute it each time.
    if (!parent.storageLevel.isValid) parent.storageLevel = StorageLevel.MEMORY_ONLY;
  }

  get slideDuration(): Duration {
    return this.windowSlideDuration;
  }

  get dependencies(): DStream<unknown>[] {
    return [this.parent as DStream<unknown>];
  }

  override get parentRememberDuration(): Duration | undefined {
    return this.rememberDuration?.plus(this.windowDuration);
  }

  compute(validTime: Time): RDD<T> | undefined {
    // (t - window, t] as the closed interval of parent batch times [t - window + parentSlide, t].
    const window = new Interval(validTime.minus(this.windowDuration).plus(this.parent.slideDuration), validTime);
    return new UnionRDD(this.ssc.sparkContext, this.parent.slice(window.beginTime, window.endTime));
  }

  describe(): DStreamDescriptor {
    return { kind: 'WindowedDStream', params: { windowMs: this.windowDuration.milliseconds, slideMs: this.windowSlideDuration.milliseconds } };
  }
}

registerDStreamKind('WindowedDStream', (_ssc, [parent], p) => new WindowedDStream(parent, new Duration(p.windowMs as number), new Duration(p.slideMs as number)) as DStream<unknown>);
