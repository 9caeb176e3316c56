/**
 * Structured Streaming's continuous processing (Trigger.Continuous) as a bench runner. Continuous
 * mode runs a query record by record with long-running tasks, so Spark allows only stateless
 * queries (projections, filters, map-like functions): no aggregation, window, watermark, join or
 * session. Every bench workload aggregates or joins, so this runner reports each as unsupported
 * with Spark's sentence for the first operator its query cannot run. Spark:
 * sql/catalyst/.../analysis/UnsupportedOperationChecker.scala (checkForContinuous).
 */
import { SparkContext, ManualClock } from '../../src/shared/index.js';
import { MemoryStream, RuntimeConfig, SparkSession } from '../../src/structured/index.js';
import type { DataFrame } from '../../src/structured/index.js';
import type { ArrivalFeed } from '../harness/ArrivalFeed.js';
import type { EngineRunner, RunOptions, RunResult } from '../harness/EngineRunner.js';
import type { AnyWorkload } from '../workloads/Workload.js';
import { intervalText } from './structured/StructuredPipeline.js';
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

  run(workload: AnyWorkload, _feed: ArrivalFeed, _options: RunOptions): Promise<RunResult> {
    const reason = this.unsupportedReason(workload);
    return Promise.reject(new Error(reason ?? `no bench workload is stateless, so the continuous runner has no record-at-a-time pipeline for "${workload.name}"`));
  }
}

/** The continuous runner, as the CLI registers it. */
export const continuousRunner = new ContinuousRunner();
