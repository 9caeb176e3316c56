/**
 * Turns each partition of every batch into one array. Spark: streaming/.../dstream/GlommedDStream.scala.
 */
import type { RDD } from '../../shared/index.js';
import type { Duration } from '../Duration.js';
import type { Time } from '../Time.js';
import { DStream, type DStreamDescriptor } from './internal.js';
import { registerDStreamKind } from './DStreamRegistry.js';

/** The stream glom() returns. */
export class GlommedDStream<T> extends DStream<T[]> {
  constructor(readonly parent: DStream<T>) {
    super(parent.ssc);
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  get dependencies(): DStream<unknown>[] {
    return [this.parent as DStream<unknown>];
  }

  compute(validTime: Time): RDD<T[]> | undefined {
    return this.parent.getOrCompute(validTime)?.glom();
  }

  describe(): DStreamDescriptor {
    return { kind: 'GlommedDStream', params: {} };
  }
}

registerDStreamKind('GlommedDStream', (_ssc, [parent]) => new GlommedDStream(parent) as DStream<unknown>);
