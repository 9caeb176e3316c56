import { describe, expect, it } from 'vitest';
import { SparkContext } from '../../src/index.js';

describe.each(['local[2]', 'local-workers[2]'])('smoke on %s', (master) => {
  it('word count', async () => {
    const sc = new SparkContext({ master });
    try {
      const words = sc.parallelize(['a', 'b', 'a', 'c', 'b', 'a'], 3);
      const counts = await words.map((w) => [w, 1] as [string, number]).reduceByKey((a, b) => a + b, 2).collect();
      expect(counts.sort()).toEqual([['a', 3], ['b', 2], ['c', 1]]);
      expect(await words.count()).toBe(6);
      expect(await sc.range(0, 10).sortBy((x) => -x).take(3)).toEqual([9, 8, 7]);
      const j = await sc.parallelize([[1, 'x'], [2, 'y']] as [number, string][]).join(sc.parallelize([[1, 'X'], [3, 'Z']] as [number, string][])).collect();
      expect(j).toEqual([[1, ['x', 'X']]]);
    } finally {
      await sc.stop();
    }
  });
});
