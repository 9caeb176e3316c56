/**
 * Spark's BasicOperationsSuite as data: each case is the suite's input, operation and expected
 * per-batch output, run through runBatches (TestSuiteBase) on local[2] and local-workers[2].
 * Functions are self-contained, as worker executors require.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SparkContext, SparkException, type DStream, type RDD } from '../../src/index.js';
import { runBatches, runBatchesWithPartitions } from '../../src/testing.js';

/** Spark's verifyOutput with useSet: compare each batch as a set (sorted here). */
const sorted = <T>(batches: T[][]) => batches.map((b) => [...b].sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1)));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

interface UnaryCase {
  readonly name: string;
  readonly input: (unknown[] | null)[];
  readonly operation: (s: DStream<any>) => DStream<unknown>;
  readonly expected: unknown[][];
  readonly useSet?: boolean;
}

const unaryCases: UnaryCase[] = [
  { name: 'map', input: [range(1, 4), range(5, 8), range(9, 12)], operation: (s) => s.map((x: number) => String(x)), expected: [['1', '2', '3', '4'], ['5', '6', '7', '8'], ['9', '10', '11', '12']] },
  { name: 'flatMap', input: [range(1, 4), range(5, 8), range(9, 12)], operation: (s) => s.flatMap((x: number) => [x, x * 2]), expected: [[1, 2, 2, 4, 3, 6, 4, 8], [5, 10, 6, 12, 7, 14, 8, 16], [9, 18, 10, 20, 11, 22, 12, 24]] },
  { name: 'filter', input: [range(1, 4), range(5, 8), range(9, 12)], operation: (s) => s.filter((x: number) => x % 2 === 0), expected: [[2, 4], [6, 8], [10, 12]] },
  { name: 'glom', input: [range(1, 4), range(5, 8), range(9, 12)], operation: (s) => s.glom(), expected: [[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[9, 10], [11, 12]]] },
  {
    name: 'mapPartitions',
    input: [range(1, 4), range(5, 8), range(9, 12)],
    operation: (s) => s.mapPartitions((xs: Iterable<number>) => [[...xs].reduce((a, b) => a + b, 0)]),
    expected: [[3, 7], [11, 15], [19, 23]],
    useSet: true,
  },
  {
    name: 'groupByKey',
    input: [['a', 'a', 'b'], ['', ''], []],
    operation: (s) => s.map((x: string) => [x, 1] as [string, number]).groupByKey(),
    expected: [[['a', [1, 1]], ['b', [1]]], [['', [1, 1]]], []],
    useSet: true,
  },
  {
    name: 'reduceByKey',
    input: [['a', 'a', 'b'], ['', ''], []],
    operation: (s) => s.map((x: string) => [x, 1] as [string, number]).reduceByKey((a, b) => a + b),
    expected: [[['a', 2], ['b', 1]], [['', 2]], []],
    useSet: true,
  },
  { name: 'reduce', input: [range(1, 4), range(5, 8), range(9, 12)], operation: (s) => s.reduce((a: number, b: number) => a + b), expected: [[10], [26], [42]] },
  { name: 'count', input: [[], range(1, 1), range(1, 2), range(1, 3), range(1, 4)], operation: (s) => s.count(), expected: [[0], [1], [2], [3], [4]] },
  {
    name: 'countByValue',
    input: [range(1, 1), [1, 1, 1], range(1, 2), [1, 1, 2, 2]],
    operation: (s) => s.countByValue(),
    expected: [[[1, 1]], [[1, 3]], [[1, 1], [2, 1]], [[2, 2], [1, 2]]],
    useSet: true,
  },
  {
    name: 'mapValues',
    input: [['a', 'a', 'b'], ['', ''], []],
    operation: (s) => s.map((x: string) => [x, 1] as [string, number]).reduceByKey((a, b) => a + b).mapValues((v) => v + 10),
    expected: [[['a', 12], ['b', 11]], [['', 12]], []],
    useSet: true,
  },
  {
    name: 'flatMapValues',
    input: [['a', 'a', 'b'], ['', ''], []],
    operation: (s) => s.map((x: string) => [x, 1] as [string, number]).reduceByKey((a, b) => a + b).flatMapValues((v) => [v, v + 10]),
    expected: [[['a', 2], ['a', 12], ['b', 1], ['b', 11]], [['', 2], ['', 12]], []],
    useSet: true,
  },
  {
    name: 'combineByKey',
    input: [['a', 'a', 'b'], ['', ''], []],
    operation: (s) =>
      s.map((x: string) => [x, 1] as [string, number]).combineByKey((v: number) => [v], (c: number[], v: number) => c.concat([v]), (a: number[], b: number[]) => a.concat(b), 2),
    expected: [[['a', [1, 1]], ['b', [1]]], [['', [1, 1]]], []],
    useSet: true,
  },
  { name: 'union', input: [range(1, 4), range(101, 104), range(201, 204)], operation: (s) => s.union(s.map((x: number) => x + 4)), expected: [range(1, 8), range(101, 108), range(201, 208)] },
  {
    name: 'StreamingContext.union',
    input: [range(1, 4), range(101, 104), range(201, 204)],
    operation: (s) => s.context.union([s, s.map((x: number) => x + 4), s.map((x: number) => x + 8)]),
    expected: [range(1, 12), range(101, 112), range(201, 212)],
  },
  { name: 'transform', input: [range(1, 4), range(5, 8), range(9, 12)], operation: (s) => s.transform((rdd: RDD<number>) => rdd.map((x) => String(x))), expected: [['1', '2', '3', '4'], ['5', '6', '7', '8'], ['9', '10', '11', '12']] },
  {
    name: 'StreamingContext.transform',
    input: [range(1, 4), range(101, 104), range(201, 204)],
    operation: (s) => s.context.transform([s, s.map((x: number) => x + 4), s.map((x: number) => x + 8)], (rdds) => rdds.reduce((a, b) => a.union(b))),
    expected: [range(1, 12), range(101, 112), range(201, 212)],
  },
  {
    name: 'updateStateByKey',
    input: [['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b'], ['a'], []],
    operation: (s) => s.map((x: string) => [x, 1] as [string, number]).updateStateByKey((values: number[], state: number | undefined) => values.reduce((a, b) => a + b, 0) + (state ?? 0)),
    expected: [[['a', 1]], [['a', 2], ['b', 1]], [['a', 3], ['b', 2], ['c', 1]], [['a', 4], ['b', 3], ['c', 1]], [['a', 5], ['b', 3], ['c', 1]], [['a', 5], ['b', 3], ['c', 1]]],
    useSet: true,
  },
];

