/**
 * The base of every input: a DStream with no parents that produces a batch from outside data.
 * Spark: streaming/.../dstream/InputDStream.scala.
 */
import type { Duration } from '../Duration.js';
import type { RateController } from '../scheduler/rate/RateController.js';
import type { StreamingContext } from '../StreamingContext.js';
import type { Time } from '../Time.js';
import { DStream } from './internal.js';

/** An input stream: started and stopped with the context, registered with the graph. */
export abstract class InputDStream<T> extends DStream<T> {
  /** The id batch statistics and rate updates use (Spark's inputStreamId: 0, 1, ...). */
  readonly inputStreamId: number;
  /** Set when backpressure is on: turns completed batches into a new rate for this input. */
  readonly rateController: RateController | undefined;

  constructor(ssc: StreamingContext, inputStreamId?: number) {
    super(ssc);
    this.inputStreamId = inputStreamId ?? ssc.graph.nextInputStreamId();
    ssc.graph.addInputStream(this as InputDStream<unknown>);
  }

  /** A name for listeners and messages, e.g. "queue stream [0]". */
  get name(): string {
    return `${this.constructor.name} [${this.inputStreamId}]`;
  }

  get slideDuration(): Duration {
    return this.ssc.graph.batchDuration;
  }

  get dependencies(): DStream<unknown>[] {
    return [];
  }

  /** Called when the context starts; receivers and file listings begin here. */
  start(): void {}

  stop(): void {}

  /** Reports the records of a batch to the scheduler, for BatchInfo and rate control. */
  protected reportInput(time: Time, numRecords: number, metadata?: Record<string, unknown>): void {
    this.ssc.scheduler.inputInfoTracker.reportInfo(time, { inputStreamId: this.inputStreamId, numRecords, metadata });
  }
}
