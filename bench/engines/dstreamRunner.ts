/**
 * The DStream engine as a bench runner: a StreamingContext on the run's clock whose input drains
 * the arrival feed at every batch time, one graph per workload (bench/engines/dstream/), and an
 * output operation that reports each batch's rows. Ingestion time only: windows are windows of
 * arrival, so late records count in the window they arrived in. Spark: a Spark Streaming
 * application (StreamingContext, foreachRDD) over a receiver-less input.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SparkContext } from '../../src/shared/index.js';
import type { RDD } from '../../src/shared/index.js';
import { forgetNamedFunction, Milliseconds, namedFunction, StreamingContext } from '../../src/dstream/index.js';
import type { DStream, Time } from '../../src/dstream/index.js';
import type { ArrivalFeed } from '../harness/ArrivalFeed.js';
import type { EngineRunner, RunOptions, RunResult } from '../harness/EngineRunner.js';
import type { ResultRow } from '../oracle/ResultRow.js';
import type { AnyWorkload, BenchEvent } from '../workloads/Workload.js';
import { adJoinDStream } from './dstream/ad-join.js';
import { filterDStream } from './dstream/filter.js';
import type { DStreamPipeline } from './dstream/DStreamPipeline.js';
import { FeedInputDStream } from './dstream/FeedInputDStream.js';
import { FeedReceiver } from './dstream/FeedReceiver.js';
import { lateSensorsDStream } from './dstream/late-sensors.js';
import { sessionsDStream } from './dstream/sessions.js';
import { wordcountDStream } from './dstream/wordcount.js';
import { yahooDStream } from './dstream/yahoo.js';

/** The DStream graph of every workload, by workload name. */
export const DSTREAM_PIPELINES: Readonly<Record<string, DStreamPipeline>> = {
  wordcount: wordcountDStream,
  yahoo: yahooDStream,
  'late-sensors': lateSensorsDStream,
  sessions: sessionsDStream,
  filter: filterDStream,
  'ad-join': adJoinDStream,
};

/** How to run the DStream engine. */
export interface DStreamRunnerOptions {
  /** The name in reports (default dstream). */
  readonly name?: string;
  /** The master URL (default local[2]: this machine's two cores, as Spark's TestSuiteBase). */
  readonly master?: string;
  /** Slices of each batch's input RDD (default 2). */
  readonly numSlices?: number;
  /** Extra Spark configuration (spark.streaming.*). */
  readonly conf?: Readonly<Record<string, string>>;
  /** Pipelines replacing the defaults for some workloads (scenarios use variants). */
  readonly pipelines?: Readonly<Record<string, DStreamPipeline>>;
  /**
   * How the input is read: `drain` (default) takes what arrived at each batch time, like a direct
   * Kafka stream; `receiver` stores records through a receiver, so a rate limit or backpressure
   * holds them back.
   */
  readonly input?: 'drain' | 'receiver';
  /** A simulated cost: each batch's output job takes this much processing time per input record, waited on the clock. */
  readonly costMsPerRecord?: number;
  /** Told about each batch with output jobs once it completed, for scenarios. */
  readonly onBatch?: (batch: DStreamBatchRecord) => void;
}

/** One completed batch as the runner saw it. */
export interface DStreamBatchRecord {
  readonly batchTimeMs: number;
  readonly records: number;
  readonly schedulingDelayMs: number;
  readonly processingDelayMs: number;
  /** Wall time from the batch's jobs being submitted to their end (measured, not virtual). */
  readonly wallMs: number;
  /** When the batch's jobs were queued, on the run's clock (after its input was read and its RDDs built). */
  readonly submissionTimeMs: number;
  /** When its first job started, on the run's clock. */
  readonly processingStartTimeMs: number;
  /** When its last job ended, on the run's clock. */
  readonly processingEndTimeMs: number;
}

let runs = 0;

/** The batch that holds a record arriving at `arrivalTimeMs`: the first batch time after it. */
export function batchOfArrival(arrivalTimeMs: number, batchIntervalMs: number): number {
  return (Math.floor(arrivalTimeMs / batchIntervalMs) + 1) * batchIntervalMs;
}

/** Figures gathered from the inputs and the streaming listener while a run goes on. */
interface BatchFigures {
  /** Batches with output jobs (Spark posts no listener event for a batch without jobs). */
  batches: number;
  records: number;
  maxSchedulingDelayMs: number;
  totalProcessingDelayMs: number;
  readonly recordsByBatch: Map<number, number>;
  states: number;
  onInput(batchTimeMs: number, records: number): void;
}

