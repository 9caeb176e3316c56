/**
 * The long-run shape of a Structured stateful query: a 10-second event-time windowed count per key
 * over many generated micro-batches, with and without a watermark, recording per batch the wall
 * time of the batch, the heap and the state rows. With a watermark old windows are evicted, so
 * state and heap level off and the time per batch stays flat (issue 8 targets 6 and 8); without
 * one state only grows, and any per-batch cost proportional to the whole state shows as a rising
 * batch time. Spark: the state-store metrics of StreamingQueryProgress (numRowsTotal, memoryUsedBytes,
 * allUpdatesTimeMs, allRemovalsTimeMs, commitTimeMs). The store times are those three, as the
 * query's progress reports them: the query runs on a SystemClock so the engine times them (a
 * ManualClock reads 0 for all). They are Spark's figures: updates include the operator's merge of
 * each key's buffers around the store's get and put. Before, the bench wrapped the store's methods
 * with a prototype patch (timed per call); the patched methods stayed slower for the rest of the
 * process (1M with a watermark: 1.40-1.43M records/s before a patched run, 1.06-1.10M after).
 *
 * By default a curve is two runs of the same query and data. The first is timed and collects
 * nothing itself: forcing full collections between batches measured the instrument (V8 sweeps
 * the forced collection's old generation on its helper threads during the next batch: without a
 * watermark, 10M events, records per CPU-second by third 432k / 412k / 388k with a collection after
 * every batch, 698k / 718k / 724k without, load 5-7). The second run gives the heap after two full
 * collections at the end of every batch (live data, swept before the next batch starts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { col, count, ManualClock, MemoryStream, SparkSession, StructType, SystemClock, window } from '../../src/index.js';
import type { StreamingQueryProgress } from '../../src/index.js';
import type { PooledRuns } from './stateLinearity.js';

/** Sizes of one curve. */
export interface StateCurveOptions {
  readonly events: number;
  readonly batchSize: number;
  readonly keys: number;
  /** Event time advances this many ms per event (1 ms: 100k events = 100 s = 10 windows). */
  readonly msPerEvent: number;
  readonly withWatermark: boolean;
  /** Extra session settings (e.g. spark.sql.streaming.stateStore.minDeltasForSnapshot), to see what a cost comes from. */
  readonly conf?: Readonly<Record<string, string>>;
  /**
   * How the heap is measured between batches: `second-run` (default) times a run that leaves
   * collection to V8 and takes the heap (after two full collections at the end of every batch)
   * from a second run of the same query; `full` runs the collections in the
   * timed run itself; `none` reads the heap as it is and leaves collection to V8, as in a real long
   * run, in one run.
   */
  readonly heapMeasure?: 'second-run' | 'full' | 'none';
  /**
   * The query's clock (default `system`): on a SystemClock the engine times its state store work
   * (the store columns); on a ManualClock those times read 0 and the points carry none.
   */
  readonly clock?: 'system' | 'manual';
  /**
   * Events of an unmeasured run of the same query before the curve (default 0: none). Why: without
   * it the first batches of the timed run carry the JIT's compilation of the stateful path, which
   * weighs a tenth of a 1M-event run and a thirtieth of a 10M one.
   */
  readonly warmUpEvents?: number;
  /**
   * With `full`, collect only after every n-th batch (and the last), counting from the first
   * (default 1: every batch); the other batches' heap figures are then the heap as V8 left it.
   */
  readonly fullGcEveryBatches?: number;
  /**
   * Let V8 sweep after the forced collections on its helper threads, as it does by default
   * (default true; false: the collections sweep before they return). A concurrent sweep of the whole
   * old generation runs into the next batch's timed section: on 2 cores its threads compete with
   * the batch, and its CPU is counted in records per CPU-second, a cost that follows the heap
   * (so the state size) but is the harness's own full collection, not the query's work.
   */
  readonly concurrentSweep?: boolean;
  /** Milliseconds to wait after the collections before the next batch (default 5). */
  readonly settleMs?: number;
  /** Told after each batch (progress for long runs). */
  readonly onBatch?: (point: CurvePoint) => void;
  /** Told after each batch of the untimed heap run of `second-run` (its progress; its points are not the curve's). */
  readonly onHeapRunBatch?: () => void;
  /**
   * Awaited just before batch `index` (0-based) starts its timed section and just after it ends,
   * before the full collections between batches: a profiler started and stopped here sees only
   * batch time (bench/perf/stateCurveThirds.ts).
   */
  readonly aroundBatch?: (phase: 'start' | 'end', index: number) => void | Promise<void>;
}

/** One batch of the curve. */
export interface CurvePoint {
  readonly events: number;
  readonly batchMs: number;
  /** CPU time of the process (every thread) during the batch, so runs on a loaded machine compare. */
  readonly batchCpuMs?: number;
  readonly heapMb: number;
  readonly stateRows: number;
  /** State rows the batch wrote (numRowsUpdated): the keys it touched, as opposed to the total state. */
  readonly rowsUpdated: number;
  /** The state store work of the batch as the query's progress timed it (on a SystemClock). */
  readonly store?: StateStoreTimes;
}

