/**
 * Linearity of the Structured engine (issue 8 target 8): the windowed count with a watermark of
 * bench/perf/stateCurve.ts at several sizes, each size measured over several runs, the runs of all
 * sizes interleaved in rounds after one warm-up and pooled per size, as dstreamLinearityInterleaved
 * measures the DStream engine. Spark: org.apache.spark.benchmark.Benchmark's warm-up then several
 * timed iterations.
 *
 * Why pooled: a 1M-event run is ten batches of ~80-100 ms, and one major collection of V8 (every
 * few million events here) adds 20-300 ms to the batch it falls in, depending on what else the
 * heap holds (in the suite's process, the yahoo step's ~185 MB of prepared events made each one
 * ~200 ms of marking). One 1M run catches one or none by chance; ten runs catch their share, as
 * every 10M run does. The collections inside the timed batches are counted per size, so a gap
 * between sizes can be put down to them or not.
 */
import { observeGcPauses } from './gcPauses.js';
import { interleavedOrder, runsPerSize } from './interleavedRuns.js';
import { stateCurve } from './stateCurve.js';
import type { CurvePoint, StateCurve, StateCurveOptions } from './stateCurve.js';

/** Sizes of the runs (every size shares them) and how many runs each size gets. */
export interface StateLinearityOptions {
  readonly batchSize: number;
  readonly keys: number;
  readonly msPerEvent: number;
  /** Events of the one unmeasured run before the first round (default 1M). */
  readonly warmUpEvents?: number;
  /** Measured runs per size: at least this many (default 3) ... */
  readonly minRuns?: number;
  /** ... and at least this many events over all of them (default 10M). */
  readonly minEventsMeasured?: number;
  /** Told after each measured batch, with the number of measured batches done so far (progress). */
  readonly onBatch?: (batchesDone: number) => void;
}

/** V8's collections that started inside the timed batches of one size's runs. */
export interface TimedCollections {
  readonly majorCount: number;
  /** Main-thread pause of the major collections (their atomic pause), ms. */
  readonly majorMs: number;
  /** Incremental marking steps on the main thread, ms. */
  readonly incrementalMs: number;
  readonly scavengeMs: number;
}

/** What the interleaved runs of one size add up to. */
export interface PooledRuns {
  readonly runs: number;
  /** Events of the one unmeasured run before the rounds (0: none). */
  readonly warmUpEvents: number;
  /** Each run's events over its own batch time, in run order. */
  readonly runRecordsPerSec: readonly number[];
  readonly totalBatchMs: number;
  readonly totalCpuMs: number;
  /** The median batch of all runs, ms. */
  readonly medianBatchMs: number;
  readonly collections: TimedCollections;
}

/** Measured batches over all sizes and runs (what `onBatch` counts up to). */
export function linearityBatches(sizes: readonly number[], options: StateLinearityOptions): number {
  return sizes.reduce((sum, events) => sum + runsPerSize(events, options) * Math.ceil(events / options.batchSize), 0);
}

/**
 * Every size's runs interleaved in minRuns rounds (1M, 10M, 30M: 10 + 3 + 3 runs, so 3-4 + 1 + 1 per
 * round), after one warm-up run; one pooled curve per size, in the order of `sizes`.
 */
export async function stateLinearityInterleaved(sizes: readonly number[], options: StateLinearityOptions): Promise<StateCurve[]> {
  const base = (events: number): StateCurveOptions => ({
    events, batchSize: options.batchSize, keys: options.keys, msPerEvent: options.msPerEvent, withWatermark: true, heapMeasure: 'none',
  });
  const warmUpEvents = options.warmUpEvents ?? 1_000_000;
  if (warmUpEvents > 0) await stateCurve(base(warmUpEvents));
  const runs = sizes.map((events) => runsPerSize(events, options));
  const measured: StateCurve[][] = sizes.map(() => []);
  const windows: { startMs: number; endMs: number }[][] = sizes.map(() => []);
  const gc = observeGcPauses();
  let batchesDone = 0;
  for (const i of interleavedOrder(runs, Math.max(1, options.minRuns ?? 3))) {
    const timed = windows[i] as { startMs: number; endMs: number }[];
    measured[i]!.push(await stateCurve({
      ...base(sizes[i] as number),
      onBatch: () => options.onBatch?.(++batchesDone),
      aroundBatch: (phase) => {
        if (phase === 'start') timed.push({ startMs: performance.now(), endMs: Number.POSITIVE_INFINITY });
        else timed[timed.length - 1]!.endMs = performance.now();
      },
    }));
  }
  const pauses = gc.stop();
  return sizes.map((_, i) => pooledCurve(measured[i] as StateCurve[], warmUpEvents, collectionsInside(pauses, windows[i] as { startMs: number; endMs: number }[])));
}

function collectionsInside(pauses: ReturnType<ReturnType<typeof observeGcPauses>['stop']>, windows: readonly { startMs: number; endMs: number }[]): TimedCollections {
  const c = { majorCount: 0, majorMs: 0, incrementalMs: 0, scavengeMs: 0 };
  const sorted = [...windows].sort((a, b) => a.startMs - b.startMs);
  for (const p of pauses) {
    if (!sorted.some((w) => p.startMs >= w.startMs && p.startMs < w.endMs)) continue;
    if (p.kind === 'mark-compact') {
      c.majorCount++;
      c.majorMs += p.durationMs;
    } else if (p.kind === 'incremental') c.incrementalMs += p.durationMs;
    else if (p.kind === 'scavenge') c.scavengeMs += p.durationMs;
  }
  return c;
}

/**
 * The runs of one size (the same options) as one curve: every run's points in order (each with its own `events`),
 * thirds pooled over the runs' thirds, and `pooled` with what curveRecordsPerSec reads.
 */
export function pooledCurve(runs: readonly StateCurve[], warmUpEvents: number, collections?: TimedCollections): StateCurve {
  const points: CurvePoint[] = runs.flatMap((c) => c.points);
  const ms = (ps: readonly CurvePoint[]) => ps.reduce((s, p) => s + p.batchMs, 0);
  const cpuMs = (ps: readonly CurvePoint[]) => ps.reduce((s, p) => s + (p.batchCpuMs ?? 0), 0);
  const batchSize = runs[0]?.options.batchSize ?? 1;
  const thirds = (of: (ps: readonly CurvePoint[]) => number) => [0, 1, 2].map((t) => {
    const parts = runs.flatMap((c) => {
      const third = Math.max(1, Math.floor(c.points.length / 3));
      return c.points.slice(t * third, t === 2 ? undefined : (t + 1) * third);
    });
    const total = of(parts);
    return total === 0 ? 0 : (parts.length * batchSize * 1000) / total;
  });
  const sorted = points.map((p) => p.batchMs).sort((a, b) => a - b);
  return {
    options: runs[0]!.options,
    heapFrom: 'timed run',
    points,
    thirdsRecordsPerSec: thirds(ms),
    thirdsRecordsPerCpuSec: thirds(cpuMs),
    pooled: {
      runs: runs.length,
      warmUpEvents,
      runRecordsPerSec: runs.map((c) => ((c.points[c.points.length - 1]?.events ?? 0) * 1000) / ms(c.points)),
      totalBatchMs: ms(points),
      totalCpuMs: cpuMs(points),
      medianBatchMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
      collections: collections ?? { majorCount: 0, majorMs: 0, incrementalMs: 0, scavengeMs: 0 },
    },
  };
}
