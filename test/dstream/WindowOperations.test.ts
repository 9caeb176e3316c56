/**
 * Spark's WindowOperationsSuite as data, on local[2] and local-workers[2]: window, the three
 * forms of reduceByKeyAndWindow (naive, with inverse, with inverse and filter),
 * groupByKeyAndWindow, countByWindow, countByValueAndWindow, reduceByWindow.
 *
 * As in the suite, numBatches = expected windows x (slide / batch), and outputs compare as sets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Seconds, SeededRandom, SparkContext, type Duration, type DStream } from '../../src/index.js';
import { runBatches } from '../../src/testing.js';

const sorted = <T>(batches: T[][]) => batches.map((b) => [...b].sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1)));
const batchesFor = (expected: unknown[][], slide: Duration) => expected.length * (slide.milliseconds / 1000);

type Pairs = [string, number][][];

const largerSlideInput: Pairs = [[['a', 1]], [['a', 2]], [['a', 3]], [['a', 4]], [['a', 5]], [['a', 6]], [], []];
const largerSlideReduceOutput: Pairs = [[['a', 3]], [['a', 10]], [['a', 18]], [['a', 11]]];

const bigInput: Pairs = [
  [['a', 1]], [['a', 1], ['b', 1]], [['a', 1], ['b', 1], ['c', 1]], [['a', 1], ['b', 1]], [['a', 1]], [],
  [['a', 1]], [['a', 1], ['b', 1]], [['a', 1], ['b', 1], ['c', 1]], [['a', 1], ['b', 1]], [['a', 1]], [],
];
const bigGroupByOutput = [
  [['a', [1]]], [['a', [1, 1]], ['b', [1]]], [['a', [1, 1]], ['b', [1, 1]], ['c', [1]]], [['a', [1, 1]], ['b', [1, 1]], ['c', [1]]], [['a', [1, 1]], ['b', [1]]], [['a', [1]]],
  [['a', [1]]], [['a', [1, 1]], ['b', [1]]], [['a', [1, 1]], ['b', [1, 1]], ['c', [1]]], [['a', [1, 1]], ['b', [1, 1]], ['c', [1]]], [['a', [1, 1]], ['b', [1]]], [['a', [1]]],
];
const bigReduceOutput: Pairs = [
  [['a', 1]], [['a', 2], ['b', 1]], [['a', 2], ['b', 2], ['c', 1]], [['a', 2], ['b', 2], ['c', 1]], [['a', 2], ['b', 1]], [['a', 1]],
  [['a', 1]], [['a', 2], ['b', 1]], [['a', 2], ['b', 2], ['c', 1]], [['a', 2], ['b', 2], ['c', 1]], [['a', 2], ['b', 1]], [['a', 1]],
];
/** With an inverse function and no filter, keys stay with value 0 (Spark's bigReduceInvOutput). */
const bigReduceInvOutput: Pairs = [
  [['a', 1]], [['a', 2], ['b', 1]], [['a', 2], ['b', 2], ['c', 1]], [['a', 2], ['b', 2], ['c', 1]], [['a', 2], ['b', 1], ['c', 0]], [['a', 1], ['b', 0], ['c', 0]],
  [['a', 1], ['b', 0], ['c', 0]], [['a', 2], ['b', 1], ['c', 0]], [['a', 2], ['b', 2], ['c', 1]], [['a', 2], ['b', 2], ['c', 1]], [['a', 2], ['b', 1], ['c', 0]], [['a', 1], ['b', 0], ['c', 0]],
];

interface WindowCase {
  readonly name: string;
  readonly input: unknown[][];
  readonly expected: unknown[][];
  readonly windowDuration?: Duration;
  readonly slideDuration?: Duration;
}

