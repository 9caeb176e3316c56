/**
 * Cases from Spark's PairRDDFunctionsSuite (core/src/test/scala/org/apache/spark/rdd/), kept as a
 * table: the case id is the Spark test name, so a failure points at the Spark source. Each case
 * runs on local[2] and local-workers[2]. Spark compares most results as sets; so do these, through
 * a sorted copy. Option values (Some/None) are values and undefined here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HashPartitioner, type RDD, type SparkContext } from '../../../src/index.js';
import { MASTERS, sorted, useSparkContext } from '../../support/sparkContexts.js';

type Pairs<V> = [number, V][];

interface ConformanceCase {
  readonly id: string;
  /** The result to compare, from a fresh RDD graph. */
  readonly run: (sc: SparkContext) => Promise<unknown>;
  readonly expected: unknown;
}

const left: Pairs<number> = [[1, 1], [1, 2], [2, 1], [3, 1]];
const right: Pairs<string> = [[1, 'x'], [2, 'y'], [2, 'z'], [4, 'w']];
const repeated: Pairs<number> = [[1, 1], [1, 2], [1, 3], [1, 1], [2, 1]];
const asSet = async <T>(rdd: RDD<T>) => sorted(await rdd.collect());

const CASES: ConformanceCase[] = [
  {
    id: 'aggregateByKey',
    run: (sc) => asSet(sc.parallelize([[1, 1], [1, 1], [3, 2], [5, 1], [5, 3]] as Pairs<number>, 2).aggregateByKey([] as number[], (s, v) => (s.includes(v) ? s : [...s, v]), (a, b) => [...new Set([...a, ...b])].sort()).mapValues((s) => [...s].sort())),
    expected: sorted([[1, [1]], [3, [2]], [5, [1, 3]]]),
  },
  { id: 'groupByKey', run: (sc) => asSet(sc.parallelize([[1, 1], [1, 2], [1, 3], [2, 1]] as Pairs<number>).groupByKey().mapValues((vs) => [...vs].sort())), expected: sorted([[1, [1, 2, 3]], [2, [1]]]) },
  { id: 'groupByKey with duplicates', run: (sc) => asSet(sc.parallelize([[1, 1], [1, 2], [1, 3], [1, 1], [2, 1]] as Pairs<number>).groupByKey().mapValues((vs) => [...vs].sort())), expected: sorted([[1, [1, 1, 2, 3]], [2, [1]]]) },
  { id: 'groupByKey with negative key hash codes', run: (sc) => asSet(sc.parallelize([[-1, 1], [-1, 2], [-1, 3], [2, 1]] as Pairs<number>).groupByKey().mapValues((vs) => [...vs].sort())), expected: sorted([[-1, [1, 2, 3]], [2, [1]]]) },
  { id: 'groupByKey with many output partitions', run: (sc) => asSet(sc.parallelize([[1, 1], [1, 2], [1, 3], [2, 1]] as Pairs<number>).groupByKey(10).mapValues((vs) => [...vs].sort())), expected: sorted([[1, [1, 2, 3]], [2, [1]]]) },
  { id: 'reduceByKey', run: (sc) => asSet(sc.parallelize(repeated).reduceByKey((a, b) => a + b)), expected: sorted([[1, 7], [2, 1]]) },
  { id: 'reduceByKey with collectAsMap', run: (sc) => sc.parallelize(repeated).reduceByKey((a, b) => a + b).collectAsMap(), expected: new Map([[1, 7], [2, 1]]) },
  { id: 'reduceByKey with many output partitons', run: (sc) => asSet(sc.parallelize(repeated).reduceByKey((a, b) => a + b, 10)), expected: sorted([[1, 7], [2, 1]]) },
  { id: 'join', run: (sc) => asSet(sc.parallelize(left).join(sc.parallelize(right))), expected: sorted([[1, [1, 'x']], [1, [2, 'x']], [2, [1, 'y']], [2, [1, 'z']]]) },
  {
    id: 'join all-to-all',
    run: (sc) => asSet(sc.parallelize([[1, 1], [1, 2], [1, 3]] as Pairs<number>).join(sc.parallelize([[1, 'x'], [1, 'y']] as Pairs<string>))),
    expected: sorted([[1, [1, 'x']], [1, [1, 'y']], [1, [2, 'x']], [1, [2, 'y']], [1, [3, 'x']], [1, [3, 'y']]]),
  },
  { id: 'leftOuterJoin', run: (sc) => asSet(sc.parallelize(left).leftOuterJoin(sc.parallelize(right))), expected: sorted([[1, [1, 'x']], [1, [2, 'x']], [2, [1, 'y']], [2, [1, 'z']], [3, [1, undefined]]]) },
  { id: 'rightOuterJoin', run: (sc) => asSet(sc.parallelize(left).rightOuterJoin(sc.parallelize(right))), expected: sorted([[1, [1, 'x']], [1, [2, 'x']], [2, [1, 'y']], [2, [1, 'z']], [4, [undefined, 'w']]]) },
  {
    id: 'fullOuterJoin',
    run: (sc) => asSet(sc.parallelize(left).fullOuterJoin(sc.parallelize(right))),
    expected: sorted([[1, [1, 'x']], [1, [2, 'x']], [2, [1, 'y']], [2, [1, 'z']], [3, [1, undefined]], [4, [undefined, 'w']]]),
  },
  { id: 'join with no matches', run: (sc) => sc.parallelize(left).join(sc.parallelize([[4, 'x'], [5, 'y'], [5, 'z'], [6, 'w']] as Pairs<string>)).collect(), expected: [] },
  { id: 'join with many output partitions', run: async (sc) => { const j = sc.parallelize(left).join(sc.parallelize(right), 10); return [j.getNumPartitions(), await asSet(j)]; }, expected: [10, sorted([[1, [1, 'x']], [1, [2, 'x']], [2, [1, 'y']], [2, [1, 'z']]])] },
  {
    id: 'groupWith',
    run: (sc) => asSet(sc.parallelize(left).cogroup(sc.parallelize(right))),
    expected: sorted([[1, [[1, 2], ['x']]], [2, [[1], ['y', 'z']]], [3, [[1], []]], [4, [[], ['w']]]]),
  },
  { id: 'keys and values', run: async (sc) => { const rdd = sc.parallelize([[1, 'a'], [2, 'b']] as Pairs<string>); return [await rdd.keys().collect(), await rdd.values().collect()]; }, expected: [[1, 2], ['a', 'b']] },
  { id: 'default partitioner uses partition size', run: async (sc) => sc.parallelize([1, 2, 3, 4], 2000).map((a) => [a, String(a * 2)] as [number, string]).groupByKey().getNumPartitions(), expected: 2000 },
  { id: 'default partitioner uses largest partitioner', run: async (sc) => sc.parallelize([[1, 'a'], [2, 'b']] as Pairs<string>, 2).join(sc.parallelize([[1, 'a'], [2, 'b']] as Pairs<string>, 2000)).getNumPartitions(), expected: 2000 },
  { id: 'foldByKey', run: (sc) => asSet(sc.parallelize(repeated).foldByKey(0, (a, b) => a + b)), expected: sorted([[1, 7], [2, 1]]) },
  {
    id: 'foldByKey with mutable result type',
    run: async (sc) => {
      const bufs = sc.parallelize(repeated).mapValues((v) => [v]).cache();
      const sums = await asSet(bufs.foldByKey([] as number[], (acc, vs) => (acc.push(...vs), acc)));
      return [sums, await asSet(bufs)];
    },
    expected: [sorted([[1, [1, 2, 3, 1]], [2, [1]]]), sorted([[1, [1]], [1, [2]], [1, [3]], [1, [1]], [2, [1]]])],
  },
  {
    id: 'lookup with partitioner',
    run: async (sc) => {
      const shuffled = sc.parallelize([[1, 2], [3, 4], [5, 6], [5, 7]] as Pairs<number>).partitionBy(new HashPartitioner(2));
      return [await shuffled.lookup(1), await shuffled.lookup(5), await shuffled.lookup(-1)];
    },
    expected: [[2], [6, 7], []],
  },
  {
    id: 'lookup',
    run: async (sc) => {
      const pairs = sc.parallelize([[1, 2], [3, 4], [5, 6], [5, 7]] as Pairs<number>);
      return [pairs.partitioner, await pairs.lookup(1), await pairs.lookup(5), await pairs.lookup(-1)];
    },
    expected: [undefined, [2], [6, 7], []],
  },
];

describe.each(MASTERS)("Spark's PairRDDFunctionsSuite on %s", (master) => {
  const sc = useSparkContext(master);
  it.each(CASES.map((c) => [c.id, c] as const))('%s', async (_id, testCase) => {
    expect(await testCase.run(sc())).toEqual(testCase.expected);
  });

  it('zero-partition RDD: an empty directory reads as no partitions and shuffles to nothing', async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'twinstream-empty-'));
    try {
      const file = sc().textFile(emptyDir);
      expect(file.getNumPartitions()).toBe(0);
      expect(await file.collect()).toEqual([]);
      expect(await file.map((line) => [line, 1] as [string, number]).reduceByKey((a, b) => a + b).collect()).toEqual([]);
    } finally {
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });
});
