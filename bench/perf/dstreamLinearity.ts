/**
 * Linearity of the DStream engine (issue 8 target 8): a windowed count per key over many
 * generated batches of 100k records, driven on a ManualClock batch by batch, with the wall time of
 * each batch measured. The window (reduceByKeyAndWindow, tumbling, 10 batches) holds its batches'
 * RDDs until it closes, so the graph's state is bounded; the time per batch should not grow with
 * the number of batches already run. Spark: a WindowedNetworkWordCount-style job, timed by
 * the batch processing delay of its StreamingListener.
 *
 * Method, as Spark's own micro-benchmarks (org.apache.spark.benchmark.Benchmark) measure: each
 * size runs after an unmeasured warm-up of at least 2 s of the same workload, then several times
 * (at least 3, and at least 10M events in all, so a 1M run is 10 runs), and the figure is every
 * event over every timed second of those runs (pooled), with each run's own rate kept to show the
 * spread. Why pooled and not the median: a window takes ~50-70 ms, and the full collection that
 * the remembered input (20 batches, as Spark's remember durations keep) brings every ~5-10 windows
 * takes 100-250 ms; a median of single-window runs leaves it out of the 1M figure while every 10M
 * and 30M run carries its share. dstreamLinearityInterleaved measures several sizes with their
 * runs interleaved, so a change in the machine's other load falls on every size alike.
 */
import { InputDStream, ManualClock, Milliseconds, SparkContext, StreamingContext, namedFunction } from '../../src/index.js';
import type { RDD, Time } from '../../src/index.js';
import { advanceBatches } from '../../src/testing.js';
import { interleavedOrder, runsPerSize } from './interleavedRuns.js';

/** Sizes of one run. */
export interface DStreamLinearityOptions {
  readonly events: number;
  readonly batchSize: number;
  readonly keys: number;
  /** Window and slide, in batches. */
  readonly windowBatches: number;
  /** Told after each batch of the measured runs with the share of `events` done (progress for long runs). */
  readonly onBatch?: (events: number) => void;
  /** Told when a window of a measured run closes: its index in the run, wall ms and CPU ms (for attributing a slow window). */
  readonly onWindow?: (index: number, wallMs: number, cpuMs: number) => void;
  /** Unmeasured warm-up before the first measured run, in wall ms of whole 1M-event runs (default 2000; 0: none). */
  readonly warmUpMs?: number;
  /** Measured runs: at least this many (default 3) ... */
  readonly minRuns?: number;
  /** ... and at least this many events over all of them (default 10M). */
  readonly minEventsMeasured?: number;
}

/** What the measured runs of one size measured, pooled. */
export interface DStreamLinearityRun {
  readonly options: Omit<DStreamLinearityOptions, 'onBatch' | 'onWindow'>;
  /** Measured runs of `options.events` each (absent in reports saved before there were several: 1). */
  readonly runs?: number;
  /** Each measured run's events over its own batch time, in run order. */
  readonly runRecordsPerSec?: readonly number[];
  /** Wall ms the unmeasured warm-up took. */
  readonly warmUpMs?: number;
  /** Windows closed in all runs (each runs one job over its batches). */
  readonly windows: number;
  /** Sum of the batches' wall times over all runs. */
  readonly totalBatchMs: number;
  /** The longest window of any run: its batches' wall times together. */
  readonly maxWindowMs: number;
  /** Every event of every run over the sum of the batch times (pooled). */
  readonly recordsPerSec: number;
  /** Events per second of batch time over the first, second and last third of each run's windows, pooled over the runs. */
  readonly thirdsRecordsPerSec: readonly number[];
  /**
   * Events per CPU second of the process (every thread, GC included) in the timed sections, over
   * the whole run and per third: on a loaded machine the wall figures move with what else runs,
   * these with what the engine does. Optional so runs saved before they existed still read.
   */
  readonly recordsPerCpuSec?: number;
  readonly thirdsRecordsPerCpuSec?: readonly number[];
  /** Events the windows counted in the run that counted fewest: equals `events` when every run's answer is complete. */
  readonly counted: number;
}

interface KeyedEvent { readonly key: number; readonly t: number }

/**
 * Hands batch i the records the driver prepared for it. The window computes its batches' RDDs
 * when it closes (no output needs them earlier), so each batch's records wait here by index.
 */
