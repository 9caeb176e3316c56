/**
 * Counts per fixed-width bucket of processing time: events consumed and rows emitted over a run,
 * the data of the "throughput over time" chart. Spark analogue: the per-batch input and
 * processing rates of StreamingQueryProgress.
 */

/** One bucket: [startMs, startMs + bucketMs) of processing time. */
export interface SeriesPoint {
  readonly processingTimeMs: number;
  readonly events: number;
  readonly rows: number;
}

/** Picks a bucket width of 1, 2 or 5 x 10^k ms giving at most `maxPoints` buckets over `spanMs`. */
export function niceBucketMs(spanMs: number, maxPoints = 100): number {
  const rough = Math.max(1, spanMs / maxPoints);
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const step of [1, 2, 5, 10]) if (step * power >= rough) return step * power;
  return 10 * power;
}

/** Events and rows per processing-time bucket. */
export class TimeSeries {
  readonly #points = new Map<number, { events: number; rows: number }>();

  constructor(readonly bucketMs: number) {}

  #bucket(processingTimeMs: number): { events: number; rows: number } {
    const startMs = Math.floor(processingTimeMs / this.bucketMs) * this.bucketMs;
    let point = this.#points.get(startMs);
    if (!point) this.#points.set(startMs, (point = { events: 0, rows: 0 }));
    return point;
  }

  /** Counts `count` records delivered at `processingTimeMs`. */
  addEvents(processingTimeMs: number, count: number): void {
    this.#bucket(processingTimeMs).events += count;
  }

  /** Counts one row emitted at `processingTimeMs`. */
  addRow(processingTimeMs: number): void {
    this.#bucket(processingTimeMs).rows += 1;
  }

  /** Every bucket from the first to the last, empty ones included, in time order. */
  points(): SeriesPoint[] {
    if (this.#points.size === 0) return [];
    const starts = [...this.#points.keys()];
    const firstMs = Math.min(...starts);
    const lastMs = Math.max(...starts);
    const points: SeriesPoint[] = [];
    for (let startMs = firstMs; startMs <= lastMs; startMs += this.bucketMs) {
      const point = this.#points.get(startMs) ?? { events: 0, rows: 0 };
      points.push({ processingTimeMs: startMs, events: point.events, rows: point.rows });
    }
    return points;
  }
}
