/**
 * The text of `twinstream explain --workload W` for the engines: the DStream graph of the workload
 * with the RDD lineage of one of its batches (rdd.toDebugString()), and the Structured query's
 * parsed, analyzed, optimized and incremental physical plans after one micro-batch (the query's
 * explain(true)). Both run a few records of the workload on a manual clock. Spark: DStream.print
 * of a graph has no counterpart; RDD.toDebugString and StreamingQuery.explain are Spark's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, settle, SparkContext } from '../../src/shared/index.js';
import type { RDD } from '../../src/shared/index.js';
import { Milliseconds, namedFunction, StreamingContext } from '../../src/dstream/index.js';
import type { DStream, Time } from '../../src/dstream/index.js';
import { RuntimeConfig, SparkSession, Trigger } from '../../src/structured/index.js';
import { ArrivalFeed } from '../harness/ArrivalFeed.js';
import type { ResultRow } from '../oracle/ResultRow.js';
import type { AnyWorkload, BenchEvent } from '../workloads/Workload.js';
import { batchOfArrival, DSTREAM_PIPELINES } from './dstreamRunner.js';
import { FeedInputDStream } from './dstream/FeedInputDStream.js';
import { FeedMemoryStream } from './structured/FeedMemoryStream.js';
import { intervalText } from './structured/StructuredPipeline.js';
import { STRUCTURED_PIPELINES } from './structuredRunner.js';
import { formatScenarioTable } from '../scenarios/formatScenario.js';

const BATCH_INTERVAL_MS = 1000;
/** Records of the workload the plans are shown for. */
const SAMPLE_EVENTS = 200;
let explains = 0;

function sample(workload: AnyWorkload): { params: any; events: BenchEvent[] } {
  const params = { ...workload.defaults, events: SAMPLE_EVENTS };
  return { params, events: workload.generate(params, workload.defaultSeed) };
}

/** The DStream graph as a tree, output first: each stream with its slide duration. */
export function dstreamTree(stream: DStream<unknown>, depth = 0): string[] {
  const lines = [`${'  '.repeat(depth)}${depth === 0 ? '' : '+- '}${stream.toString()} (slide ${stream.slideDuration.milliseconds} ms)`];
  for (const parent of stream.dependencies) lines.push(...dstreamTree(parent, depth + 1));
  return lines;
}

/** The DStream side: the graph, and the lineage of the first batch whose output has rows. */
export async function explainDStream(workload: AnyWorkload): Promise<string> {
  const pipeline = DSTREAM_PIPELINES[workload.name];
  if (!pipeline) return `no DStream graph for ${workload.name}`;
  const { params, events } = sample(workload);
  const problem = pipeline.check(params, BATCH_INTERVAL_MS);
  if (problem !== undefined) return problem;
  const clock = new ManualClock(0);
  const sc = new SparkContext({ master: 'local[2]', appName: 'bench-explain-dstream', clock });
  const ssc = new StreamingContext(sc, Milliseconds(BATCH_INTERVAL_MS), { clock, printSink: () => undefined });
  const feed = new ArrivalFeed(events);
  let lineage: { batchTimeMs: number; text: string } | undefined;
  const checkpointDir = pipeline.needsCheckpoint ? mkdtempSync(join(tmpdir(), 'twinstream-explain-')) : undefined;
  try {
    if (checkpointDir) ssc.checkpoint(checkpointDir);
    const graph = pipeline.build({ ssc, params, batchIntervalMs: BATCH_INTERVAL_MS, input: <E extends BenchEvent>(name?: string) => new FeedInputDStream<E>(ssc, feed, name, 2) as unknown as DStream<E> });
    graph.rows.foreachRDD(
      namedFunction(`bench.explain.lineage.${explains++}`, async (rdd: RDD<ResultRow>, time: Time) => {
        if (!lineage && (await rdd.count()) > 0) lineage = { batchTimeMs: time.milliseconds, text: rdd.toDebugString() };
      }),
    );
    ssc.start();
    const lastArrivalMs = (events[events.length - 1] as BenchEvent).arrivalTimeMs;
    const finalMs = pipeline.finalBatchTimeMs(batchOfArrival(lastArrivalMs, BATCH_INTERVAL_MS), params, BATCH_INTERVAL_MS);
    let next = 0;
    for (let batchMs = BATCH_INTERVAL_MS; batchMs <= finalMs && !lineage; batchMs += BATCH_INTERVAL_MS) {
      const group: BenchEvent[] = [];
      while (next < events.length && (events[next] as BenchEvent).arrivalTimeMs < batchMs) group.push(events[next++] as BenchEvent);
      if (group.length > 0) feed.deliver(group, batchMs - 1);
      clock.setTime(batchMs);
      await ssc.scheduler.awaitBatch(batchMs);
    }
    return [
      `DStream graph (${pipeline.summary}), output stream first:`,
      ...dstreamTree(graph.rows as DStream<unknown>),
      '',
      lineage ? `RDD lineage of the batch at ${lineage.batchTimeMs} ms (rdd.toDebugString()):` : 'no batch produced rows for the sample',
      ...(lineage ? lineage.text.split('\n') : []),
    ].join('\n');
  } finally {
    await ssc.stop({ stopSparkContext: true });
    if (checkpointDir) rmSync(checkpointDir, { recursive: true, force: true });
  }
}

