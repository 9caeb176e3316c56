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
import { MemoryStream, RuntimeConfig, SparkSession, StreamingQueryListener, Trigger } from '../../src/structured/index.js';
import type { QueryIdleEvent, QueryProgressEvent, StreamingQuery, StreamingQueryProgress } from '../../src/structured/index.js';
import type { ArrivalFeed } from '../harness/ArrivalFeed.js';
import type { EngineRunner, RunOptions, RunResult } from '../harness/EngineRunner.js';
import type { AnyWorkload, BenchEvent } from '../workloads/Workload.js';
import { adJoinStructured } from './structured/ad-join.js';
import { lateSensorsStructured } from './structured/late-sensors.js';
import { sessionsStructured } from './structured/sessions.js';
import { intervalText } from './structured/StructuredPipeline.js';
import type { StructuredPipeline } from './structured/StructuredPipeline.js';
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
  'ad-join': adJoinStructured,
};

const FEATURE_NAMES: Readonly<Record<StructuredFeature, string>> = {
  streamStreamJoin: 'a stream-stream join',
  sessionWindowMerge: 'session_window',
};

/** How far past the largest event time the end-of-input marker goes: past any window, gap or bound. */
const END_MARKER_AHEAD_MS = 86_400_000;

/** How to run the Structured engine. */
export interface StructuredRunnerOptions {
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
}

/** What the listener saw of one query. */
export class QueryObserver extends StreamingQueryListener {
  readonly progress: StreamingQueryProgress[] = [];
  droppedByWatermark = 0;
  stateRows = 0;
  #idleWaiter: { afterMs: number; resolve: () => void } | undefined;

  constructor(private readonly clock: Clock) {
    super();
  }

  override onQueryProgress(event: QueryProgressEvent): void {
    this.progress.push(event.progress);
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
  readonly name: string = 'structured';
  readonly description: string = 'Structured Streaming micro-batches: event-time windows, watermark, state store; update mode (append for sessions and the join)';

  constructor(protected readonly options: StructuredRunnerOptions = {}) {}

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
    const observer = new QueryObserver(options.clock);
    let query: StreamingQuery | undefined;
    try {
      const streams = new Map(Object.entries(pipeline.inputs).map(([name, input]) => [name, new MemoryStream(input.schema, { numPartitions: this.options.inputPartitions ?? 2 })]));
      const df = pipeline.build({
        spark,
        params: options.params,
        watermark: intervalText(options.watermarkMs),
        batchIntervalMs: options.batchIntervalMs,
        input: (name = '') => (streams.get(name) as MemoryStream).toDF(spark),
      });
      spark.streams.addListener(observer);
      options.metrics.probeStateSize(() => observer.stateRows);
      query = df.writeStream
        .outputMode(pipeline.outputMode)
        .trigger(Trigger.ProcessingTime(options.batchIntervalMs))
        .option('checkpointLocation', checkpointDir)
        .foreachBatch(async (batch) => {
          for (const row of await batch.collect()) {
            const result = pipeline.toResultRow(row, options.params);
            if (result) options.onOutput(result);
          }
        })
        .start();
      let maxEventTimeMs = 0;
      feed.subscribe({
        onArrival: (events) => {
          const byStream = new Map<string, unknown[]>();
          for (const event of events as BenchEvent[]) {
            const name = event.stream !== undefined && pipeline.inputs[event.stream] ? event.stream : '';
            const rows = byStream.get(name) ?? [];
            rows.push((pipeline.inputs[name] as StructuredPipeline['inputs'][string]).toRow(event));
            byStream.set(name, rows);
            maxEventTimeMs = Math.max(maxEventTimeMs, event.eventTimeMs);
          }
          for (const [name, rows] of byStream) (streams.get(name) as MemoryStream).addData(...(rows as Record<string, unknown>[]));
        },
      });
      await feed.whenEnded();
      if (pipeline.needsEndMarker) {
        for (const [name, input] of Object.entries(pipeline.inputs)) (streams.get(name) as MemoryStream).addData(input.endMarker(maxEventTimeMs + END_MARKER_AHEAD_MS));
      }
      const running = query;
      await Promise.race([observer.idleAfter(options.clock.getTimeMillis()), running.awaitTermination().then(() => undefined)]);
      const error = running.exception();
      if (error) throw error;
      options.metrics.recordDropped(observer.droppedByWatermark);
      return {
        engineStats: {
          batches: observer.progress.length,
          droppedByWatermark: observer.droppedByWatermark,
          finalStateRows: observer.stateRows,
        },
        notes: [
          `query: ${pipeline.summary}`,
          ...(pipeline.needsEndMarker ? ['append mode: at the end of the input one marker row far ahead in event time moves the watermark past every open row (Spark never emits them otherwise); its own rows are not reported'] : []),
        ],
      };
    } finally {
      await query?.stop();
      await spark.sparkContext.stop();
      rmSync(checkpointDir, { recursive: true, force: true });
    }
  }
}

/** The Structured runner with its defaults, without asking the engine what it can do. */
export const structuredRunner = new StructuredRunner();

/** A Structured runner told what the engine can do (one probe per process), as the CLI registers it. */
export async function probedStructuredRunner(options: StructuredRunnerOptions = {}): Promise<StructuredRunner> {
  return new StructuredRunner({ ...options, capabilities: options.capabilities ?? (await probeStructuredEngine()) });
}