const windowCases: WindowCase[] = [
  { name: 'basic window', input: [[0], [1], [2], [3], [4], [5]], expected: [[0], [0, 1], [1, 2], [2, 3], [3, 4], [4, 5]] },
  { name: 'tumbling window', input: [[0], [1], [2], [3], [4], [5]], expected: [[0, 1], [2, 3], [4, 5]], windowDuration: Seconds(2), slideDuration: Seconds(2) },
  { name: 'larger window', input: [[0], [1], [2], [3], [4], [5]], expected: [[0, 1], [0, 1, 2, 3], [2, 3, 4, 5], [4, 5]], windowDuration: Seconds(4), slideDuration: Seconds(2) },
  { name: 'non-overlapping window', input: [[0], [1], [2], [3], [4], [5]], expected: [[1, 2], [4, 5]], windowDuration: Seconds(2), slideDuration: Seconds(3) },
];

const reduceCases: WindowCase[] = [
  { name: 'basic reduction', input: [[['a', 1], ['a', 3]]], expected: [[['a', 4]]] },
  { name: 'key already in window and new value added into window', input: [[['a', 1]], [['a', 1]]], expected: [[['a', 1]], [['a', 2]]] },
  { name: 'new key added into window', input: [[['a', 1]], [['a', 1], ['b', 1]]], expected: [[['a', 1]], [['a', 2], ['b', 1]]] },
  { name: 'key removed from window', input: [[['a', 1]], [['a', 1]], [], []], expected: [[['a', 1]], [['a', 2]], [['a', 1]], []] },
  { name: 'larger slide time', input: largerSlideInput, expected: largerSlideReduceOutput, windowDuration: Seconds(4), slideDuration: Seconds(2) },
  { name: 'big test', input: bigInput, expected: bigReduceOutput },
];

/** The inverse-function cases: the same, except that a key leaving the window stays with 0. */
const reduceInvCases: WindowCase[] = reduceCases.map((c) =>
  c.name === 'key removed from window' ? { ...c, expected: [[['a', 1]], [['a', 2]], [['a', 1]], [['a', 0]]] } : c.name === 'big test' ? { ...c, expected: bigReduceInvOutput } : c,
);

describe.each(['local[2]', 'local-workers[2]'])('WindowOperationsSuite on %s', (master) => {
  let sc: SparkContext;
  beforeAll(() => {
    sc = new SparkContext({ master, appName: 'WindowOperationsSuite' });
  });
  afterAll(async () => {
    await sc.stop();
  });

  const run = async (c: WindowCase, operation: (s: DStream<any>, w: Duration, sl: Duration) => DStream<unknown>) => {
    const w = c.windowDuration ?? Seconds(2);
    const sl = c.slideDuration ?? Seconds(1);
    const output = await runBatches({ sc, input: c.input, operation: (s) => operation(s, w, sl), numBatches: batchesFor(c.expected, sl) });
    return sorted(output);
  };

  it.each(windowCases)('WindowOperationsSuite: window - $name', async (c) => {
    expect(await run(c, (s, w, sl) => s.window(w, sl))).toEqual(sorted(c.expected));
  });

  it.each(reduceCases)('WindowOperationsSuite: reduceByKeyAndWindow - $name', async (c) => {
    expect(await run(c, (s: DStream<[string, number]>, w, sl) => s.reduceByKeyAndWindow((a, b) => a + b, w, sl))).toEqual(sorted(c.expected));
  });

  it.each(reduceInvCases)('WindowOperationsSuite: reduceByKeyAndWindow with inverse function - $name', async (c) => {
    const op = (s: DStream<[string, number]>, w: Duration, sl: Duration) => s.reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, w, sl).checkpoint(Seconds(100));
    expect(await run(c, op)).toEqual(sorted(c.expected));
  });

  it('WindowOperationsSuite: reduceByKeyAndWindow with inverse and filter functions - big test gives the naive results', async () => {
    const c = { name: 'big test', input: bigInput, expected: bigReduceOutput };
    const op = (s: DStream<[string, number]>, w: Duration, sl: Duration) =>
      s.reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, w, sl, undefined, ([, v]) => v !== 0).persist().checkpoint(Seconds(100));
    expect(await run(c, op)).toEqual(sorted(bigReduceOutput));
  });

  it('WindowOperationsSuite: groupByKeyAndWindow', async () => {
    const c = { name: 'groupByKeyAndWindow', input: bigInput, expected: bigGroupByOutput };
    const op = (s: DStream<[string, number]>, w: Duration, sl: Duration) => s.groupByKeyAndWindow(w, sl).mapValues((vs) => vs.sort());
    expect(await run(c, op)).toEqual(sorted(bigGroupByOutput));
  });

  it('WindowOperationsSuite: countByWindow', async () => {
    const c = { name: 'countByWindow', input: [[1], [1], [1, 2], [0], [], []], expected: [[1], [2], [3], [3], [1], [0]] };
    expect(await run(c, (s, w, sl) => s.countByWindow(w, sl))).toEqual(c.expected);
  });

  it('WindowOperationsSuite: countByValueAndWindow', async () => {
    const c = { name: 'countByValueAndWindow', input: [['a'], ['b', 'b'], ['a', 'b']], expected: [[['a', 1]], [['a', 1], ['b', 2]], [['a', 1], ['b', 3]]] };
    expect(await run(c, (s, w, sl) => s.countByValueAndWindow(w, sl))).toEqual(sorted(c.expected));
  });

  it('reduceByWindow with and without an inverse function gives the same windows', async () => {
    const c = { name: 'reduceByWindow', input: [[1, 2], [3], [], [4, 5], [6]], expected: [[3], [6], [3], [9], [15]] };
    expect(await run(c, (s: DStream<number>, w, sl) => s.reduceByWindow((a, b) => a + b, w, sl))).toEqual(c.expected);
    expect(await run(c, (s: DStream<number>, w, sl) => s.reduceByWindow((a, b) => a + b, (a, b) => a - b, w, sl))).toEqual(c.expected);
  });
});