interface BinaryCase {
  readonly name: string;
  readonly input1: unknown[][];
  readonly input2: unknown[][];
  readonly operation: (s1: DStream<any>, s2: DStream<any>) => DStream<unknown>;
  readonly expected: unknown[][];
}

const joinInput1 = [['a', 'b'], ['a', ''], [''], []];
const joinInput2 = [['a', 'b'], ['b', ''], [], ['']];
const left = (s: DStream<string>) => s.map((x) => [x, 1] as [string, number]);
const right = (s: DStream<string>) => s.map((x) => [x, 'x'] as [string, string]);

const binaryCases: BinaryCase[] = [
  {
    name: 'transformWith',
    input1: joinInput1,
    input2: joinInput2,
    operation: (s1, s2) => left(s1).transformWith(right(s2), (r1: RDD<[string, number]>, r2: RDD<[string, string]>) => r1.join(r2)),
    expected: [[['a', [1, 'x']], ['b', [1, 'x']]], [['', [1, 'x']]], [], []],
  },
  {
    name: 'cogroup',
    input1: [['a', 'a', 'b'], ['a', ''], [''], []],
    input2: [['a', 'a', 'b'], ['b', ''], [], []],
    operation: (s1, s2) => left(s1).cogroup(right(s2)),
    expected: [
      [['a', [[1, 1], ['x', 'x']]], ['b', [[1], ['x']]]],
      [['', [[1], ['x']]], ['a', [[1], []]], ['b', [[], ['x']]]],
      [['', [[1], []]]],
      [],
    ],
  },
  { name: 'join', input1: joinInput1, input2: joinInput2, operation: (s1, s2) => left(s1).join(right(s2)), expected: [[['a', [1, 'x']], ['b', [1, 'x']]], [['', [1, 'x']]], [], []] },
  {
    name: 'leftOuterJoin',
    input1: joinInput1,
    input2: joinInput2,
    operation: (s1, s2) => left(s1).leftOuterJoin(right(s2)),
    expected: [[['a', [1, 'x']], ['b', [1, 'x']]], [['', [1, 'x']], ['a', [1, undefined]]], [['', [1, undefined]]], []],
  },
  {
    name: 'rightOuterJoin',
    input1: joinInput1,
    input2: joinInput2,
    operation: (s1, s2) => left(s1).rightOuterJoin(right(s2)),
    expected: [[['a', [1, 'x']], ['b', [1, 'x']]], [['', [1, 'x']], ['b', [undefined, 'x']]], [], [['', [undefined, 'x']]]],
  },
  {
    name: 'fullOuterJoin',
    input1: joinInput1,
    input2: joinInput2,
    operation: (s1, s2) => left(s1).fullOuterJoin(right(s2)),
    expected: [[['a', [1, 'x']], ['b', [1, 'x']]], [['', [1, 'x']], ['a', [1, undefined]], ['b', [undefined, 'x']]], [['', [1, undefined]]], [['', [undefined, 'x']]]],
  },
];