/** The Structured side: the query's plans after its first micro-batch. */
export async function explainStructured(workload: AnyWorkload): Promise<string> {
  const pipeline = STRUCTURED_PIPELINES[workload.name];
  if (!pipeline) return `no Structured query for ${workload.name}`;
  const { params, events } = sample(workload);
  const clock = new ManualClock(0);
  const sc = new SparkContext({ master: 'local[2]', appName: 'bench-explain-structured', clock });
  const spark = new SparkSession(sc, new RuntimeConfig({ 'spark.sql.shuffle.partitions': '2' }));
  const streams = new Map(Object.entries(pipeline.inputs).map(([name, input]) => [name, new FeedMemoryStream(input.schema, 2)]));
  try {
    const df = pipeline.build({ spark, params, watermark: intervalText(params.watermarkMs), batchIntervalMs: BATCH_INTERVAL_MS, input: (name = '') => (streams.get(name) as FeedMemoryStream).toDF(spark) });
    const query = df.writeStream.outputMode(pipeline.outputMode).trigger(Trigger.ProcessingTime(BATCH_INTERVAL_MS)).foreachBatch(async () => undefined).start();
    for (const event of events) {
      const name = event.stream !== undefined && pipeline.inputs[event.stream] ? event.stream : '';
      (streams.get(name) as FeedMemoryStream).addRows([(pipeline.inputs[name] as (typeof pipeline.inputs)[string]).toRow(event)]);
    }
    // The first trigger runs the first batch; wait for its progress (a later no-data batch would
    // wait for a trigger the manual clock never reaches, so processAllAvailable is not used).
    clock.setTime(BATCH_INTERVAL_MS);
    for (let turns = 0; turns < 1000 && query.lastProgress === null && !query.exception(); turns++) await settle();
    let text = '';
    query.explain(true, (plan) => (text += plan));
    await query.stop();
    return [`Structured query (${pipeline.summary}, ${pipeline.outputMode} mode), after its first micro-batch (query.explain(true)):`, text.trimEnd()].join('\n');
  } finally {
    await sc.stop();
  }
}

/** The two models side by side for `workload`: what each program is and how it treats time. */
export function modelTable(workload: AnyWorkload): string[] {
  const dstream = DSTREAM_PIPELINES[workload.name];
  const structured = STRUCTURED_PIPELINES[workload.name];
  return formatScenarioTable({
    title: `${workload.name} in the two models`,
    columns: ['DStream', 'Structured'],
    rows: [
      { label: 'time', cells: ['arrival: a record belongs to the batch it arrived in', 'event time: a column of the data'] },
      { label: 'windows', cells: ['whole batches (window of arrival)', 'assigned from each record\'s event time'] },
      { label: 'late records', cells: ['counted where they arrive, silently', 'dropped behind the watermark, counted'] },
      { label: 'output', cells: ['each batch\'s rows (at window ends)', `${structured?.outputMode ?? '-'} mode, ProcessingTime trigger`] },
    ],
  }).concat([`DStream: ${dstream?.summary ?? '-'}`, `Structured: ${structured?.summary ?? '-'}`]);
}

/** Both engines' plans for `workload`: the models side by side, then the DStream graph and lineage, then the Structured plans. */
export async function formatEngineExplain(workload: AnyWorkload): Promise<string> {
  const rule = '-'.repeat(100);
  return [...modelTable(workload), rule, await explainDStream(workload), rule, await explainStructured(workload), rule, ''].join('\n');
}