/**
 * Clock ms the batch's stateful tasks spent on state, all partitions together, from the progress of
 * the batch and of the no-data batch after it (StateOperatorProgress).
 */
export interface StateStoreTimes {
  /** allUpdatesTimeMs: restoring, merging and saving the keys the batch touched. */
  readonly updatesMs: number;
  /** allRemovalsTimeMs: eviction below the watermark (it walks the store, as Spark's does). */
  readonly removalsMs: number;
  /** commitTimeMs: the delta file, maintenance and folding the version into the one below it. */
  readonly commitMs: number;
}

/** The curve and its throughput over each third of the run. */
export interface StateCurve {
  readonly options: Omit<StateCurveOptions, 'onBatch' | 'onHeapRunBatch' | 'aroundBatch'>;
  /** Where heapMb comes from: the timed run itself, or a second run of the same query (absent in older reports: the timed run). */
  readonly heapFrom?: 'timed run' | 'second run';
  readonly points: readonly CurvePoint[];
  /** Events per second of batch time over the first, second and last third of the batches. */
  readonly thirdsRecordsPerSec: readonly number[];
  /**
   * Events per CPU-second of the process (all its threads, the state maintenance thread included)
   * over the same thirds: on a shared, loaded machine wall time measures the neighbours too.
   */
  readonly thirdsRecordsPerCpuSec?: readonly number[];
  /**
   * When the thirds are not this run's own but pooled over this many runs of the same query and
   * size (the linearity step's interleaved runs): one run's thirds move with where V8's major
   * collections fall (11-32% apart over session 5's full runs, heap flat).
   */
  readonly thirdsRuns?: number;
  /** Set when the curve pools several runs of one size (stateLinearityInterleaved): `points` holds every run's batches in order. */
  readonly pooled?: PooledRuns;
}

/**
 * V8's full collection, exposed at run time, so each heap figure is live data rather than garbage
 * not yet collected; swept before it returns unless `concurrentSweep`.
 */
function fullGc(concurrentSweep: boolean): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  if (concurrentSweep) return gc;
  return () => {
    v8.setFlagsFromString('--no-concurrent-sweeping');
    try {
      gc();
    } finally {
      v8.setFlagsFromString('--concurrent-sweeping');
    }
  };
}