describe('windows hold what arrived in them: ingestion time', () => {
  it('counts an event stamped in window W that arrives two batches later in the window of its arrival, not in W', async () => {
    // Events carry an event time, but a DStream only knows arrival: batch i holds what arrived in
    // ((i-1) s, i s]. The event stamped 1500 (window [0, 2000) by event time) arrives in batch 4.
    const input = [
      [{ id: 'on-time-1', eventTimeMs: 500 }],
      [{ id: 'on-time-2', eventTimeMs: 1600 }],
      [{ id: 'on-time-3', eventTimeMs: 2500 }],
      [{ id: 'late', eventTimeMs: 1500 }, { id: 'on-time-4', eventTimeMs: 3500 }],
    ];
    const output = await runBatches({
      input,
      operation: (s: DStream<{ id: string; eventTimeMs: number }>) => s.map((e) => e.id).window(Seconds(2), Seconds(2)),
    });
    // Tumbling 2 s windows by arrival, output at 2000 and 4000: (0, 2000] and (2000, 4000].
    expect(output).toEqual([['on-time-1', 'on-time-2'], ['on-time-3', 'late', 'on-time-4']]);
  });
});

describe('reduceByKeyAndWindow: the inverse form gives the naive form\'s windows', () => {
  // Property: for any input of positive counts, window and slide multiples of the batch, the
  // incremental (inverse + filter) result equals the naive result at every window. Seeded inputs.
  const random = new SeededRandom(7);
  const input: [string, number][][] = Array.from({ length: 14 }, () =>
    Array.from({ length: random.nextInt(6) }, () => [['a', 'b', 'c', 'd'][random.nextInt(4)], 1 + random.nextInt(3)] as [string, number]),
  );
  it.each([
    [2, 1],
    [4, 2],
    [3, 3],
    [6, 2],
    [5, 1],
  ])('window %i s, slide %i s', async (windowSeconds, slideSeconds) => {
    const w = Seconds(windowSeconds);
    const sl = Seconds(slideSeconds);
    const naive = await runBatches({ input, operation: (s: DStream<[string, number]>) => s.reduceByKeyAndWindow((a, b) => a + b, w, sl, 2) });
    const inverse = await runBatches({
      input,
      operation: (s: DStream<[string, number]>) => s.reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, w, sl, 2, ([, v]) => v !== 0),
    });
    expect(naive.length).toBe(Math.floor(14 / slideSeconds));
    expect(sorted(inverse)).toEqual(sorted(naive));
  });
});
