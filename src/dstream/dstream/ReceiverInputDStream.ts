/**
 * An input fed by a Receiver: batch t's RDD has one partition per block received in
 * (t - batchDuration, t]. Spark: streaming/.../dstream/ReceiverInputDStream.scala (BlockRDD).
 *
 * Ingestion time: a record belongs to the batch in which the receiver stored it.
 */
import { ParallelCollectionRDD } from '../../shared/index.js';
import type { RDD } from '../../shared/index.js';
import type { StreamingContext } from '../StreamingContext.js';
import { Time } from '../Time.js';
import { reviveReceiver, type Receiver, type ReceiverDescriptor } from '../receiver/Receiver.js';
import { rateEstimatorFor } from '../scheduler/rate/rateEstimatorFor.js';
import { RateController } from '../scheduler/rate/RateController.js';
import type { DStreamDescriptor } from './internal.js';
import { InputDStream } from './InputDStream.js';
import { registerDStreamKind } from './DStreamRegistry.js';

/** The stream receiverStream(), socketTextStream() and observableStream() return. */
export class ReceiverInputDStream<T> extends InputDStream<T> {
  override readonly rateController: RateController | undefined;

  constructor(
    ssc: StreamingContext,
    readonly receiver: Receiver<T>,
  ) {
    super(ssc);
    const estimator = rateEstimatorFor(ssc);
    this.rateController = estimator
      ? new RateController(this.inputStreamId, estimator, (rate, batchTimeMs) => {
          const tracker = ssc.scheduler.receiverTracker;
          tracker?.sendRateUpdate(this.inputStreamId, rate);
          const rateLimit = tracker?.getRateLimit(this.inputStreamId) ?? rate;
          ssc.scheduler.listenerBus.post({ type: 'receiverRateUpdated', streamId: this.inputStreamId, rateLimit, batchTime: new Time(batchTimeMs) });
        })
      : undefined;
  }

  override get name(): string {
    return `${this.receiver.name} [${this.inputStreamId}]`;
  }

  compute(validTime: Time): RDD<T> | undefined {
    const tracker = this.ssc.scheduler.receiverTracker;
    // Before the context's (re)start time there were no receivers for this run.
    if (!tracker || validTime.less(this.ssc.graph.startTime as Time)) return new ParallelCollectionRDD<T>(this.ssc.sparkContext, []);
    const blocks = tracker.getBlocksOfBatchAndStream(validTime, this.inputStreamId);
    const slices = blocks.map((info) => tracker.readBlock(info) as T[]);
    const numRecords = blocks.reduce((n, b) => n + b.numRecords, 0);
    this.reportInput(validTime, numRecords, { blockIds: blocks.map((b) => b.blockId) });
    return new ParallelCollectionRDD<T>(this.ssc.sparkContext, slices);
  }

  describe(): DStreamDescriptor {
    return { kind: 'ReceiverInputDStream', params: { receiver: this.receiver.describe() } };
  }
}

registerDStreamKind('ReceiverInputDStream', (ssc, _parents, p) => new ReceiverInputDStream(ssc, reviveReceiver(p.receiver as ReceiverDescriptor)));
