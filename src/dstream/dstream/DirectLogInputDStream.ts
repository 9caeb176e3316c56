/**
 * A receiver-less input over a PartitionedLog, in the model of Spark's Kafka direct stream: every
 * batch reads, for each topic-partition, the offsets from where the last batch stopped up to the
 * latest (capped by maxRatePerPartition or backpressure). Spark:
 * connector/kafka-0-10/.../DirectKafkaInputDStream.scala.
 *
 * The batch RDD exposes its `offsetRanges`; the checkpoint keeps the ranges of the remembered
 * batches and the next offsets, so a recovered context re-reads exactly the same records.
 * Ingestion time: a record belongs to the batch in which it is first seen in the log.
 */
import { OffsetRange, PartitionedLog } from '../../shared/index.js';
import type { RDD } from '../../shared/index.js';
import { StreamingErrors } from '../errors.js';
import type { StreamingContext } from '../StreamingContext.js';
import type { Time } from '../Time.js';
import { rateEstimatorFor } from '../scheduler/rate/rateEstimatorFor.js';
import { RateController } from '../scheduler/rate/RateController.js';
import type { DStreamDescriptor } from './internal.js';
import { InputDStream } from './InputDStream.js';
import { LogRDD } from './LogRDD.js';
import { registerDStreamKind } from './DStreamRegistry.js';

/** Where a direct log stream starts and how fast it may read. */
export interface DirectLogStreamOptions {
  /** 'latest' (default, Kafka's auto.offset.reset=latest), 'earliest', or explicit offsets per topic and partition. */
  readonly startingOffsets?: 'earliest' | 'latest' | Readonly<Record<string, readonly number[]>>;
  /** Records per second per partition at most (default: spark.streaming.kafka.maxRatePerPartition, unlimited). */
  readonly maxRatePerPartition?: number;
}

type Offsets = Record<string, number[]>;

/**
 * Durable logs this process opened, by directory: a recovered stream reuses the program's own
 * instance (which sees its appends) and opens the directory only in a fresh process.
 */
const openLogs = new Map<string, PartitionedLog>();

function logFor(dir: string): PartitionedLog {
  let log = openLogs.get(dir);
  if (!log) openLogs.set(dir, (log = PartitionedLog.open(dir)));
  return log;
}

/** The stream StreamingContext.directLogStream() returns. */
export class DirectLogInputDStream<T> extends InputDStream<T> {
  override readonly rateController: RateController | undefined;
  #currentOffsets: Offsets | undefined;
  readonly #batchRanges = new Map<number, OffsetRange[]>();

  constructor(
    ssc: StreamingContext,
    readonly log: PartitionedLog,
    readonly topics: string[],
    readonly options: DirectLogStreamOptions,
    restored?: { currentOffsets: Offsets | null; batchRanges: [number, OffsetRange[]][] },
  ) {
    super(ssc);
    if (log.dir !== undefined) openLogs.set(log.dir, log);
    if (restored) {
      this.#currentOffsets = restored.currentOffsets ?? undefined;
      for (const [timeMs, ranges] of restored.batchRanges) this.#batchRanges.set(timeMs, ranges);
    }
    const estimator = rateEstimatorFor(ssc);
    this.rateController = estimator ? new RateController(this.inputStreamId, estimator, () => undefined) : undefined;
  }

  override start(): void {
    if (this.#currentOffsets) return;
    const start = this.options.startingOffsets ?? 'latest';
    this.#currentOffsets = Object.fromEntries(
      this.topics.map((topic) => [topic, typeof start === 'string' ? (start === 'earliest' ? this.log.earliestOffsets(topic) : this.log.latestOffsets(topic)) : [...(start[topic] ?? this.log.earliestOffsets(topic))]]),
    );
  }