function hash(i: number): number {
  let h = Math.imul(i ^ (i >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Runs the curve; each batch is generated before its timed section. With `second-run` (the
 * default), the heap and store times come from a second, untimed run (see the file comment).
 */
export async function stateCurve(options: StateCurveOptions): Promise<StateCurve> {
  if (options.warmUpEvents) {
    await runCurve({ ...options, events: options.warmUpEvents, heapMeasure: 'none', onBatch: undefined, aroundBatch: undefined });
  }
  if ((options.heapMeasure ?? 'second-run') !== 'second-run') return runCurve(options);
  const timed = await runCurve({ ...options, heapMeasure: 'none' });
  // Swept inside the forced collections, so the heap figure is live data only.
  const heap = await runCurve({ ...options, heapMeasure: 'full', fullGcEveryBatches: 1, concurrentSweep: false, onBatch: options.onHeapRunBatch, aroundBatch: undefined });
  const points = timed.points.map((p, i): CurvePoint => ({ ...p, heapMb: heap.points[i]?.heapMb ?? p.heapMb }));
  return { ...timed, options: curveOptions(options), heapFrom: 'second run', points };
}

/**
 * Event time starts at a real date. From 0, the window bounds (microseconds) stayed small integers
 * up to ~1.07M events and became heap numbers after, so a 1M run hashed and compared cheaper keys
 * than the later part of a 10M run (hashCode 24 -> 171 -> 212 ms self over a 10M run's thirds):
 * a linearity artefact no real stream has.
 */
const EVENT_TIME_BASE_MS = Date.UTC(2026, 0, 1);

function curveOptions(options: StateCurveOptions): StateCurve['options'] {
  const { onBatch: _onBatch, onHeapRunBatch: _onHeapRunBatch, aroundBatch: _aroundBatch, ...sizes } = options;
  return sizes;
}

/** One run of the curve, measured as `options.heapMeasure` says ('full' or 'none'). */
async function runCurve(options: StateCurveOptions): Promise<StateCurve> {
  let builder = SparkSession.builder().master('local').appName('perf-state-curve').config('spark.sql.shuffle.partitions', 2)
    .clock(options.clock === 'manual' ? new ManualClock(0) : new SystemClock());
  for (const [key, value] of Object.entries(options.conf ?? {})) builder = builder.config(key, value);
  const spark = builder.getOrCreate();
  const checkpoint = fs.mkdtempSync(path.join(os.tmpdir(), 'perf-state-curve-'));
  const input = new MemoryStream<{ key: number; t: number }>(new StructType().add('key', 'int').add('t', 'long'), { numPartitions: 2 });
  let events = input.toDF(spark).withColumn('eventTime', col('t').divide(1000).cast('timestamp'));
  if (options.withWatermark) events = events.withWatermark('eventTime', '10 seconds');
  const query = events.groupBy(window(col('eventTime'), '10 seconds'), col('key')).agg(count('*').alias('n'))
    .writeStream.outputMode('update').option('checkpointLocation', checkpoint)
    // Rows are collected and dropped: a memory sink would keep them and the heap would measure the sink.
    .foreachBatch(async (batch) => void (await batch.collect()))
    .start();
  const points: CurvePoint[] = [];
  const gc = fullGc(options.concurrentSweep ?? true);
  let lastBatchId = -1;
  try {
    for (let start = 0; start < options.events; start += options.batchSize) {
      const end = Math.min(options.events, start + options.batchSize);
      const batch = new Array<{ key: number; t: number }>(end - start);
      for (let i = start; i < end; i++) batch[i - start] = { key: hash(i) % options.keys, t: EVENT_TIME_BASE_MS + i * options.msPerEvent };
      const index = points.length;
      await options.aroundBatch?.('start', index);
      // Wall time of one micro-batch, the figure being measured (never engine code).
      const startMs = performance.now();
      const startCpu = process.cpuUsage();
      input.addAll(batch);
      await query.processAllAvailable();
      const batchMs = performance.now() - startMs;
      const cpu = process.cpuUsage(startCpu);
      const batchCpuMs = (cpu.user + cpu.system) / 1000;
      await options.aroundBatch?.('end', index);
      const stateRows = query.lastProgress?.stateOperators.reduce((sum, op) => sum + op.numRowsTotal, 0) ?? 0;
      // The data batch and the no-data batch that may follow it (the watermark moved) both count.
      const progress = query.recentProgress.filter((p) => p.batchId > lastBatchId);
      lastBatchId = progress[progress.length - 1]?.batchId ?? lastBatchId;
      const rowsUpdated = progress.reduce((sum, p) => sum + p.stateOperators.reduce((s, op) => s + op.numRowsUpdated, 0), 0);
      const store = options.clock === 'manual' ? undefined : storeTimes(progress);
      // Unreachable batches' shuffle outputs are freed by the ContextCleaner's finalization callbacks,
      // which run in a later task than the collection that finds them.
      const collect = options.heapMeasure === 'full' && (index % (options.fullGcEveryBatches ?? 1) === 0 || end === options.events);
      if (collect) gc();
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (collect) gc();
      if ((options.settleMs ?? 5) > 5) await new Promise((resolve) => setTimeout(resolve, (options.settleMs ?? 5) - 5));
      const point: CurvePoint = { events: end, batchMs, batchCpuMs, heapMb: process.memoryUsage().heapUsed / 2 ** 20, stateRows, rowsUpdated, ...(store ? { store } : {}) };
      points.push(point);
      options.onBatch?.(point);
    }
  } finally {
    await query.stop();
    spark.stop();
    // The state maintenance thread may still be writing a snapshot of the stopped query (its
    // providers are not unloaded at stop): retry while the directory is not yet empty.
    fs.rmSync(checkpoint, { recursive: true, force: true, maxRetries: 10 });
  }
  const third = Math.max(1, Math.floor(points.length / 3));
  const parts = [points.slice(0, third), points.slice(third, 2 * third), points.slice(2 * third)];
  const rates = (msOf: (p: CurvePoint) => number) => parts.map((part) => {
    const ms = part.reduce((s, p) => s + msOf(p), 0);
    return ms === 0 ? 0 : (part.length * options.batchSize * 1000) / ms;
  });
  return { options: curveOptions(options), heapFrom: 'timed run', points, thirdsRecordsPerSec: rates((p) => p.batchMs), thirdsRecordsPerCpuSec: rates((p) => p.batchCpuMs ?? 0) };
}

/** The state store times of some batches' progress, summed over their stateful operators. */
function storeTimes(progress: readonly StreamingQueryProgress[]): StateStoreTimes {
  const times = { updatesMs: 0, removalsMs: 0, commitMs: 0 };
  for (const p of progress) {
    for (const op of p.stateOperators) {
      times.updatesMs += op.allUpdatesTimeMs;
      times.removalsMs += op.allRemovalsTimeMs;
      times.commitMs += op.commitTimeMs;
    }
  }
  return times;
}

/** Throughput of a whole curve: every event (of every run, when pooled) over the sum of the batch times. */
export function curveRecordsPerSec(curve: StateCurve): number {
  const ms = curve.points.reduce((sum, p) => sum + p.batchMs, 0);
  const events = curve.pooled ? curve.pooled.runs * curve.options.events : (curve.points[curve.points.length - 1]?.events ?? 0);
  return ms === 0 ? 0 : (events * 1000) / ms;
}
