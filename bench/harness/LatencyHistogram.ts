/**
 * A log-bucketed latency histogram: exact count, min, max and mean, percentiles within 1/64
 * (1.6%) of the true value, in constant memory. HdrHistogram's layout with 6 significant bits,
 * written out because the harness needs only record and percentile. No Spark counterpart
 * (Spark's metrics use Dropwizard's reservoirs).
 */

/** Sub-buckets per power of two: the relative error bound is 1 / SUB_BUCKETS. */
const SUB_BUCKETS = 64;
const EXACT_LIMIT = 2 * SUB_BUCKETS;
/** Enough buckets for 2^52 microseconds (143 years). */
const BUCKET_COUNT = 52 * SUB_BUCKETS + EXACT_LIMIT;

function bucketOf(valueUs: number): number {
  if (valueUs < EXACT_LIMIT) return valueUs;
  const shift = Math.floor(Math.log2(valueUs)) - Math.log2(SUB_BUCKETS);
  return shift * SUB_BUCKETS + Math.floor(valueUs / 2 ** shift);
}

/** The values of bucket `index`: [lowUs, highUs). */
function boundsOf(index: number): { lowUs: number; highUs: number } {
  if (index < EXACT_LIMIT) return { lowUs: index, highUs: index + 1 };
  const shift = Math.floor(index / SUB_BUCKETS) - 1;
  const mantissa = index - shift * SUB_BUCKETS;
  return { lowUs: mantissa * 2 ** shift, highUs: (mantissa + 1) * 2 ** shift };
}

/** The figures a report prints for one latency distribution, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly minMs: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/**
 * Latencies in milliseconds, kept at microsecond resolution.
 *
 * @example
 * const histogram = new LatencyHistogram();
 * histogram.record(12.5);
 * histogram.percentile(99); // 12.5 (within 1.6%)
 */
export class LatencyHistogram {
  readonly #counts = new Float64Array(BUCKET_COUNT);
  #count = 0;
  #sumUs = 0;
  #minUs = Infinity;
  #maxUs = -Infinity;

  /** Adds one latency; negative values (clock skew) count as 0. */
  record(latencyMs: number): void {
    const valueUs = Math.max(0, Math.round(latencyMs * 1000));
    this.#counts[Math.min(bucketOf(valueUs), BUCKET_COUNT - 1)] += 1;
    this.#count += 1;
    this.#sumUs += valueUs;
    this.#minUs = Math.min(this.#minUs, valueUs);
    this.#maxUs = Math.max(this.#maxUs, valueUs);
  }

  /** How many latencies were recorded. */
  get count(): number {
    return this.#count;
  }

  /**
   * The smallest recorded latency L such that at least `percent`% of latencies are <= L, to
   * within the bucket's width: the middle of its bucket, kept inside [min, max]. NaN when empty.
   */
  percentile(percent: number): number {
    if (this.#count === 0) return NaN;
    const rank = Math.max(1, Math.ceil((percent / 100) * this.#count));
    let seen = 0;
    for (let index = 0; index < BUCKET_COUNT; index++) {
      seen += this.#counts[index] as number;
      if (seen < rank) continue;
      const { lowUs, highUs } = boundsOf(index);
      const middleUs = highUs - lowUs === 1 ? lowUs : (lowUs + highUs - 1) / 2;
      return Math.min(Math.max(middleUs, this.#minUs), this.#maxUs) / 1000;
    }
    return this.#maxUs / 1000;
  }

  /** Count, min, mean, p50, p95, p99 and max; null when nothing was recorded. */
  summary(): LatencySummary | null {
    if (this.#count === 0) return null;
    return {
      count: this.#count,
      minMs: this.#minUs / 1000,
      meanMs: this.#sumUs / this.#count / 1000,
      p50Ms: this.percentile(50),
      p95Ms: this.percentile(95),
      p99Ms: this.percentile(99),
      maxMs: this.#maxUs / 1000,
    };
  }

  /** The latency at each of `percents`, for a percentile curve. */
  curve(percents: readonly number[]): { percent: number; latencyMs: number }[] {
    if (this.#count === 0) return [];
    return percents.map((percent) => ({ percent, latencyMs: this.percentile(percent) }));
  }
}
