/**
 * A tiny seeded PRNG (mulberry32) for the workload generators, so every run of a workload with the
 * same seed yields the same events. No Spark counterpart: Spark's tests use java.util.Random.
 */

/**
 * A deterministic source of random numbers with the few distributions the workloads need.
 *
 * @example
 * const random = new BenchRandom(42);
 * random.int(10); // the same integer in [0, 10) on every run
 */
export class BenchRandom {
  #state: number;

  constructor(seed: number) {
    // Mixing the seed keeps neighbouring seeds (1, 2, 3) from starting on similar sequences.
    this.#state = (Math.imul(seed | 0, 0x9e3779b1) ^ 0x5bd1e995) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.#state ^ (this.#state >>> 15), 1 | this.#state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, bound). */
  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  /** An integer in [min, max]. */
  intBetween(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** True with probability `share`. */
  chance(share: number): boolean {
    return this.next() < share;
  }

  /** An exponentially distributed value with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** A Pareto-distributed value (heavy tail) with minimum `scale` and shape `alpha`. */
  pareto(scale: number, alpha: number): number {
    return scale / Math.pow(1 - this.next(), 1 / alpha);
  }

  /** A lowercase hexadecimal string of `length` characters (ids shaped like the Yahoo benchmark's UUIDs). */
  hex(length: number): string {
    let text = '';
    while (text.length < length) text += this.int(0x10000).toString(16).padStart(4, '0');
    return text.slice(0, length);
  }
}

/**
 * A sampler over `weights.length` ranks with probability proportional to 1 / (rank + 1)^exponent:
 * the Zipf-like skew of words in text and of hot keys in logs.
 */
export function zipfSampler(size: number, exponent: number): (random: BenchRandom) => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let rank = 0; rank < size; rank++) {
    total += 1 / Math.pow(rank + 1, exponent);
    cumulative[rank] = total;
  }
  return (random) => {
    const target = random.next() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] as number) <= target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}