describe.each(['local[2]', 'local-workers[2]'])('BasicOperationsSuite on %s', (master) => {
  let sc: SparkContext;
  beforeAll(() => {
    sc = new SparkContext({ master, appName: 'BasicOperationsSuite' });
  });
  afterAll(async () => {
    await sc.stop();
  });

  it.each(unaryCases)('BasicOperationsSuite: $name', async ({ input, operation, expected, useSet }) => {
    const output = await runBatches({ sc, input, operation, numBatches: expected.length });
    expect(useSet ? sorted(output) : output).toEqual(useSet ? sorted(expected) : expected);
  });

  it.each(binaryCases)('BasicOperationsSuite: $name', async ({ input1, input2, operation, expected }) => {
    const output = await runBatches({ sc, input: input1, input2, operation, numBatches: expected.length });
    expect(sorted(output)).toEqual(sorted(expected));
  });

  it('BasicOperationsSuite: repartition (more partitions) gives 5 partitions per batch with the same records', async () => {
    const input = [range(1, 100), range(101, 200), range(201, 300)];
    const output = await runBatchesWithPartitions({ sc, input, operation: (s) => s.repartition(5), numInputPartitions: 2 });
    expect(output.map((b) => b.length)).toEqual([5, 5, 5]);
    expect(output.map((b) => b.flat().sort((x, y) => x - y))).toEqual(input);
  });

  it('BasicOperationsSuite: repartition (fewer partitions) gives 2 partitions per batch with the same records', async () => {
    const input = [range(1, 100), range(101, 200), range(201, 300)];
    const output = await runBatchesWithPartitions({ sc, input, operation: (s) => s.repartition(2), numInputPartitions: 5 });
    expect(output.map((b) => b.length)).toEqual([2, 2, 2]);
    expect(output.map((b) => b.flat().sort((x, y) => x - y))).toEqual(input);
  });
});

describe('BasicOperationsSuite: batches without an RDD', () => {
  it('BasicOperationsSuite: union with input stream return None fails the batch with SparkException', async () => {
    const run = runBatches({ input: [range(1, 4), range(101, 104), range(201, 204), null], operation: (s) => s.union(s.map((x: number) => x + 4)) });
    await expect(run).rejects.toThrow(SparkException);
    await expect(run).rejects.toThrow("Couldn't generate RDD from parent at time 4000 ms for union");
  });

  it('BasicOperationsSuite: transform with NULL fails with Spark\'s message', async () => {
    const run = runBatches({ input: [range(1, 4)], operation: (s) => s.transform(() => null as unknown as RDD<number>) });
    await expect(run).rejects.toThrow('Transform function must not return null or undefined (batch 1000 ms). Return sc.emptyRDD() instead');
  });

  it('BasicOperationsSuite: transform with input stream return None fails with SparkException', async () => {
    const run = runBatches({ input: [range(1, 4), range(5, 8), null], operation: (s) => s.transform((rdd: RDD<number>) => rdd.map((x) => String(x))) });
    await expect(run).rejects.toThrow(SparkException);
  });

  it('BasicOperationsSuite: transformWith with input stream return None fails with SparkException', async () => {
    const run = runBatches({
      input: [['a', 'b'], ['a', ''], [''], null],
      input2: [['a', 'b'], ['b', ''], [], null],
      operation: (s1: DStream<string>, s2: DStream<string>) => s1.transformWith(s2, (r1: RDD<string>, r2: RDD<string>) => r1.union(r2)),
    });
    await expect(run).rejects.toThrow(SparkException);
  });
});
