/**
 * The yahoo logic as a Structured Streaming query, driven as fast as it goes: a query with
 * `Trigger.ProcessingTime(batch interval)` whose clock the run moves by one interval per prepared
 * batch once that batch's events are in its MemoryStream, so every trigger finds new data and runs
 * one data batch (with the watermark the previous batch advanced), as a real query fed at its
 * trigger rate does. The query is the bench's yahoo query (filter views, stream-static join to the
 * campaign table, watermark, count per 10-second window and campaign, update mode) into a
 * foreachBatch sink.
 * Spark: Databricks' Structured Streaming port of the Yahoo benchmark (2017).
 *
 * The same query also runs over format `yahoo-generated` (yahooGeneratedSource.ts), whose events are
 * made inside the tasks: the run that shows what `local-workers[N]` adds (issue 8, target 4).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock, MemoryStream, SparkSession, Trigger } from '../../src/index.js';
import type { Clock, DataFrame, SparkContext, StreamingQuery } from '../../src/index.js';
import type { Row, StreamingQueryProgress } from '../../src/index.js';
import { yahooStructured } from '../engines/structured/yahoo.js';
import { intervalText } from '../engines/structured/StructuredPipeline.js';
import type { YahooParams } from '../workloads/yahoo.js';
import type { GeneratedYahoo } from './yahooDStream.js';
// Registers format `yahoo-generated` (and its reader, which worker threads load from that module).
import './yahooGeneratedSource.js';
import type { WindowCounts, YahooInput } from './yahooInput.js';

/** The answer and each batch's progress (its durationMs split per phase). */
export interface StructuredYahooRun {
  readonly answer: WindowCounts;
  readonly progress: readonly StreamingQueryProgress[];
}

/**
 * A memory-backed directory for checkpoints, when the machine has one (Linux's /dev/shm). Creating
 * a file there costs ~0.02 ms against 1-2 ms on this machine's disk, and a micro-batch of the yahoo
 * query creates ~4 (offsets, commits, a state delta per partition): a run with its checkpoint there
 * shows what the engine's compute costs apart from the model's per-batch durability.
 */
export const MEMORY_CHECKPOINT_ROOT: string | undefined = fs.existsSync('/dev/shm') ? '/dev/shm' : undefined;

/**
 * Runs the yahoo query over every batch on a fresh `local` session with `partitions` shuffle
 * partitions, its checkpoint in a new directory under `checkpointRoot` (the OS temp directory,
 * on disk, unless told otherwise). `clock` measures the time inside each trigger (a SystemClock
 * gives real per-phase durations); the trigger times are the run's own (TriggerDrivenClock).
 */
export async function yahooStructuredRun(
  input: YahooInput, partitions: number, master = 'local', clock: Clock = new ManualClock(0), checkpointRoot = os.tmpdir(), drive: StructuredDrive = 'trigger',
): Promise<StructuredYahooRun> {
  const intervalMs = input.sizes.batchIntervalMs;
  const triggerClock = new TriggerDrivenClock(clock, intervalMs);
  const spark = SparkSession.builder().master(master).appName('perf-yahoo-structured').config('spark.sql.shuffle.partitions', partitions)
    .clock(drive === 'trigger' ? triggerClock : clock).getOrCreate();
  const checkpoint = fs.mkdtempSync(path.join(checkpointRoot, 'perf-yahoo-structured-'));
  const source = new MemoryStream<Row>(yahooStructured.inputs['']!.schema, { numPartitions: partitions });
  const toRow = yahooStructured.inputs['']!.toRow;
  // The yahoo query's columns are fields of the event itself (toRow is the identity), so the events
  // go into the stream as they are, with no per-event copy, as the loop and RxJS read them.
  const sample = input.batches[0]?.[0];
  const isIdentity = sample === undefined || toRow(sample) === (sample as unknown);
  const counts = latestCounts();
  const df = yahooStructured.build({ spark, params: input.params, watermark: intervalText(0), batchIntervalMs: input.sizes.batchIntervalMs, input: () => source.toDF(spark) });
  const writer = df.writeStream.outputMode(yahooStructured.outputMode).option('checkpointLocation', checkpoint)
    .foreachBatch((batch) => keepLatest(counts, batch));
  const add = (events: (typeof input.batches)[number]): number => source.addAll(isIdentity ? (events as readonly unknown[] as readonly Row[]) : events.map(toRow));
  if (drive === 'trigger') {
    // The first trigger fires at start(), at time 0: batch 0's events are there by then.
    if (input.batches[0] !== undefined) add(input.batches[0]);
    const query = writer.trigger(Trigger.ProcessingTime(intervalMs)).start();
    try {
      for (const [b, events] of input.batches.entries()) {
        if (b > 0) {
          add(events);
          triggerClock.advance();
        }
        await batchDone(query, b);
      }
      return { answer: counts.answer(), progress: query.recentProgress };
    } finally {
      await query.stop();
      spark.stop();
      removeAtExit(checkpoint);
    }
  }
  const query = writer.start();
  try {
    for (const events of input.batches) {
      add(events);
      await query.processAllAvailable();
    }
    return { answer: counts.answer(), progress: query.recentProgress };
  } finally {
    await query.stop();
    spark.stop();
    removeAtExit(checkpoint);
  }
}

/** Checkpoints of finished runs, removed when the process exits. */
const finishedCheckpoints = new Set<string>();

/**
 * Removes a finished run's checkpoint when the process exits rather than inside the run: deleting
 * ~100 files and their directories (~15-20 ms on this machine's disk) is no work of the streaming
 * query, and the loop, RxJS and DStream runs it is compared with write no checkpoint to delete.
 */
