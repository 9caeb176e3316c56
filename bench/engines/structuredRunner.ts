/**
 * The Structured Streaming engine as a bench runner: one MemoryStream per input stream fed from
 * the arrival feed as records arrive, the workload's query (bench/engines/structured/) with
 * withWatermark(eventTime, --watermark), a ProcessingTime(batch interval) trigger on the run's
 * clock, and a foreachBatch sink that reports each batch's rows. Event time: windows are
 * assigned from the data and records behind the watermark are dropped and counted.
 * Spark: a Structured Streaming application (readStream, writeStream.foreachBatch, Trigger).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SparkContext } from '../../src/shared/index.js';
import type { Clock } from '../../src/shared/index.js';
import { RuntimeConfig, SparkSession, StreamingQueryListener, Trigger } from '../../src/structured/index.js';
import type { DataFrame, QueryIdleEvent, QueryProgressEvent, StreamingQuery, StreamingQueryProgress } from '../../src/structured/index.js';
import type { ArrivalFeed } from '../harness/ArrivalFeed.js';
import type { EngineRunner, RunOptions, RunResult } from '../harness/EngineRunner.js';
import type { AnyWorkload, BenchEvent } from '../workloads/Workload.js';
import { adJoinStructured } from './structured/ad-join.js';
import { filterStructured } from './structured/filter.js';
import { lateSensorsStructured } from './structured/late-sensors.js';
import { sessionsStructured } from './structured/sessions.js';
import { intervalText } from './structured/StructuredPipeline.js';
import type { BenchOutputMode, StructuredPipeline } from './structured/StructuredPipeline.js';
import { FeedMemoryStream } from './structured/FeedMemoryStream.js';
import { probeStructuredEngine } from './structured/probeStructuredEngine.js';
import type { StructuredCapabilities, StructuredFeature } from './structured/probeStructuredEngine.js';
import { wordcountStructured } from './structured/wordcount.js';
import { yahooStructured } from './structured/yahoo.js';

/** The streaming query of every workload, by workload name. */
export const STRUCTURED_PIPELINES: Readonly<Record<string, StructuredPipeline>> = {
  wordcount: wordcountStructured,
  yahoo: yahooStructured,
  'late-sensors': lateSensorsStructured,
  sessions: sessionsStructured,
  filter: filterStructured,
  'ad-join': adJoinStructured,
};

const FEATURE_NAMES: Readonly<Record<StructuredFeature, string>> = {
  streamStreamJoin: 'a stream-stream join',
  sessionWindowMerge: 'session_window',
};

/** How far past the largest event time the end-of-input marker goes: past any window, gap or bound. */
const END_MARKER_AHEAD_MS = 86_400_000;

/** When the query runs its batches. */
export type StructuredTrigger =
  /** ProcessingTime(batch interval) on the run's clock, started before the first record. */
  | 'ProcessingTime'
  /** Trigger.Once, started once the whole input is in: one batch, then the query stops. */
  | 'Once'
  /** Trigger.AvailableNow, started once the whole input is in: batches until it is read, then stop. */
  | 'AvailableNow';

/** One micro-batch as the runner saw it, for scenarios. */
export interface BatchRecord {
  readonly batchId: number;
  /** Processing time the batch started and ended (the end includes the simulated cost). */
  readonly startMs: number;
  readonly endMs: number;
  readonly inputRows: number;
  readonly outputRows: number;
  /** Wall time spent running the batch's plan and collecting its rows (measured, not virtual). */
  readonly wallMs: number;
}

/** How to run the Structured engine. */
export interface StructuredRunnerOptions {
  /** The name in reports (default structured). */
  readonly name?: string;
  readonly description?: string;
  /** The master URL (default local[2]). */
  readonly master?: string;
  /** spark.sql.shuffle.partitions, also the number of state store partitions (default 2). */
  readonly shufflePartitions?: number;
  /** Partitions of each batch's input (default 2). */
  readonly inputPartitions?: number;
  /** Extra SQL configuration (spark.sql.streaming.*). */
  readonly conf?: Readonly<Record<string, string>>;
  /** Queries replacing the defaults for some workloads (scenarios use variants). */
  readonly pipelines?: Readonly<Record<string, StructuredPipeline>>;
  /**
   * What the engine can do (probeStructuredEngine): a query needing a missing feature is reported
   * as unsupported with what is missing. Without it every query is run.
   */
  readonly capabilities?: StructuredCapabilities;
  /** The trigger (default ProcessingTime). */
  readonly trigger?: StructuredTrigger;
  /** Overrides the pipeline's output mode. */
  readonly outputMode?: BenchOutputMode;
  /** Overrides whether the end-of-input marker is added (default: the pipeline's needsEndMarker). */
  readonly endMarker?: boolean;
  /** A simulated cost: each batch takes this much processing time per input row, waited on the clock. */
  readonly costMsPerRow?: number;
  /** Kafka's maxOffsetsPerTrigger: at most this many records per batch per input. */
  readonly maxRowsPerTrigger?: number;
  /** Told about each batch, for scenarios. */
  readonly onBatch?: (batch: BatchRecord) => void;
  /** Told each batch's StreamingQueryProgress (its batchDuration is the whole trigger, on the run's clock). */
  readonly onProgress?: (progress: StreamingQueryProgress) => void;
}

