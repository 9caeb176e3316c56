/**
 * Partitioners, with examples Spark's tests fix and properties over generated inputs.
 *
 * Properties:
 * - nonNegativeMod(x, n) is in [0, n) and congruent to x mod n, for every int x and n >= 1.
 * - HashPartitioner(n) places every key in [0, n), and equal keys (tuples by value) in the same
 *   partition.
 * - RangePartitioner places keys monotonically: k1 <= k2 implies partition(k1) <= partition(k2)
 *   ascending, and >= descending; every partition is in [0, n).
 * - union has the sum of its parents' partition counts, or the common partitioner's count when
 *   they all share one; coalesce(n) has min(n, parent count),
 *   and every parent partition is read by exactly one coalesced partition, in order.
 */
import { fc, test } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { HashPartitioner, IllegalArgumentError, RangePartitioner, SparkContext, hashCode, nonNegativeMod } from '../../../src/index.js';

describe('hashCode', () => {
  it('matches Java for strings, ints, booleans and doubles', () => {
    expect(hashCode('')).toBe(0);
    expect(hashCode('a')).toBe(97);
    expect(hashCode('hello')).toBe(99162322);
    expect(hashCode('polygenelubricants')).toBe(-2147483648);
    expect(hashCode(42)).toBe(42);
    expect(hashCode(-7)).toBe(-7);
    expect([hashCode(true), hashCode(false)]).toEqual([1231, 1237]);
    expect(hashCode(1.5)).toBe(1073217536);
    expect(hashCode(null)).toBe(0);
    expect(Object.is(hashCode(-0), 0)).toBe(true);
  });

  it('hashes tuples like a Java List: 31 * h + element', () => {
    expect(hashCode(['a', 1])).toBe(31 * (31 * 1 + 97) + 1);
    expect(hashCode([1, 2])).toBe(hashCode([1, 2].slice()));
  });

  it('hashes a struct by its field values in order, a date by its time', () => {
    const start = Date.UTC(2026, 0, 1);
    expect(hashCode({ start, end: start + 10_000 })).toBe((31 * (31 * 1 + hashCode(start)) + hashCode(start + 10_000)) | 0);
    expect(hashCode({ start: 1, end: 2, note: undefined })).toBe(hashCode({ start: 1, end: 2 }));
    expect(hashCode({ start: 1, end: 2 })).not.toBe(hashCode({ start: 2, end: 1 }));
    expect(hashCode(new Date(start))).toBe(hashCode(start));
  });
});

describe('HashPartitioner', () => {
  it('uses a non-negative modulo, as Spark does: -1 goes to 1 of 2', () => {
    expect(new HashPartitioner(2).getPartition(-1)).toBe(1);
    expect(new HashPartitioner(3).getPartition(-4)).toBe(2);
    expect(new HashPartitioner(5).getPartition('polygenelubricants')).toBe(2);
    expect(new HashPartitioner(4).getPartition(null)).toBe(0);
  });

  it('equals another HashPartitioner of the same count only', () => {
    expect(new HashPartitioner(3).equals(new HashPartitioner(3))).toBe(true);
    expect(new HashPartitioner(3).equals(new HashPartitioner(4))).toBe(false);
    expect(new HashPartitioner(2).equals(new RangePartitioner(2, true, [5]))).toBe(false);
  });

  it('rejects a negative or fractional count', () => {
    expect(() => new HashPartitioner(-1)).toThrow(IllegalArgumentError);
    expect(() => new HashPartitioner(1.5)).toThrow('Number of partitions (1.5) cannot be negative or fractional; pass a whole number >= 0.');
  });

  test.prop([fc.integer(), fc.integer({ min: 1, max: 1000 })])('nonNegativeMod is in [0, n) and congruent to x', (x, n) => {
    const m = nonNegativeMod(x, n);
    expect(m).toBeGreaterThanOrEqual(0);
    expect(m).toBeLessThan(n);
    expect((x - m) % n === 0).toBe(true);
  });

  const keyArb = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.double({ noNaN: true }), fc.tuple(fc.string(), fc.integer()));

  test.prop([keyArb, fc.integer({ min: 1, max: 64 })])('places every key in [0, n)', (key, n) => {
    const p = new HashPartitioner(n).getPartition(key);
    expect(Number.isInteger(p)).toBe(true);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(n);
  });

  test.prop([fc.tuple(fc.string(), fc.integer()), fc.integer({ min: 1, max: 64 })])('places equal tuples together', (key, n) => {
    expect(new HashPartitioner(n).getPartition([...key])).toBe(new HashPartitioner(n).getPartition(key));
  });
});

describe('RangePartitioner', () => {
  it('puts keys up to each bound in that bound\'s partition', () => {
    const p = new RangePartitioner(3, true, [10, 20]);
    expect([5, 10, 11, 20, 21].map((k) => p.getPartition(k))).toEqual([0, 0, 1, 1, 2]);
    const d = new RangePartitioner(3, false, [10, 20]);
    expect([5, 10, 11, 20, 21].map((k) => d.getPartition(k))).toEqual([2, 2, 1, 1, 0]);
  });

  it('computes bounds from a sample without repeats', () => {
    expect(RangePartitioner.boundsFromSample([5, 1, 4, 2, 3, 6], 3)).toEqual([2, 4]);
    expect(RangePartitioner.boundsFromSample([1, 1, 1, 1], 4)).toEqual([1]);
    expect(RangePartitioner.boundsFromSample([], 4)).toEqual([]);
  });

  test.prop([fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 16 }), fc.boolean(), fc.integer(), fc.integer()])(
    'places keys monotonically and in range',
    (sample, n, ascending, a, b) => {
      const p = new RangePartitioner(n, ascending, RangePartitioner.boundsFromSample(sample, n));
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      const [pl, ph] = [p.getPartition(lo), p.getPartition(hi)];
      for (const q of [pl, ph]) expect(q >= 0 && q < n).toBe(true);
      expect(ascending ? pl <= ph : pl >= ph).toBe(true);
    },
  );
});

describe('partition counts of union and coalesce', () => {
  const sc = new SparkContext({ master: 'local' });
  afterAll(() => sc.stop());

  test.prop([fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 6 })])('union has the sum of its parents\' counts', (counts) => {
    const union = sc.union(counts.map((n) => sc.parallelize([], Math.max(n, 1))));
    expect(union.getNumPartitions()).toBe(counts.reduce((s, n) => s + Math.max(n, 1), 0));
  });

  test.prop([fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 8 })])(
    'union of RDDs sharing a partitioner has that partitioner\'s count',
    (parentCounts, n) => {
      const union = sc.union(parentCounts.map((c) => sc.parallelize([] as [number, number][], c).partitionBy(new HashPartitioner(n))));
      expect(union.getNumPartitions()).toBe(n);
    },
  );

  test.prop([fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 80 })])('coalesce(n) reads each parent partition once, in order', (parentCount, n) => {
    const coalesced = sc.parallelize([], parentCount).coalesce(n);
    expect(coalesced.getNumPartitions()).toBe(Math.min(n, parentCount));
    const [dep] = coalesced.dependencies as unknown as { getParents(i: number): number[] }[];
    const read = Array.from({ length: coalesced.getNumPartitions() }, (_, i) => dep.getParents(i)).flat();
    expect(read).toEqual(Array.from({ length: parentCount }, (_, i) => i));
  });

  test.prop([fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 })])('repartition(n) always has n partitions', (parentCount, n) => {
    expect(sc.parallelize([], parentCount).repartition(n).getNumPartitions()).toBe(n);
  });
});
