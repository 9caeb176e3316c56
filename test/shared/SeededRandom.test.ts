/**
 * SeededRandom: every expectation is for a fixed seed, so the "distribution" checks are exact
 * facts about one sequence and cannot flake. The first uint32 values of seed 42 were checked
 * against an independent Python implementation of splitmix32 + xoshiro128**.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/shared/util/SeededRandom.js';
import { IllegalArgumentError } from '../../src/shared/errors.js';

function draws<T>(count: number, draw: () => T): T[] {
  return Array.from({ length: count }, draw);
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe('SeededRandom', () => {
  it('produces the xoshiro128** sequence for seed 42', () => {
    const random = new SeededRandom(42);
    expect(draws(5, () => random.nextUint32())).toEqual([660444221, 3652823732, 77672526, 910233633, 2297337756]);
  });

  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    const c = new SeededRandom(8);
    const fromA = draws(100, () => a.next());
    expect(draws(100, () => b.next())).toEqual(fromA);
    expect(draws(100, () => c.next())).not.toEqual(fromA);
  });

  it('gives seed 0 and seeds above 2^32 their own streams', () => {
    const zero = new SeededRandom(0);
    expect(draws(3, () => zero.nextUint32()).every((x) => Number.isInteger(x))).toBe(true);
    expect(new SeededRandom(2 ** 32 + 1).nextUint32()).not.toBe(new SeededRandom(1).nextUint32());
  });

  it('keeps next() in [0, 1) with a mean near one half', () => {
    const random = new SeededRandom(1);
    const values = draws(10_000, () => random.next());
    expect(values.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.abs(mean(values) - 0.5)).toBeLessThan(0.01);
  });

  it('spreads nextInt(n) evenly over [0, n)', () => {
    const random = new SeededRandom(2);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[random.nextInt(6)]++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(300);
    expect(draws(1000, () => random.nextInt(1)).every((x) => x === 0)).toBe(true);
    expect(random.nextInt(2 ** 32)).toBeLessThan(2 ** 32);
  });

  it('draws Gaussian values with the requested mean and standard deviation', () => {
    const random = new SeededRandom(3);
    const values = draws(20_000, () => random.nextGaussian(10, 2));
    const m = mean(values);
    const sd = Math.sqrt(mean(values.map((x) => (x - m) ** 2)));
    expect(Math.abs(m - 10)).toBeLessThan(0.05);
    expect(Math.abs(sd - 2)).toBeLessThan(0.05);
  });

  it('draws positive exponential values with the requested mean', () => {
    const random = new SeededRandom(4);
    const values = draws(20_000, () => random.nextExponential(100));
    expect(values.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
    expect(Math.abs(mean(values) - 100)).toBeLessThan(2);
  });

  it('picks every element of an array and shuffles to a permutation', () => {
    const random = new SeededRandom(5);
    expect(new Set(draws(200, () => random.pick(['a', 'b', 'c'])))).toEqual(new Set(['a', 'b', 'c']));
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = random.shuffle(items);
    expect(shuffled).toBe(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new SeededRandom(5).shuffle([1, 2, 3, 4, 5, 6, 7, 8]))
      .toEqual(new SeededRandom(5).shuffle([1, 2, 3, 4, 5, 6, 7, 8]));
  });

  it('forks streams that depend only on the seed and the label', () => {
    const parent = new SeededRandom(9);
    const before = parent.fork('users');
    draws(50, () => parent.next());
    const after = parent.fork('users');
    expect(after.seed).toBe(before.seed);
    expect(draws(10, () => after.next())).toEqual(draws(10, () => before.next()));
    expect(parent.fork('clicks').seed).not.toBe(before.seed);
    expect(new SeededRandom(10).fork('users').seed).not.toBe(before.seed);
    expect(Number.isSafeInteger(before.seed)).toBe(true);
  });

  it('rejects bad seeds and arguments with what was passed', () => {
    expect(() => new SeededRandom(1.5)).toThrow(new IllegalArgumentError('INVALID_SEED',
      'SeededRandom needs a safe integer seed, got 1.5. Pass an integer such as 42, or Math.trunc(value).'));
    const random = new SeededRandom(1);
    expect(() => random.nextInt(0)).toThrow('nextInt(n) needs an integer n in [1, 2^32], got 0.');
    expect(() => random.nextExponential(-1)).toThrow('nextExponential(mean) needs a positive finite mean, got -1.');
    expect(() => random.pick([])).toThrow(IllegalArgumentError);
  });
});
