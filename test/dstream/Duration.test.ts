/** Durations and batch times (Spark's DurationSuite and TimeSuite, the cases the engine relies on). */
import { describe, expect, it } from 'vitest';
import { IllegalArgumentError, Milliseconds, Minutes, Seconds, Time } from '../../src/index.js';

describe('Duration', () => {
  it('builds milliseconds, seconds and minutes, rendered as Spark renders them', () => {
    expect([Milliseconds(250), Seconds(2), Minutes(1)].map(String)).toEqual(['250 ms', '2000 ms', '60000 ms']);
  });

  it.each([
    [4000, 2000, true],
    [3000, 2000, false],
    [0, 1000, true],
    [1000, 0, false],
  ])('%i ms isMultipleOf %i ms is %s', (a, b, expected) => {
    expect(Milliseconds(a).isMultipleOf(Milliseconds(b))).toBe(expected);
  });

  it('does arithmetic and comparisons', () => {
    expect(Seconds(1).plus(Milliseconds(200)).milliseconds).toBe(1200);
    expect(Seconds(3).minus(Seconds(1)).times(2).milliseconds).toBe(4000);
    expect(Seconds(3).div(Seconds(2))).toBe(1.5);
    expect([Seconds(1).less(Seconds(2)), Seconds(2).lessEq(Seconds(2)), Seconds(3).greater(Seconds(2))]).toEqual([true, true, true]);
  });

  it('rejects fractional milliseconds with the rounded value as the fix', () => {
    expect(() => Milliseconds(1.5)).toThrow(IllegalArgumentError);
    expect(() => Milliseconds(1.5)).toThrow('A Duration must be a whole number of milliseconds, but got 1.5. Round it, e.g. Milliseconds(2).');
  });
});

describe('Time', () => {
  it('floors to the slide grid from a zero time, and lists times with until (exclusive) and to (inclusive)', () => {
    expect(new Time(3500).floor(Seconds(1)).milliseconds).toBe(3000);
    expect(new Time(3500).floor(Seconds(2), new Time(1000)).milliseconds).toBe(3000);
    expect(new Time(1000).until(new Time(4000), Seconds(1)).map((t) => t.milliseconds)).toEqual([1000, 2000, 3000]);
    expect(new Time(1000).to(new Time(4000), Seconds(1)).map((t) => t.milliseconds)).toEqual([1000, 2000, 3000, 4000]);
    expect(String(new Time(1000))).toBe('1000 ms');
  });
});
