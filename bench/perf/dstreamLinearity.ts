/**
 * Linearity of the DStream engine (issue 8 target 8): a windowed count per key over many
 * generated batches of 100k records, driven on a ManualClock batch by batch, with the wall time of
 * each batch measured. The window (reduceByKeyAndWindow, tumbling, 10 batches) holds its batches'
 * RDDs until it closes, so the graph's state is bounded; the time per batch should not grow with
 * the number of batches already run. Spark: a WindowedNetworkWordCount-style job, timed by
 * the batch processing delay of its StreamingListener.
 */
import { InputDStream, ManualClock, Milliseconds, SparkContext, StreamingContext, namedFunction } from '../../src/index.js';
import type { RDD, Time } from '../../src/index.js';
import { advanceBatches } from '../../src/testing.js';

/** Sizes of one run. */
export interface DStreamLinearityOptions {
  readonly events: number;
  readonly batchSize: number;
  readonly keys: number;
  /** Window and slide, in batches. */
  readonly windowBatches: number;
  /** Told after each batch with the events run so far (progress for long runs). */
  readonly onBatch?: (events: number) => void;
}

/** What one run measured. */
export interface DStreamLinearityRun {
  readonly options: Omit<DStreamLinearityOptions, 'onBatch'>;
  /** Windows closed (each runs one job over its batches). */
  readonly windows: number;
  /** Sum of the batches' wall times. */
  readonly totalBatchMs: number;
  /** The longest window: its batches' wall times together. */
  readonly maxWindowMs: number;
  /** Every event over the sum of the batch times. */
  readonly recordsPerSec: number;
  /** Events per second of batch time over the first, second and last third of the windows. */
  readonly thirdsRecordsPerSec: readonly number[];
  /**
   * Events per CPU second of the process (every thread, GC included) in the timed sections, over
   * the whole run and per third: on a loaded machine the wall figures move with what else runs,
   * these with what the engine does. Optional so runs saved before they existed still read.
   */
  readonly recordsPerCpuSec?: number;
  readonly thirdsRecordsPerCpuSec?: readonly number[];
  /** Events the windows counted in all: equals `events` when the answer is complete. */
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

/** Runs the windowed count over `events` records; each batch is generated before its timed section. */
export async function dstreamLinearity(options: DStreamLinearityOptions): Promise<DStreamLinearityRun> {
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
        windowMs = 0;
        cpuMs = 0;
      }
      options.onBatch?.(Math.min(options.events, end));
    }
  } finally {
    await ssc.stop({ stopSparkContext: true });
  }
  const totalBatchMs = windowTimes.reduce((sum, ms) => sum + ms, 0);
  const eventsPerWindow = options.batchSize * options.windowBatches;
  const third = Math.max(1, Math.floor(windowTimes.length / 3));
  const perThird = (msPerWindow: readonly number[]) => [msPerWindow.slice(0, third), msPerWindow.slice(third, 2 * third), msPerWindow.slice(2 * third)].map((part) => {
    const ms = part.reduce((s, x) => s + x, 0);
    return ms === 0 ? 0 : (part.length * eventsPerWindow * 1000) / ms;
  });
  const thirds = perThird(windowTimes);
  const totalCpuMs = windowCpuMs.reduce((sum, ms) => sum + ms, 0);
  const { onBatch: _onBatch, ...sizes } = options;
  return {
    options: sizes,
    windows: windowTimes.length,
    totalBatchMs,
    maxWindowMs: Math.max(...windowTimes),
    recordsPerSec: totalBatchMs === 0 ? 0 : (options.events * 1000) / totalBatchMs,
    thirdsRecordsPerSec: thirds,
    recordsPerCpuSec: totalCpuMs === 0 ? 0 : (options.events * 1000) / totalCpuMs,
    thirdsRecordsPerCpuSec: perThird(windowCpuMs),
    counted,
  };
}
