/**
 * An input that takes RDDs from a queue: one per batch, or all of them. Spark:
 * streaming/.../dstream/QueueInputDStream.scala.
 *
 * The queue is a plain array the program pushes RDDs to (shift() takes them out). Not
 * recoverable: the RDDs live only in this process, so checkpointing is refused.
 */
import type { RDD } from '../../shared/index.js';
import { UnionRDD } from '../../shared/index.js';
import { StreamingErrors } from '../errors.js';
import type { StreamingContext } from '../StreamingContext.js';
import type { Time } from '../Time.js';
import type { DStreamDescriptor } from './internal.js';
import { InputDStream } from './InputDStream.js';

/** The stream StreamingContext.queueStream returns. */
export class QueueInputDStream<T> extends InputDStream<T> {
  constructor(
    ssc: StreamingContext,
    readonly queue: RDD<T>[],
    readonly oneAtATime: boolean,
    readonly defaultRDD: RDD<T> | undefined,
  ) {
    super(ssc);
  }

  compute(_validTime: Time): RDD<T> | undefined {
    const taken = this.oneAtATime && this.queue.length > 0 ? [this.queue.shift() as RDD<T>] : this.queue.splice(0);
    if (taken.length > 0) return this.oneAtATime ? taken[0] : new UnionRDD(this.ssc.sparkContext, taken);
    return this.defaultRDD ?? this.ssc.sparkContext.emptyRDD<T>();
  }

  describe(): DStreamDescriptor {
    throw StreamingErrors.streamNotCheckpointable('queueStream');
  }
}
