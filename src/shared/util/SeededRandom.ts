/**
 * A small, fast, deterministic random number generator for seeded workloads and tests. Spark:
 * core/.../util/random/XORShiftRandom.scala (Spark's own fast seeded generator); this one is
 * xoshiro128** (Blackman and Vigna), seeded through splitmix32, on 32-bit integer arithmetic.
 */
import { IllegalArgumentError } from '../errors.js';

const TWO_POW_32 = 4294967296;

/**
 * A seeded pseudo-random stream: the same seed gives the same sequence on every machine.
 * Not for cryptography.
 *
 * @example
 * const random = new SeededRandom(42);
 * const delayMs = random.nextExponential(100);
 * const users = random.fork('users');   // an independent stream, stable however much `random` is used
 */
export class SeededRandom {
  #s0 = 0;
  #s1 = 0;
  #s2 = 0;
  #s3 = 0;

  /**
   * @param seed any safe integer
   * @throws IllegalArgumentError when the seed is not a safe integer
   */
  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new IllegalArgumentError('INVALID_SEED', `SeededRandom needs a safe integer seed, got ${seed}. `
        + 'Pass an integer such as 42, or Math.trunc(value).');
    }
    // splitmix32 spreads any seed (0 included) over the 128-bit state, which must not be all zero.
    let mix = (seed >>> 0) ^ Math.imul(Math.floor(seed / TWO_POW_32) >>> 0, 0x9e3779b1);
    const nextMix = (): number => {
      mix = (mix + 0x9e3779b9) | 0;
      let z = mix;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.#s0 = nextMix();
    this.#s1 = nextMix();
    this.#s2 = nextMix();
    this.#s3 = nextMix();
  }

  /** The next 32 random bits, as an integer in [0, 2^32). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#s1, 5), 7), 9) >>> 0;
    const t = this.#s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= this.#s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotl(this.#s3, 11);
    return result;
  }

  /** A uniform number in [0, 1), with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /**
   * A uniform integer in [0, n), without modulo bias.
   * @throws IllegalArgumentError unless n is an integer in [1, 2^32]
   */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new IllegalArgumentError('INVALID_BOUND', `nextInt(n) needs an integer n in [1, 2^32], got ${n}.`);
    }
    // Draws at or above the largest multiple of n below 2^32 would favour small results; redraw them.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let draw = this.nextUint32();
    while (draw >= limit) draw = this.nextUint32();
    return draw % n;
  }

  /** True with the given probability (default one half). */
  nextBoolean(probability = 0.5): boolean {
    return this.next() < probability;
  }

  /** A normally distributed number (Box-Muller); uses two draws per call. */
  nextGaussian(mean = 0, stddev = 1): number {
    const u1 = 1 - this.next(); // in (0, 1], so the log is finite
    const u2 = this.next();
    return mean + stddev * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * An exponentially distributed number with the given mean: the gap between Poisson arrivals.
   * @throws IllegalArgumentError unless mean is positive
   */
  nextExponential(mean: number): number {
    if (!(mean > 0) || !Number.isFinite(mean)) {
      throw new IllegalArgumentError('INVALID_MEAN', `nextExponential(mean) needs a positive finite mean, got ${mean}.`);
    }
    return -mean * Math.log(1 - this.next());
  }

  /**
   * A uniformly chosen element.
   * @throws IllegalArgumentError for an empty array
   */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) {
      throw new IllegalArgumentError('EMPTY_CHOICE', 'pick(items) needs at least one item, got an empty array.');
    }
    return items[this.nextInt(items.length)];
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const swap = items[i];
      items[i] = items[j];
      items[j] = swap;
    }
    return items;
  }

  /**
   * An independent stream named `label`. It depends only on this generator's seed and the label,
   * not on how many numbers were drawn, so adding draws to one stream never shifts another.
   */
  fork(label: string): SeededRandom {
    const text = `${this.seed}/${label}`;
    // Two differently seeded FNV-1a hashes give a 53-bit seed: 21 high bits and 32 low bits.
    const high = fnv1a(text, 0x811c9dc5) & 0x1fffff;
    const low = fnv1a(text, 0x050c5d1f);
    return new SeededRandom(high * TWO_POW_32 + low);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function fnv1a(text: string, basis: number): number {
  let hash = basis;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}