  compute(validTime: Time): RDD<T> | undefined {
    const current = this.#currentOffsets as Offsets;
    const latest = Object.fromEntries(this.topics.map((topic) => [topic, this.log.latestOffsets(topic)]));
    const limits = this.#maxMessagesPerPartition(current, latest);
    const ranges: OffsetRange[] = [];
    for (const topic of this.topics) {
      latest[topic].forEach((latestOffset, partition) => {
        const from = current[topic][partition] ?? 0;
        const cap = limits?.get(`${topic}:${partition}`);
        ranges.push(new OffsetRange(topic, partition, from, cap === undefined ? latestOffset : Math.min(latestOffset, from + cap)));
      });
    }
    this.#currentOffsets = Object.fromEntries(this.topics.map((topic) => [topic, ranges.filter((r) => r.topic === topic).map((r) => r.untilOffset)]));
    this.#batchRanges.set(validTime.milliseconds, ranges);
    this.reportInput(validTime, ranges.reduce((n, r) => n + r.count, 0), { offsets: ranges.map((r) => r.toString()) });
    return new LogRDD<T>(this.ssc.sparkContext, this.log, ranges);
  }

  /** Spark's maxMessagesPerPartition: the backpressure rate split by lag, capped per partition, times the batch seconds. */
  #maxMessagesPerPartition(current: Offsets, latest: Offsets): Map<string, number> | undefined {
    const maxRate = this.options.maxRatePerPartition ?? Number(this.ssc.conf.get('spark.streaming.kafka.maxRatePerPartition') ?? 0);
    const minRate = Number(this.ssc.conf.get('spark.streaming.kafka.minRatePerPartition') ?? 1);
    const lags = new Map<string, number>();
    for (const topic of this.topics) latest[topic].forEach((l, p) => lags.set(`${topic}:${p}`, Math.max(0, l - (current[topic][p] ?? 0))));
    const totalLag = [...lags.values()].reduce((a, b) => a + b, 0);
    const estimated = this.rateController?.getLatestRate() ?? -1;
    const perPartition = new Map<string, number>();
    for (const [tp, lag] of lags) {
      const backpressureRate = estimated > 0 && totalLag > 0 ? (lag / totalLag) * estimated : undefined;
      const rate = backpressureRate === undefined ? maxRate : maxRate > 0 ? Math.min(backpressureRate, maxRate) : backpressureRate;
      perPartition.set(tp, rate);
    }
    if ([...perPartition.values()].reduce((a, b) => a + b, 0) <= 0) return undefined;
    const seconds = this.ssc.graph.batchDuration.milliseconds / 1000;
    return new Map([...perPartition].map(([tp, rate]) => [tp, Math.max(Math.floor(seconds * rate), minRate)]));
  }

  override clearMetadata(time: Time): void {
    super.clearMetadata(time);
    const oldest = time.milliseconds - (this.rememberDuration?.milliseconds ?? 0);
    for (const timeMs of [...this.#batchRanges.keys()]) if (timeMs <= oldest) this.#batchRanges.delete(timeMs);
  }

  /** After a recovery, the remembered batches read their saved ranges again. */
  override restoreCheckpointData(): void {
    for (const [timeMs, ranges] of this.#batchRanges) this.generatedRDDs.set(timeMs, new LogRDD<T>(this.ssc.sparkContext, this.log, ranges));
  }

  describe(): DStreamDescriptor {
    if (this.log.dir === undefined) throw StreamingErrors.streamNotCheckpointable('A directLogStream over an in-memory PartitionedLog');
    return {
      kind: 'DirectLogInputDStream',
      params: { logDir: this.log.dir, topics: this.topics, options: this.options, currentOffsets: this.#currentOffsets ?? null, batchRanges: [...this.#batchRanges] },
    };
  }
}

registerDStreamKind('DirectLogInputDStream', (ssc, _parents, p) =>
  new DirectLogInputDStream(ssc, logFor(p.logDir as string), p.topics as string[], p.options as DirectLogStreamOptions, {
    currentOffsets: p.currentOffsets as Offsets | null,
    batchRanges: p.batchRanges as [number, OffsetRange[]][],
  }));
