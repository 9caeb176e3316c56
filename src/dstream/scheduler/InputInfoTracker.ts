/**
 * Collects, per batch, what each input stream read, for BatchInfo and rate control.
 * Spark: streaming/.../scheduler/InputInfoTracker.scala.
 */
import type { Time } from '../Time.js';
import type { StreamInputInfo } from './BatchInfo.js';

/** Input statistics by batch time and input stream id. */
export class InputInfoTracker {
  readonly #batchTimeToInputInfos = new Map<number, Map<number, StreamInputInfo>>();

  /** Called by an input stream when it computes its RDD of `batchTime`. */
  reportInfo(batchTime: Time, info: StreamInputInfo): void {
    let infos = this.#batchTimeToInputInfos.get(batchTime.milliseconds);
    if (!infos) this.#batchTimeToInputInfos.set(batchTime.milliseconds, (infos = new Map()));
    infos.set(info.inputStreamId, info);
  }

  getInfo(batchTime: Time): Map<number, StreamInputInfo> {
    return new Map(this.#batchTimeToInputInfos.get(batchTime.milliseconds) ?? []);
  }

  /** Drops the statistics of batches up to `batchThreshold`. */
  cleanup(batchThreshold: Time): void {
    for (const timeMs of [...this.#batchTimeToInputInfos.keys()]) {
      if (timeMs < batchThreshold.milliseconds) this.#batchTimeToInputInfos.delete(timeMs);
    }
  }
}
