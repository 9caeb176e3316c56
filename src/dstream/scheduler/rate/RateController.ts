/**
 * Listens to completed batches and publishes a new rate for one input stream.
 * Spark: streaming/.../scheduler/RateController.scala.
 */
import type { StreamingListener } from '../StreamingListener.js';
import type { PIDRateEstimator } from './PIDRateEstimator.js';

/** Feeds each completed batch of `streamId` to the estimator and publishes the new rate. */
export class RateController {
  #latestRate = -1;

  constructor(
    readonly streamId: number,
    readonly estimator: PIDRateEstimator,
    readonly publish: (rate: number, batchTimeMs: number) => void,
  ) {}

  /** The last rate computed, or -1 before the second batch with records. */
  getLatestRate(): number {
    return this.#latestRate;
  }

  /** The listener to register on the streaming listener bus. */
  get listener(): StreamingListener {
    return {
      onBatchCompleted: ({ batchInfo }) => {
        const input = batchInfo.streamIdToInputInfo.get(this.streamId);
        const { processingEndTimeMs, processingDelayMs, schedulingDelayMs } = batchInfo;
        if (!input || processingEndTimeMs === undefined || processingDelayMs === undefined || schedulingDelayMs === undefined) return;
        const rate = this.estimator.compute(processingEndTimeMs, input.numRecords, processingDelayMs, schedulingDelayMs);
        if (rate === undefined) return;
        this.#latestRate = rate;
        this.publish(rate, batchInfo.batchTime.milliseconds);
      },
    };
  }
}