function removeAtExit(checkpoint: string): void {
  if (finishedCheckpoints.size === 0) {
    process.once('exit', () => {
      for (const dir of finishedCheckpoints) fs.rmSync(dir, { recursive: true, force: true });
    });
  }
  finishedCheckpoints.add(checkpoint);
}

/**
 * How a run feeds its query: `trigger` (the default) as described above; `processAllAvailable`,
 * the earlier drive kept for A/B measurement, adds each batch and calls processAllAvailable() with
 * the default trigger, which after every data batch also runs the no-data batch the moved
 * watermark asks for (twice the batches, half of them empty).
 */
export type StructuredDrive = 'trigger' | 'processAllAvailable';

/**
 * The query's processing time: the trigger time the run sets (a multiple of the interval, moved
 * by `advance`) plus the time the given clock has moved since, capped one millisecond short of the
 * next trigger so the query never triggers by itself. On a ManualClock every reading is the
 * trigger time; on a SystemClock each phase's durationMs is real (a batch is far shorter than the
 * interval, so the cap never bites in these runs).
 */
class TriggerDrivenClock implements Clock {
  readonly #manual = new ManualClock(0);
  #readingAtTriggerMs: number;

  constructor(private readonly elapsed: Clock, private readonly intervalMs: number) {
    this.#readingAtTriggerMs = elapsed.getTimeMillis();
  }

  getTimeMillis(): number {
    const sinceTriggerMs = Math.min(this.intervalMs - 1, Math.max(0, this.elapsed.getTimeMillis() - this.#readingAtTriggerMs));
    return this.#manual.getTimeMillis() + sinceTriggerMs;
  }

  waitTillTime(targetMs: number): Promise<number> {
    return this.#manual.waitTillTime(targetMs);
  }

  /** Moves to the next trigger time, waking the query's trigger. */
  advance(): void {
    this.#readingAtTriggerMs = this.elapsed.getTimeMillis();
    this.#manual.advance(this.intervalMs);
  }
}

/** Waits until batch `batchId` is done and the query waits for its next trigger (or failed). */
async function batchDone(query: StreamingQuery, batchId: number): Promise<void> {
  while (!(query.lastProgress?.batchId === batchId && query.execution.isWaitingForTrigger)) {
    const error = query.exception();
    if (error) throw error;
    if (!query.isActive) throw new Error(`the yahoo query stopped before batch ${batchId} was done`);
    await query.execution.nextChange();
  }
}

/** The latest count per window and campaign, from an update-mode foreachBatch. */
interface LatestCounts {
  /** window start ms -> campaign id -> the count of the latest batch that updated it. */
  readonly latest: WindowCounts;
  answer(): WindowCounts;
}

function latestCounts(): LatestCounts {
  const latest: WindowCounts = new Map();
  return { latest, answer: () => latest };
}

/** Keeps each updated row's count in nested maps (no per-row key string: this sink runs inside the timed run). */
async function keepLatest(counts: LatestCounts, batch: DataFrame): Promise<void> {
  for (const row of await batch.collect()) {
    const startMs = (row['window'] as { start: number }).start;
    let byCampaign = counts.latest.get(startMs);
    if (byCampaign === undefined) counts.latest.set(startMs, (byCampaign = new Map()));
    byCampaign.set(row['campaign_id'] as string, Number(row['count']));
  }
}

/**
 * Runs the yahoo query over format `yahoo-generated` on `sc` (reused across runs, as the DStream
 * runs reuse theirs, so starting worker threads is not timed): every batch is generated in its
 * tasks, one batch per trigger, until the run's events are read.
 */
export async function yahooStructuredGeneratedRun(sc: SparkContext, run: GeneratedYahoo, params: YahooParams): Promise<StructuredYahooRun> {
  // The source has one more batch at every trigger, so with the default trigger each trigger runs
  // one data batch, as a ProcessingTime query fed at its trigger rate does (no context clock to
  // drive here: the context is shared). Once the events are read, the watermark the last batch
  // moved would still ask for a no-data batch that a query whose input goes on never runs at that
  // point; off, the run ends with its last data batch, as the prepared-events run does.
  const spark = SparkSession.builder().sparkContext(sc).appName('perf-yahoo-structured-generated')
    .config('spark.sql.shuffle.partitions', run.partitions).config('spark.sql.streaming.noDataMicroBatches.enabled', false).getOrCreate();
  const checkpoint = fs.mkdtempSync(path.join(os.tmpdir(), 'perf-yahoo-structured-generated-'));
  const counts = latestCounts();
  const perBatch = (run.sizes.ratePerSec * run.sizes.batchIntervalMs) / 1000;
  const input = () => spark.readStream.format('yahoo-generated').options({
    partitions: run.partitions, events: run.sizes.events, perBatch, seed: run.seed,
    users: run.pools.users.length, pages: run.pools.pages.length, campaigns: params.campaigns, adsPerCampaign: params.adsPerCampaign,
  }).load();
  const df = yahooStructured.build({ spark, params, watermark: intervalText(0), batchIntervalMs: run.sizes.batchIntervalMs, input });
  const query = df.writeStream.outputMode(yahooStructured.outputMode).option('checkpointLocation', checkpoint)
    .foreachBatch((batch) => keepLatest(counts, batch))
    .start();
  try {
    await query.processAllAvailable();
    return { answer: counts.answer(), progress: query.recentProgress };
  } finally {
    await query.stop();
    spark.stop();
    removeAtExit(checkpoint);
  }
}
