/**
 * Structured Streaming's continuous processing (Trigger.Continuous) as a bench runner. Continuous
 * mode runs a query record by record with long-running tasks, so Spark allows only stateless
 * queries (projections, filters, map-like functions): no aggregation, window, watermark, join or
 * session. Workloads whose query needs one are reported unsupported with Spark's sentence for the
 * first such operator; the stateless ones (the filter workload) run with a foreach writer as the
 * sink, reading the feed by offset (ArrivalFeedSource), each delivery readable at once. Spark:
 * sql/catalyst/.../analysis/UnsupportedOperationChecker.scala (checkForContinuous) and
 * continuous/ContinuousExecution.scala.
 */
import { SparkContext, ManualClock } from '../../src/shared/index.js';
import type { Clock } from '../../src/shared/index.js';
import { MemoryStream, RuntimeConfig, SparkSession, Trigger } from '../../src/structured/index.js';
import type { DataFrame, Row, StreamingQuery, StreamSourceProvider } from '../../src/structured/index.js';
import { ArrivalFeedSource } from './continuous/ArrivalFeedSource.js';
import type { ArrivalFeed } from '../harness/ArrivalFeed.js';
import type { EngineRunner, RunOptions, RunResult } from '../harness/EngineRunner.js';
import type { AnyWorkload, BenchEvent } from '../workloads/Workload.js';
import { intervalText } from './structured/StructuredPipeline.js';
import type { StructuredInput, StructuredPipeline } from './structured/StructuredPipeline.js';
import { STRUCTURED_PIPELINES } from './structuredRunner.js';

/** The logical operators Spark's checkForContinuous lets through (besides the streaming source itself). */
const CONTINUOUS_OPERATORS = new Set(['Project', 'Filter', 'MapElements', 'MapPartitions', 'DeserializeToObject', 'SerializeFromObject', 'SubqueryAlias', 'TypedFilter']);

interface PlanNode {
  readonly nodeName: string;
  readonly children: readonly PlanNode[];
}

/** The first operator, children before parents as Spark visits them, that continuous mode cannot run. */
export function firstContinuousUnsupported(plan: PlanNode): string | undefined {
  for (const child of plan.children) {
    const found = firstContinuousUnsupported(child);
    if (found !== undefined) return found;
  }
  const isSource = plan.children.length === 0 && /^Streaming\w*Relation/.test(plan.nodeName);
  return CONTINUOUS_OPERATORS.has(plan.nodeName) || isSource ? undefined : plan.nodeName;
}

/** The workload's Structured query, built on a throwaway session with the workload's defaults. */
function queryOf(workload: AnyWorkload): DataFrame | undefined {
  const pipeline = STRUCTURED_PIPELINES[workload.name];
  if (!pipeline) return undefined;
  const sc = new SparkContext({ master: 'local[1]', appName: 'bench-continuous-check', clock: new ManualClock(0) });
  try {
    const spark = new SparkSession(sc, new RuntimeConfig({ 'spark.sql.shuffle.partitions': '1' }));
    const streams = new Map(Object.entries(pipeline.inputs).map(([name, input]) => [name, new MemoryStream(input.schema)]));
    return pipeline.build({
      spark,
      params: workload.defaults,
      watermark: intervalText(workload.defaults.watermarkMs),
      batchIntervalMs: 1000,
      input: (name = '') => (streams.get(name) as MemoryStream).toDF(spark),
    });
  } finally {
    void sc.stop();
  }
}

/** Continuous processing: reports which workloads it cannot run and why. */
export class ContinuousRunner implements EngineRunner {
  readonly name = 'continuous';
  readonly description = 'Structured Streaming continuous processing (Trigger.Continuous): record at a time, stateless queries only';
  readonly #reasons = new Map<string, string | undefined>();

  unsupportedReason(workload: AnyWorkload): string | undefined {
    if (!this.#reasons.has(workload.name)) this.#reasons.set(workload.name, this.#reasonFor(workload));
    return this.#reasons.get(workload.name);
  }

  #reasonFor(workload: AnyWorkload): string | undefined {
    const query = queryOf(workload);
    if (!query) return `the continuous runner has no query for workload "${workload.name}"`;
    const operator = firstContinuousUnsupported(query.analyzed as unknown as PlanNode);
    if (operator === undefined) return undefined;
    return `Continuous processing does not support ${operator} operations. (Spark's checkForContinuous: continuous mode runs stateless queries only; ${workload.name} needs ${operator})`;
  }

  async run(workload: AnyWorkload, feed: ArrivalFeed, options: RunOptions): Promise<RunResult> {
    const reason = this.unsupportedReason(workload);
    if (reason !== undefined) throw new Error(reason);
    const pipeline = STRUCTURED_PIPELINES[workload.name] as StructuredPipeline;
    const input = pipeline.inputs[''] as StructuredInput;
    const spark = newSession(options.clock, `bench-continuous-${workload.name}`);
    // The records are read where the feed keeps them, by offset, as from a Kafka topic: a
    // MemoryStream held each one until the epoch's commit, so all were promoted (ArrivalFeedSource).
    const feedSource = new ArrivalFeedSource(input.schema, feed.schedule as BenchEvent[], (event) => input.toRow(event), () => feed.catchUp());
    const provider: StreamSourceProvider = { shortName: 'arrival-feed', sourceSchema: () => input.schema, createSource: () => feedSource };
    let query: StreamingQuery | undefined;
    try {
      const df = pipeline.build({ spark, params: options.params, watermark: intervalText(options.watermarkMs), batchIntervalMs: options.batchIntervalMs, input: () => spark.readStream.format(provider).load() });
      query = df.writeStream
        .trigger(Trigger.Continuous(EPOCH_INTERVAL_MS))
        .foreach({
          open: () => true,
          process: (row: Row) => {
            const result = pipeline.toResultRow(row, options.params);
            if (result) options.onOutput(result);
          },
          close: () => undefined,
        })
        .start();
      feed.subscribe({
        // Moves the source's latest offset on and wakes an idle continuous reader at once.
        onArrival: (events) => feedSource.delivered(events as BenchEvent[]),
      });
      await feed.whenEnded();
      await query.processAllAvailable();
      const error = query.exception();
      if (error) throw error;
      return { engineStats: {}, notes: [`query: ${pipeline.summary}, Trigger.Continuous(${EPOCH_INTERVAL_MS} ms epochs), foreach writer`] };
    } finally {
      await query?.stop();
      await spark.sparkContext.stop();
    }
  }
}

/** Epochs commit offsets on this interval; records never wait for it. */
const EPOCH_INTERVAL_MS = 1000;

/** A session on the run's clock, one core: continuous mode runs one long-running task per source partition. */
function newSession(clock: Clock, appName: string): SparkSession {
  const sc = new SparkContext({ master: 'local[1]', appName, clock });
  return new SparkSession(sc, new RuntimeConfig({ 'spark.sql.shuffle.partitions': '1' }));
}

/** The continuous runner, as the CLI registers it. */
export const continuousRunner = new ContinuousRunner();