/** What the listener saw of one query. */
export class QueryObserver extends StreamingQueryListener {
  readonly progress: StreamingQueryProgress[] = [];
  droppedByWatermark = 0;
  stateRows = 0;
  #idleWaiter: { afterMs: number; resolve: () => void } | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly onProgress: (progress: StreamingQueryProgress) => void = () => undefined,
  ) {
    super();
  }

  override onQueryProgress(event: QueryProgressEvent): void {
    this.progress.push(event.progress);
    this.onProgress(event.progress);
    this.droppedByWatermark += event.progress.stateOperators.reduce((sum, op) => sum + op.numRowsDroppedByWatermark, 0);
    this.stateRows = event.progress.stateOperators.reduce((sum, op) => sum + op.numRowsTotal, 0);
  }

  override onQueryIdle(_event: QueryIdleEvent): void {
    const waiter = this.#idleWaiter;
    if (waiter && this.clock.getTimeMillis() > waiter.afterMs) {
      this.#idleWaiter = undefined;
      waiter.resolve();
    }
  }

  /** Resolves at the first trigger after `afterMs` that finds nothing to do: no data, no no-data batch due. */
  idleAfter(afterMs: number): Promise<void> {
    return new Promise((resolve) => (this.#idleWaiter = { afterMs, resolve }));
  }
}

/** Runs the workloads on the Structured engine in micro-batches. */
export class StructuredRunner implements EngineRunner {
  readonly name: string;
  readonly description: string;

  constructor(protected readonly options: StructuredRunnerOptions = {}) {
    this.name = options.name ?? 'structured';
    this.description = options.description ?? 'Structured Streaming micro-batches: event-time windows, watermark, state store; update mode (append for sessions and the join)';
  }

  protected pipelineOf(workload: AnyWorkload): StructuredPipeline | undefined {
    return this.options.pipelines?.[workload.name] ?? STRUCTURED_PIPELINES[workload.name];
  }

  unsupportedReason(workload: AnyWorkload): string | undefined {
    const pipeline = this.pipelineOf(workload);
    if (!pipeline) return `the Structured runner has no query for workload "${workload.name}"; it has: ${Object.keys(STRUCTURED_PIPELINES).join(', ')}`;
    const capabilities = this.options.capabilities;
    for (const feature of pipeline.requires ?? []) {
      const missing = capabilities?.[feature];
      if (missing !== undefined) return `${workload.name} needs ${FEATURE_NAMES[feature]}, and ${missing}`;
    }
    return undefined;
  }

  /** A session of its own on the run's clock. */
  protected newSession(clock: Clock, appName: string): SparkSession {
    const sc = new SparkContext({ master: this.options.master ?? 'local[2]', appName, clock });
    return new SparkSession(sc, new RuntimeConfig({ 'spark.sql.shuffle.partitions': String(this.options.shufflePartitions ?? 2), ...this.options.conf }));
  }

  async run(workload: AnyWorkload, feed: ArrivalFeed, options: RunOptions): Promise<RunResult> {
    const pipeline = this.pipelineOf(workload);
    if (!pipeline) throw new Error(this.unsupportedReason(workload));
    const spark = this.newSession(options.clock, `bench-structured-${workload.name}`);
    const checkpointDir = mkdtempSync(join(tmpdir(), 'twinstream-bench-structured-'));
    const observer = new QueryObserver(options.clock, this.options.onProgress);
    const trigger = this.options.trigger ?? 'ProcessingTime';
    let query: StreamingQuery | undefined;
    try {
      const streams = new Map(
        Object.entries(pipeline.inputs).map(([name, input]) => [name, new FeedMemoryStream(input.schema, this.options.inputPartitions ?? 2, this.options.maxRowsPerTrigger, () => feed.catchUp())]),
      );
      const df = pipeline.build({
        spark,
        params: options.params,
        watermark: intervalText(options.watermarkMs),
        batchIntervalMs: options.batchIntervalMs,
        input: (name = '') => (streams.get(name) as FeedMemoryStream).toDF(spark),
      });
      spark.streams.addListener(observer);
      options.metrics.probeStateSize(() => observer.stateRows);
      const start = (): StreamingQuery => this.#start(df, pipeline, streams, checkpointDir, trigger, options);
      if (trigger === 'ProcessingTime') query = start();
      const maxEventTimeMs = this.#feed(feed, pipeline, streams);
      await feed.whenEnded();
      if (this.options.endMarker ?? pipeline.needsEndMarker) {
        for (const [name, input] of Object.entries(pipeline.inputs)) (streams.get(name) as FeedMemoryStream).addRows([input.endMarker(maxEventTimeMs() + END_MARKER_AHEAD_MS)]);
      }
      const running = query ?? (query = start());
      const finished = running.awaitTermination().then(() => undefined);
      await (trigger === 'ProcessingTime' ? Promise.race([observer.idleAfter(options.clock.getTimeMillis()), finished]) : finished);
      const error = running.exception();
      if (error) throw error;
      options.metrics.recordDropped(observer.droppedByWatermark);
      return {
        engineStats: { batches: observer.progress.length, droppedByWatermark: observer.droppedByWatermark, finalStateRows: observer.stateRows },
        notes: [
          `query: ${pipeline.summary}, ${this.options.outputMode ?? pipeline.outputMode} mode${trigger === 'ProcessingTime' ? '' : `, Trigger.${trigger} once the input is in`}`,
          ...((this.options.endMarker ?? pipeline.needsEndMarker)
            ? ['at the end of the input one marker row far ahead in event time moves the watermark past every open row (Spark never emits them otherwise); its own rows are not reported']
            : []),
        ],
      };
    } finally {
      await query?.stop();
      await spark.sparkContext.stop();
      rmSync(checkpointDir, { recursive: true, force: true });
    }
  }

  /** Routes each arriving record to its input; returns a reading of the largest event time fed. */
  #feed(feed: ArrivalFeed, pipeline: StructuredPipeline, streams: Map<string, FeedMemoryStream>): () => number {
    let maxEventTimeMs = 0;
    feed.subscribe({
      onArrival: (events) => {
        const byStream = new Map<string, Record<string, unknown>[]>();
        for (const event of events as BenchEvent[]) {
          const name = event.stream !== undefined && pipeline.inputs[event.stream] ? event.stream : '';
          const rows = byStream.get(name) ?? [];
          rows.push((pipeline.inputs[name] as StructuredPipeline['inputs'][string]).toRow(event));
          byStream.set(name, rows);
          maxEventTimeMs = Math.max(maxEventTimeMs, event.eventTimeMs);
        }
        for (const [name, rows] of byStream) (streams.get(name) as FeedMemoryStream).addRows(rows);
      },
    });
    return () => maxEventTimeMs;
  }

  #start(df: DataFrame, pipeline: StructuredPipeline, streams: Map<string, FeedMemoryStream>, checkpointDir: string, trigger: StructuredTrigger, options: RunOptions): StreamingQuery {
    const clock = options.clock;
    return df.writeStream
      .outputMode(this.options.outputMode ?? pipeline.outputMode)
      .trigger(trigger === 'Once' ? Trigger.Once() : trigger === 'AvailableNow' ? Trigger.AvailableNow() : Trigger.ProcessingTime(options.batchIntervalMs))
      .option('checkpointLocation', checkpointDir)
      .foreachBatch(async (batch, batchId) => {
        const startMs = clock.getTimeMillis();
        const wallStartMs = performance.now();
        const rows = await batch.collect();
        const wallMs = performance.now() - wallStartMs;
        const emittedAtMs = clock.getTimeMillis();
        for (const row of rows) {
          const result = pipeline.toResultRow(row, options.params);
          if (result) options.onOutput(result, emittedAtMs);
        }
        let inputRows = 0;
        for (const stream of streams.values()) inputRows += stream.lastBatchRows;
        const costMs = (this.options.costMsPerRow ?? 0) * inputRows;
        if (costMs > 0) await clock.waitTillTime(startMs + costMs);
        this.options.onBatch?.({ batchId, startMs, endMs: clock.getTimeMillis(), inputRows, outputRows: rows.length, wallMs });
      })
      .start();
  }
}

/** The Structured runner with its defaults, without asking the engine what it can do. */
export const structuredRunner = new StructuredRunner();

/** A Structured runner told what the engine can do (one probe per process), as the CLI registers it. */
export async function probedStructuredRunner(options: StructuredRunnerOptions = {}): Promise<StructuredRunner> {
  return new StructuredRunner({ ...options, capabilities: options.capabilities ?? (await probeStructuredEngine()) });
}