class PreparedBatchDStream extends InputDStream<KeyedEvent> {
  readonly pending = new Map<number, KeyedEvent[]>();

  compute(validTime: Time): RDD<KeyedEvent> {
    const index = validTime.since(this.zeroTime as Time).div(this.slideDuration) - 1;
    const events = this.pending.get(index) ?? [];
    this.pending.delete(index);
    this.reportInput(validTime, events.length);
    return this.ssc.sparkContext.parallelize(events, 2);
  }

  describe() {
    return { kind: 'bench.PreparedBatchDStream', params: {} };
  }
}

function hash(i: number): number {
  let h = Math.imul(i ^ (i >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** One run's wall and CPU ms per window, and the events its windows counted. */
interface OneRun {
  readonly windowMs: number[];
  readonly windowCpuMs: number[];
  readonly counted: number;
}

/**
 * Runs the windowed count at `options.events` after a warm-up, as many times as the options ask,
 * and pools the runs (see the file comment).
 */
export async function dstreamLinearity(options: DStreamLinearityOptions): Promise<DStreamLinearityRun> {
  const warmUpMs = await warmUp(options);
  const runs = runsPerSize(options.events, options);
  const measured: OneRun[] = [];
  for (let r = 0; r < runs; r++) {
    // Progress over all measured runs, told as a share of `events` (what a caller sized its bar for).
    const onBatch = options.onBatch && ((events: number) => options.onBatch!(Math.floor(((r * options.events + events) / (runs * options.events)) * options.events)));
    measured.push(await runOnce({ ...options, onBatch }));
  }
  return pooled(options, measured, warmUpMs);
}

/**
 * dstreamLinearity at several sizes, their runs interleaved after one warm-up: each size's runs
 * are spread over minRuns rounds (1M, 10M, 30M: 3 + 1 + 1 runs per round, the 1M size's tenth in the
 * last), so a change in what else the machine runs falls on every size alike. `onBatch` is told
 * the events done so far as a share of the sum of `sizes`.
 */
export async function dstreamLinearityInterleaved(sizes: readonly number[], options: Omit<DStreamLinearityOptions, 'events'>): Promise<DStreamLinearityRun[]> {
  const perSize = sizes.map((events) => ({ ...options, events, onBatch: undefined }));
  const warmUpMs = await warmUp(perSize[0] ?? { ...options, events: 1_000_000 });
  const runs = perSize.map((o) => runsPerSize(o.events, o));
  const measured: OneRun[][] = sizes.map(() => []);
  const totalEvents = sizes.reduce((sum, events, i) => sum + events * (runs[i] as number), 0);
  const scale = sizes.reduce((a, b) => a + b, 0) / totalEvents;
  let doneEvents = 0;
  for (const i of interleavedOrder(runs, Math.max(1, options.minRuns ?? 3))) {
    const before = doneEvents;
    const onBatch = options.onBatch && ((events: number) => options.onBatch!(Math.floor((before + events) * scale)));
    measured[i]!.push(await runOnce({ ...(perSize[i] as DStreamLinearityOptions), onBatch, onWindow: options.onWindow }));
    doneEvents += sizes[i] as number;
  }
  return sizes.map((_, i) => pooled(perSize[i] as DStreamLinearityOptions, measured[i] as OneRun[], warmUpMs));
}

/** Whole 1M-event runs, unmeasured, until `warmUpMs` of wall time has passed; returns the time taken. */
async function warmUp(options: DStreamLinearityOptions): Promise<number> {
  const startMs = performance.now();
  if ((options.warmUpMs ?? 2000) > 0) {
    const run = { ...options, events: 1_000_000, onBatch: undefined, onWindow: undefined };
    do await runOnce(run);
    while (performance.now() - startMs < (options.warmUpMs ?? 2000));
  }
  return performance.now() - startMs;
}

/** The runs of one size as one figure: every event over every timed millisecond. */
function pooled(options: DStreamLinearityOptions, measured: readonly OneRun[], warmUpMs: number): DStreamLinearityRun {
  const eventsPerWindow = options.batchSize * options.windowBatches;
  const totalBatchMs = sum(measured.flatMap((m) => m.windowMs));
  const totalCpuMs = sum(measured.flatMap((m) => m.windowCpuMs));
  const thirdOf = (m: OneRun, t: number, of: 'windowMs' | 'windowCpuMs') => {
    const third = Math.max(1, Math.floor(m[of].length / 3));
    return m[of].slice(t * third, t === 2 ? undefined : (t + 1) * third);
  };
  const perThird = (of: 'windowMs' | 'windowCpuMs') => [0, 1, 2].map((t) => {
    const parts = measured.flatMap((m) => thirdOf(m, t, of));
    const ms = sum(parts);
    return ms === 0 ? 0 : (parts.length * eventsPerWindow * 1000) / ms;
  });
  const { onBatch: _onBatch, onWindow: _onWindow, ...sizes } = options;
  const events = options.events * measured.length;
  return {
    options: sizes,
    runs: measured.length,
    runRecordsPerSec: measured.map((m) => (options.events * 1000) / sum(m.windowMs)),
    warmUpMs,
    windows: measured.reduce((n, m) => n + m.windowMs.length, 0),
    totalBatchMs,
    maxWindowMs: Math.max(...measured.flatMap((m) => m.windowMs)),
    recordsPerSec: totalBatchMs === 0 ? 0 : (events * 1000) / totalBatchMs,
    thirdsRecordsPerSec: perThird('windowMs'),
    recordsPerCpuSec: totalCpuMs === 0 ? 0 : (events * 1000) / totalCpuMs,
    thirdsRecordsPerCpuSec: perThird('windowCpuMs'),
    counted: Math.min(...measured.map((m) => m.counted)),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((s, x) => s + x, 0);
}

/** Runs the windowed count over `events` records once; each batch is generated before its timed section. */
async function runOnce(options: DStreamLinearityOptions): Promise<OneRun> {
  const sc = new SparkContext({ master: 'local', appName: 'perf-dstream-linearity', clock: new ManualClock(0) });
  const batchMs = 1000;
  const ssc = new StreamingContext(sc, Milliseconds(batchMs), { clock: sc.clock });
  const input = new PreparedBatchDStream(ssc);
  let counted = 0;
  input.map((event) => [event.key, 1] as [number, number])
    .reduceByKeyAndWindow((a, b) => a + b, Milliseconds(options.windowBatches * batchMs), Milliseconds(options.windowBatches * batchMs), 2)
    .foreachRDD(namedFunction('bench.perf.dstreamLinearity', async (rdd: RDD<[number, number]>) => {
      for (const [, n] of await rdd.collect()) counted += n;
    }));
  // Wall time per window: the batches inside a window only wait; the one that closes it runs the job.
  const windowTimes: number[] = [];
  const windowCpuMs: number[] = [];
  ssc.start();
  try {
    const batches = Math.ceil(options.events / options.batchSize);
    // Whole windows only, so every event is counted by the end.
    const steps = Math.ceil(batches / options.windowBatches) * options.windowBatches;
    let windowMs = 0;
    let cpuMs = 0;
    for (let b = 0; b < steps; b++) {
      const start = b * options.batchSize;
      const end = Math.min(options.events, start + options.batchSize);
      const batch = new Array<KeyedEvent>(Math.max(0, end - start));
      for (let i = start; i < end; i++) batch[i - start] = { key: hash(i) % options.keys, t: i };
      input.pending.set(b, batch);
      // One turn of the event loop between batches, outside the timed section, as a live run has:
      // a manual-clock loop otherwise runs in microtasks only, so the ContextCleaner's
      // FinalizationRegistry callbacks (Spark's weak-reference cleaner) never ran, and every
      // window's shuffle outputs stayed (+66 MB of heap per 1M records, measured; batches slowed 2x).
      await new Promise((resolve) => setImmediate(resolve));
      // Wall time of one batch, the figure being measured (never engine code).
      const startMs = performance.now();
      const startCpu = process.cpuUsage();
      await advanceBatches(ssc, 1);
      windowMs += performance.now() - startMs;
      const cpu = process.cpuUsage(startCpu);
      cpuMs += (cpu.user + cpu.system) / 1000;
      if ((b + 1) % options.windowBatches === 0) {
        windowTimes.push(windowMs);
        windowCpuMs.push(cpuMs);
        options.onWindow?.(windowTimes.length - 1, windowMs, cpuMs);
        windowMs = 0;
        cpuMs = 0;
      }
      options.onBatch?.(Math.min(options.events, end));
    }
  } finally {
    await ssc.stop({ stopSparkContext: true });
  }
  return { windowMs: windowTimes, windowCpuMs, counted };
}
