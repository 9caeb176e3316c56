/**
 * The yahoo logic as a Structured Streaming query, driven as fast as it goes: each prepared batch
 * is added to a MemoryStream as row objects and processed (processAllAvailable on a ManualClock),
 * through the bench's yahoo query (filter views, stream-static join to the campaign table,
 * watermark, count per 10-second window and campaign, update mode) into a foreachBatch sink.
 * Spark: Databricks' Structured Streaming port of the Yahoo benchmark (2017).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock, MemoryStream, SparkSession } from '../../src/index.js';
import type { Clock } from '../../src/index.js';
import type { Row, StreamingQueryProgress } from '../../src/index.js';
import { yahooStructured } from '../engines/structured/yahoo.js';
import { intervalText } from '../engines/structured/StructuredPipeline.js';
import { addCount } from './yahooInput.js';
import type { WindowCounts, YahooInput } from './yahooInput.js';

/** The answer and each batch's progress (its durationMs split per phase). */
export interface StructuredYahooRun {
  readonly answer: WindowCounts;
  readonly progress: readonly StreamingQueryProgress[];
}

/** Runs the yahoo query over every batch on a fresh `local` session with `partitions` shuffle partitions. */
export async function yahooStructuredRun(input: YahooInput, partitions: number, master = 'local', clock: Clock = new ManualClock(0)): Promise<StructuredYahooRun> {
  const spark = SparkSession.builder().master(master).appName('perf-yahoo-structured').config('spark.sql.shuffle.partitions', partitions)
    .clock(clock).getOrCreate();
  const checkpoint = fs.mkdtempSync(path.join(os.tmpdir(), 'perf-yahoo-structured-'));
  const source = new MemoryStream<Row>(yahooStructured.inputs['']!.schema, { numPartitions: partitions });
  const toRow = yahooStructured.inputs['']!.toRow;
  // The yahoo query's columns are fields of the event itself (toRow is the identity), so the events
  // go into the stream as they are, with no per-event copy, as the loop and RxJS read them.
  const sample = input.batches[0]?.[0];
  const isIdentity = sample === undefined || toRow(sample) === (sample as unknown);
  const latest = new Map<string, { startMs: number; campaignId: string; count: number }>();
  const df = yahooStructured.build({ spark, params: input.params, watermark: intervalText(0), batchIntervalMs: input.sizes.batchIntervalMs, input: () => source.toDF(spark) });
  const query = df.writeStream.outputMode(yahooStructured.outputMode).option('checkpointLocation', checkpoint)
    .foreachBatch(async (batch) => {
      for (const row of await batch.collect()) {
        const window = row['window'] as { start: number };
        const campaignId = row['campaign_id'] as string;
        latest.set(`${window.start}|${campaignId}`, { startMs: window.start, campaignId, count: Number(row['count']) });
      }
    })
    .start();
  try {
    for (const events of input.batches) {
      source.addAll(isIdentity ? (events as readonly unknown[] as readonly Row[]) : events.map(toRow));
      await query.processAllAvailable();
    }
    const answer: WindowCounts = new Map();
    for (const { startMs, campaignId, count } of latest.values()) addCount(answer, startMs, campaignId, count);
    return { answer, progress: query.recentProgress };
  } finally {
    await query.stop();
    spark.stop();
    fs.rmSync(checkpoint, { recursive: true, force: true });
  }
}