/** Runs the workloads on the DStream engine. */
export class DStreamRunner implements EngineRunner {
  readonly name: string;
  readonly description = 'Spark Streaming (DStreams): micro-batches by arrival time, windows of arrival, no event time or watermark';

  constructor(private readonly options: DStreamRunnerOptions = {}) {
    this.name = options.name ?? 'dstream';
  }

  #pipelineOf(workload: AnyWorkload): DStreamPipeline | undefined {
    return this.options.pipelines?.[workload.name] ?? DSTREAM_PIPELINES[workload.name];
  }

  unsupportedReason(workload: AnyWorkload): string | undefined {
    if (this.#pipelineOf(workload)) return undefined;
    return `the DStream runner has no pipeline for workload "${workload.name}"; it has: ${Object.keys(DSTREAM_PIPELINES).join(', ')}`;
  }

  async run(workload: AnyWorkload, feed: ArrivalFeed, options: RunOptions): Promise<RunResult> {
    const pipeline = this.#pipelineOf(workload);
    if (!pipeline) throw new Error(this.unsupportedReason(workload));
    const batchIntervalMs = options.batchIntervalMs;
    const problem = pipeline.check(options.params, batchIntervalMs);
    if (problem !== undefined) throw new Error(`DStream pipeline of ${workload.name} cannot run: ${problem}`);
    const sc = new SparkContext({ master: this.options.master ?? 'local[2]', appName: `bench-dstream-${workload.name}`, clock: options.clock, conf: { ...this.options.conf } });
    const ssc = new StreamingContext(sc, Milliseconds(batchIntervalMs), { clock: options.clock, printSink: () => undefined });
    const checkpointDir = pipeline.needsCheckpoint ? mkdtempSync(join(tmpdir(), 'twinstream-bench-dstream-')) : undefined;
    const runId = runs++;
    // The output functions are registered by name (a checkpointed graph saves them so); forgotten
    // after the run, or the global registry keeps each run's closures, and with them its feed's
    // whole schedule, the exact answer and the collector: a max-rate search's trials piled up
    // gigabytes (heap after each 800k/s trial: see the commit), and the later trials' collections
    // marked all of it.
    const rowsOutput = `bench.dstream.rows.${runId}`;
    const statesOutput = `bench.dstream.states.${runId}`;
    try {
      if (checkpointDir) ssc.checkpoint(checkpointDir);
      const figures = this.#listen(ssc);
      const numSlices = this.options.numSlices ?? 2;
      let receiver: FeedReceiver<BenchEvent> | undefined;
      const graph = pipeline.build({
        ssc,
        params: options.params,
        batchIntervalMs,
        input: <E extends BenchEvent>(streamName?: string) => {
          if (this.options.input !== 'receiver') return new FeedInputDStream<E>(ssc, feed, streamName, numSlices, (batchMs, records) => figures.onInput(batchMs, records)) as unknown as DStream<E>;
          receiver = new FeedReceiver<BenchEvent>(feed, options.clock);
          return ssc.receiverStream(receiver) as unknown as DStream<E>;
        },
      });
      const costMsPerRecord = this.options.costMsPerRecord ?? 0;
      graph.rows.foreachRDD(
        namedFunction(rowsOutput, async (rdd: RDD<ResultRow>, time: Time) => {
          const startMs = options.clock.getTimeMillis();
          const rows = await rdd.collect();
          const emittedAtMs = options.clock.getTimeMillis();
          for (const row of rows) options.onOutput(row, emittedAtMs);
          if (costMsPerRecord > 0) {
            let records = 0;
            for (const info of ssc.scheduler.inputInfoTracker.getInfo(time).values()) records += info.numRecords;
            await options.clock.waitTillTime(startMs + costMsPerRecord * records);
          }
        }),
      );
      graph.states?.foreachRDD(
        namedFunction(statesOutput, async (rdd: RDD<unknown>) => {
          figures.states = await rdd.count();
        }),
      );
      const heldMs = pipeline.heldMs(options.params, batchIntervalMs);
      // Records the graph holds: delivered but not yet read by a batch (a window is read at its end),
      // plus those of read batches a sliding window still needs; or the keys of a state stream.
      options.metrics.probeStateSize(() =>
        graph.states ? figures.states : feed.deliveredCount - figures.records + heldRecords(figures.recordsByBatch, options.clock.getTimeMillis(), heldMs),
      );
      ssc.start();
      await feed.whenEnded();
      const schedule = feed.schedule as readonly BenchEvent[];
      // In real time the driver may deliver the last records after their scheduled arrival (it fell
      // behind): they are in the batch after the feed ended, not after the scheduled time.
      let lastArrivalMs = Math.max(schedule.length === 0 ? 0 : (schedule[schedule.length - 1] as BenchEvent).arrivalTimeMs, options.clock.getTimeMillis());
      if (receiver) {
        // Records held back by a rate limit are stored later: the last batch is the one after the last store.
        await receiver.whenDrained();
        lastArrivalMs = Math.max(lastArrivalMs, options.clock.getTimeMillis());
      }
      const finalBatchMs = pipeline.finalBatchTimeMs(batchOfArrival(lastArrivalMs, batchIntervalMs), options.params, batchIntervalMs);
      await options.clock.waitTillTime(finalBatchMs);
      await ssc.scheduler.awaitBatch(finalBatchMs);
      if (ssc.error) throw ssc.error;
      return {
        engineStats: {
          batchesWithJobs: figures.batches,
          records: figures.records,
          maxSchedulingDelayMs: figures.maxSchedulingDelayMs,
          meanProcessingDelayMs: figures.batches === 0 ? 0 : figures.totalProcessingDelayMs / figures.batches,
          ...(receiver ? { maxReceiverLagMs: receiver.maxStoreLagMs } : {}),
        },
        notes: [`DStream graph: ${pipeline.summary}`],
      };
    } finally {
      await ssc.stop({ stopSparkContext: true });
      forgetNamedFunction(rowsOutput);
      forgetNamedFunction(statesOutput);
      if (checkpointDir) rmSync(checkpointDir, { recursive: true, force: true });
    }
  }

  #listen(ssc: StreamingContext): BatchFigures {
    const figures: BatchFigures = {
      batches: 0,
      records: 0,
      maxSchedulingDelayMs: 0,
      totalProcessingDelayMs: 0,
      recordsByBatch: new Map(),
      states: 0,
      onInput(batchTimeMs, records) {
        figures.records += records;
        figures.recordsByBatch.set(batchTimeMs, (figures.recordsByBatch.get(batchTimeMs) ?? 0) + records);
      },
    };
    const submittedWallMs = new Map<number, number>();
    ssc.addStreamingListener({
      onBatchSubmitted: ({ batchInfo }) => void submittedWallMs.set(batchInfo.batchTime.milliseconds, performance.now()),
      onBatchCompleted: ({ batchInfo }) => {
        const batchTimeMs = batchInfo.batchTime.milliseconds;
        this.options.onBatch?.({
          batchTimeMs,
          records: figures.recordsByBatch.get(batchTimeMs) ?? batchInfo.numRecords,
          schedulingDelayMs: batchInfo.schedulingDelayMs ?? 0,
          processingDelayMs: batchInfo.processingDelayMs ?? 0,
          wallMs: performance.now() - (submittedWallMs.get(batchTimeMs) ?? performance.now()),
          submissionTimeMs: batchInfo.submissionTimeMs,
          processingStartTimeMs: batchInfo.processingStartTimeMs ?? batchInfo.submissionTimeMs,
          processingEndTimeMs: batchInfo.processingEndTimeMs ?? batchInfo.submissionTimeMs,
        });
        submittedWallMs.delete(batchTimeMs);
        figures.batches += 1;
        figures.maxSchedulingDelayMs = Math.max(figures.maxSchedulingDelayMs, batchInfo.schedulingDelayMs ?? 0);
        figures.totalProcessingDelayMs += batchInfo.processingDelayMs ?? 0;
      },
    });
    return figures;
  }
}

/** Records of the read batches in (now - heldMs, now]: what a sliding window of that length keeps. */
function heldRecords(recordsByBatch: Map<number, number>, nowMs: number, heldMs: number): number {
  let held = 0;
  for (const [batchMs, records] of recordsByBatch) {
    if (batchMs > nowMs - heldMs && batchMs <= nowMs) held += records;
    else if (batchMs <= nowMs - heldMs) recordsByBatch.delete(batchMs);
  }
  return held;
}

/** The DStream runner with its defaults, as the CLI registers it. */
export const dstreamRunner = new DStreamRunner();
